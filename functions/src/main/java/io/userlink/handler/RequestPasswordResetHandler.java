package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.account.AccountEmails;
import io.userlink.auth.Authenticator;
import io.userlink.auth.SdkCaller;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.user.EmailAddress;
import java.util.Map;
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
        InvokePriming.rehearse(this, RequestPasswordResetHandler::new, RequestPasswordResetHandler::primingRequest);
    }

    public RequestPasswordResetHandler(Components components) {
        this(components.authenticator(), components.accountEmails());
    }

    public RequestPasswordResetHandler(Authenticator authenticator, AccountEmails emails) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.emails = Objects.requireNonNull(emails);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/accounts/password-reset")
                .bearer(rehearsal.install().tokens().accessToken().value()).json(Map.of("email", Rehearsal.EMAIL));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        emails.requestPasswordReset(caller.app(), request.jsonBody().requiredString("email", EmailAddress.MAX_LENGTH));
        return Responses.json(202, Rendering.mailed());
    }
}
