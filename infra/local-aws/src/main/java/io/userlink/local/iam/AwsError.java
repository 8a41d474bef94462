package io.userlink.local.iam;

/**
 * An error as an AWS service answers it: the HTTP status, the error type the SDKs read from {@code __type},
 * and the message.
 */
public final class AwsError extends Exception {

    private final int status;
    private final String type;

    public AwsError(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    static AwsError missingToken() {
        return new AwsError(400, "MissingAuthenticationTokenException", "Request is missing Authentication Token");
    }

    static AwsError unrecognizedClient() {
        return new AwsError(400, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    static AwsError invalidSignature(String message) {
        return new AwsError(400, "InvalidSignatureException", message);
    }
}
