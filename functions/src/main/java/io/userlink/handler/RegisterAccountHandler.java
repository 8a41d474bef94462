package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.account.AccountFields;
import io.userlink.account.AccountService;
import io.userlink.account.AccountService.LoggedIn;
import io.userlink.account.AccountService.Mailed;
import io.userlink.account.AccountService.Registered;
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
 * {@code POST /v1/accounts}: an anonymous install registers an account (email and password). Under the
 * {@code automatic} mode it joins the new user, active, and gets user tokens: 201. Under a mode that mails first,
 * the address is mailed a link and the answer is 202, the same for an address that already has an account.
 */
public final class RegisterAccountHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final AccountService accounts;

    public RegisterAccountHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING, Priming.PASSWORDS));
        InvokePriming.rehearse(this, RegisterAccountHandler::new, RegisterAccountHandler::primingRequest);
    }

    public RegisterAccountHandler(Components components) {
        this(components.authenticator(), components.accountService());
    }

    public RegisterAccountHandler(Authenticator authenticator, AccountService accounts) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.accounts = Objects.requireNonNull(accounts);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/accounts").bearer(rehearsal.newInstall().tokens().accessToken().value())
                .json(Map.of("email", rehearsal.newEmail(), "password", Rehearsal.PASSWORD,
                        "attributes", Map.of("name", "Bea"), "agreements", Map.of("terms", true)));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        JsonObject body = request.jsonBody();
        Registered registered = accounts.register(caller.app(), caller.token(),
                body.requiredString("email", EmailAddress.MAX_LENGTH),
                body.requiredString("password", PasswordPolicy.MAX_LENGTH * 2),
                AccountFields.attributes(body.optionalObject("attributes").orElse(Map.of())),
                AccountFields.agreements(body.optionalObject("agreements").orElse(Map.of())));
        return switch (registered) {
            case LoggedIn login -> Responses.json(201, Rendering.login(caller.app(), login));
            case Mailed ignored -> Responses.json(202, Rendering.mailed());
        };
    }
}
