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
import io.userlink.mail.MailTokens;
import io.userlink.user.Account;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/accounts/confirm}: the token of a confirmation or activation mail confirms the address of its
 * account, which activates it; any install token of the app may bring it (the link may be opened on another
 * device). 200 with the account.
 */
public final class ConfirmAccountHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final AccountEmails emails;

    public ConfirmAccountHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING));
        InvokePriming.rehearse(this, ConfirmAccountHandler::new, ConfirmAccountHandler::primingRequest);
    }

    public ConfirmAccountHandler(Components components) {
        this(components.authenticator(), components.accountEmails());
    }

    public ConfirmAccountHandler(Authenticator authenticator, AccountEmails emails) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.emails = Objects.requireNonNull(emails);
    }

    /** What this route is invoke-primed with: the token of a confirmation link mailed to a new account (each time). */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/accounts/confirm").bearer(rehearsal.install().tokens().accessToken().value())
                .json(Map.of("token", rehearsal.newConfirmationToken()));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        Account confirmed = emails.confirm(caller.app(), request.jsonBody().requiredString("token", MailTokens.MAX_LENGTH));
        return Responses.json(200, Rendering.account(confirmed));
    }
}
