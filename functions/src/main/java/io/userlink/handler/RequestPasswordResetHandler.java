package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.account.AccountEmails;
import io.userlink.auth.Authenticator;
import io.userlink.auth.SdkCaller;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.user.EmailAddress;
import java.util.Objects;

/**
 * {@code POST /v1/accounts/password-reset}: mails a password-reset link to the account of an address. 202, the
 * same for every address.
 */
public final class RequestPasswordResetHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final AccountEmails emails;

    public RequestPasswordResetHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING));
    }

    public RequestPasswordResetHandler(Components components) {
        this(components.authenticator(), components.accountEmails());
    }

    public RequestPasswordResetHandler(Authenticator authenticator, AccountEmails emails) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.emails = Objects.requireNonNull(emails);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        emails.requestPasswordReset(caller.app(), request.jsonBody().requiredString("email", EmailAddress.MAX_LENGTH));
        return Responses.json(202, Rendering.mailed());
    }
}
