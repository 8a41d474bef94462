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
 * {@code POST /v1/accounts/sign-in}: an install signs in to an account; the device policy decides whether it
 * becomes active (then with user tokens). An unknown address and a wrong password get the same 401.
 */
public final class SignInHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final AccountService accounts;

    public SignInHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING, Priming.PASSWORDS));
        InvokePriming.rehearse(this, SignInHandler::new, SignInHandler::primingRequest);
    }

    public SignInHandler(Components components) {
        this(components.authenticator(), components.accountService());
    }

    public SignInHandler(Authenticator authenticator, AccountService accounts) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.accounts = Objects.requireNonNull(accounts);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/accounts/sign-in").bearer(rehearsal.newInstall().tokens().accessToken().value())
                .json(Map.of("email", Rehearsal.EMAIL, "password", Rehearsal.PASSWORD));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        JsonObject body = request.jsonBody();
        return Responses.json(200, Rendering.login(caller.app(), accounts.signIn(caller.app(), caller.token(),
                body.requiredString("email", EmailAddress.MAX_LENGTH),
                body.requiredString("password", PasswordPolicy.MAX_LENGTH * 2))));
    }
}
