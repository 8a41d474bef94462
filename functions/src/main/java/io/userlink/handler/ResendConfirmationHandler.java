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
 * {@code POST /v1/accounts/confirmation}: mails a new confirmation or activation link to an address whose account
 * is not yet confirmed. 202, the same for every address.
 */
public final class ResendConfirmationHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final AccountEmails emails;

    public ResendConfirmationHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING));
        InvokePriming.rehearse(this, ResendConfirmationHandler::new, ResendConfirmationHandler::primingRequest);
    }

    public ResendConfirmationHandler(Components components) {
        this(components.authenticator(), components.accountEmails());
    }

    public ResendConfirmationHandler(Authenticator authenticator, AccountEmails emails) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.emails = Objects.requireNonNull(emails);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/accounts/confirmation")
                .bearer(rehearsal.install().tokens().accessToken().value()).json(Map.of("email", Rehearsal.EMAIL));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        emails.resendConfirmation(caller.app(), request.jsonBody().requiredString("email", EmailAddress.MAX_LENGTH));
        return Responses.json(202, Rendering.mailed());
    }
}
