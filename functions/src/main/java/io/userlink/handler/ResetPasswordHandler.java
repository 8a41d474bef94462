package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.account.AccountEmails;
import io.userlink.auth.Authenticator;
import io.userlink.auth.SdkCaller;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.JsonObject;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.mail.MailTokens;
import io.userlink.password.PasswordPolicy;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/accounts/password-reset/confirm}: the token of a password-reset mail and a new password set the
 * account's password and end every session of its user; nobody is signed in. 204.
 */
public final class ResetPasswordHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final AccountEmails emails;

    public ResetPasswordHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING, Priming.PASSWORDS));
        InvokePriming.rehearse(this, ResetPasswordHandler::new, ResetPasswordHandler::primingRequest);
    }

    public ResetPasswordHandler(Components components) {
        this(components.authenticator(), components.accountEmails());
    }

    public ResetPasswordHandler(Authenticator authenticator, AccountEmails emails) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.emails = Objects.requireNonNull(emails);
    }

    /** What this route is invoke-primed with: the token of a reset link mailed to a new account (each time). */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/accounts/password-reset/confirm")
                .bearer(rehearsal.install().tokens().accessToken().value())
                .json(Map.of("token", rehearsal.newPasswordResetToken(), "new_password", "a brand new passphrase"));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        JsonObject body = request.jsonBody();
        emails.resetPassword(caller.app(), body.requiredString("token", MailTokens.MAX_LENGTH),
                body.requiredString("new_password", PasswordPolicy.MAX_LENGTH * 2));
        return Responses.noContent();
    }
}
