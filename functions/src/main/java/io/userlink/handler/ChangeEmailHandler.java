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
import io.userlink.user.EmailAddress;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/accounts/me/email}: the signed-in user asks to move its account to another address, giving its
 * password. 202 alike whether or not another account holds that address; the link mailed there moves the account
 * ({@code POST /v1/accounts/confirm}).
 */
public final class ChangeEmailHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final AccountService accounts;

    public ChangeEmailHandler() {
        // The key ring, not the public keys alone: the link's token is derived under its key.
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING, Priming.PASSWORDS));
        InvokePriming.rehearse(this, ChangeEmailHandler::new, ChangeEmailHandler::primingRequest);
    }

    public ChangeEmailHandler(Components components) {
        this(components.authenticator(), components.accountService());
    }

    public ChangeEmailHandler(Authenticator authenticator, AccountService accounts) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.accounts = Objects.requireNonNull(accounts);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/accounts/me/email")
                .bearer(rehearsal.newAccount().tokens().accessToken().value())
                .json(Map.of("email", rehearsal.newEmail(), "password", Rehearsal.PASSWORD));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        JsonObject body = request.jsonBody();
        accounts.requestAddressChange(caller.app(), caller.token(), body.requiredString("email", EmailAddress.MAX_LENGTH),
                body.requiredString("password", PasswordPolicy.MAX_LENGTH * 2));
        return Responses.json(202, Rendering.mailed());
    }
}
