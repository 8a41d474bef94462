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
import io.userlink.install.AnonymousInstall;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/accounts/sign-out}: the signed-in user leaves this install, or with
 * {@code {"everywhere": true}} every install; the install gets a fresh anonymous token pair, as a reset does.
 */
public final class SignOutHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final AccountService accounts;

    public SignOutHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING));
        InvokePriming.rehearse(this, SignOutHandler::new, SignOutHandler::primingRequest);
    }

    public SignOutHandler(Components components) {
        this(components.authenticator(), components.accountService());
    }

    public SignOutHandler(Authenticator authenticator, AccountService accounts) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.accounts = Objects.requireNonNull(accounts);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/accounts/sign-out").bearer(rehearsal.newAccount().tokens().accessToken().value())
                .json(Map.of("everywhere", true));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        boolean everywhere = request.hasBody() && request.jsonBody().optionalBoolean("everywhere").orElse(false);
        AnonymousInstall signedOut = accounts.signOut(caller.app(), caller.token(), everywhere);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("install_id", signedOut.install().installId());
        Rendering.tokenPair(body, signedOut.tokens());
        return Responses.json(200, body);
    }
}
