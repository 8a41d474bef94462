package io.userlink.error;

/**
 * Every error a caller can receive: its HTTP status, stable machine-readable code and short title.
 * Codes are part of the API: clients branch on them, so they never change meaning.
 */
public enum ErrorCode {
    INVALID_CREDENTIALS(401, "Invalid credentials"),
    INSUFFICIENT_SCOPE(403, "Insufficient scope"),
    MALFORMED_BODY(400, "Malformed request body"),
    INVALID_FIELD(400, "Invalid field"),
    INVALID_ID(400, "Invalid identifier"),
    INVALID_HEADER(400, "Invalid header"),
    NOT_FOUND(404, "Not found"),
    ROUTE_NOT_FOUND(404, "No such route"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    BODY_TOO_LARGE(413, "Request body too large"),
    INSTALL_NOT_FOUND(404, "Install not found"),
    INSTALL_DOES_NOT_BELONG_TO_APP(403, "Install belongs to another app"),
    INSTALL_LINKED_TO_OTHER_USER(403, "Install linked to another user"),
    INSTALL_DEACTIVATED(403, "Install deactivated"),
    INSTALL_DELETED(403, "Install deleted"),
    USER_NOT_FOUND(404, "User not found"),
    ACCOUNT_NOT_FOUND(404, "Account not found"),
    EMAIL_ALREADY_REGISTERED(409, "Email already registered"),
    PASSWORD_POLICY(400, "Password refused by policy"),
    INVALID_LOGIN(401, "Invalid email or password"),
    TOO_MANY_FAILED_LOGINS(429, "Too many failed logins"),
    ACCOUNT_NOT_ACTIVATED(403, "Account not activated"),
    INVALID_MAIL_TOKEN(400, "Invalid or expired link"),
    PASSWORD_RESET_NOT_CONFIGURED(403, "Password reset not configured"),
    EMAIL_CHANGE_NOT_CONFIGURED(403, "Email change not configured"),
    PRECONDITION_FAILED(412, "Precondition failed"),
    INVALID_AUTHENTICATION_CODE(400, "Invalid authentication code"),
    INVALID_GRANT(400, "Invalid grant"),
    INVALID_TOKEN_REQUEST(400, "Invalid token request"),
    UNSUPPORTED_GRANT_TYPE(400, "Unsupported grant type"),
    TEMPORARILY_UNAVAILABLE(503, "Temporarily unavailable"),
    INTERNAL_ERROR(500, "Internal error");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
