package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.account.AccountService;
import io.userlink.auth.Authenticator;
import io.userlink.auth.SdkCaller;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.password.PasswordPolicy;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/accounts/me/deletion}: the signed-in user deletes its account and its user, giving its password, as
 * app stores ask of apps in which people can make an account. 204; every install of the user ends, this one too.
 */
public final class DeleteAccountHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final AccountService accounts;

    public DeleteAccountHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.PUBLIC_KEYS, Priming.PASSWORDS));
        InvokePriming.rehearse(this, DeleteAccountHandler::new, DeleteAccountHandler::primingRequest);
    }

    public DeleteAccountHandler(Components components) {
        this(components.authenticator(), components.accountService());
    }

    public DeleteAccountHandler(Authenticator authenticator, AccountService accounts) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.accounts = Objects.requireNonNull(accounts);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/accounts/me/deletion")
                .bearer(rehearsal.newAccount().tokens().accessToken().value())
                .json(Map.of("password", Rehearsal.PASSWORD));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        accounts.deleteAccount(caller.app(), caller.token(),
                request.jsonBody().requiredString("password", PasswordPolicy.MAX_LENGTH * 2));
        return Responses.noContent();
    }
}
