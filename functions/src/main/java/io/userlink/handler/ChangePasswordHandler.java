package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.account.AccountService;
import io.userlink.auth.Authenticator;
import io.userlink.auth.SdkCaller;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.JsonObject;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.password.PasswordPolicy;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/accounts/me/password}: the signed-in user changes its password, giving the current one; its
 * sessions on other installs end, this one goes on. 204.
 */
public final class ChangePasswordHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final AccountService accounts;

    public ChangePasswordHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.PUBLIC_KEYS, Priming.PASSWORDS));
        InvokePriming.rehearse(this, ChangePasswordHandler::new, ChangePasswordHandler::primingRequest);
    }

    public ChangePasswordHandler(Components components) {
        this(components.authenticator(), components.accountService());
    }

    public ChangePasswordHandler(Authenticator authenticator, AccountService accounts) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.accounts = Objects.requireNonNull(accounts);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/accounts/me/password")
                .bearer(rehearsal.newAccount().tokens().accessToken().value())
                .json(Map.of("current_password", Rehearsal.PASSWORD, "new_password", "a brand new passphrase"));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        JsonObject body = request.jsonBody();
        accounts.changePassword(caller.app(), caller.token(),
                body.requiredString("current_password", PasswordPolicy.MAX_LENGTH * 2),
                body.requiredString("new_password", PasswordPolicy.MAX_LENGTH * 2));
        return Responses.noContent();
    }
}
