package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.app.App;
import io.userlink.auth.Authenticator;
import io.userlink.auth.SdkCaller;
import io.userlink.authcode.AuthCodeService;
import io.userlink.authcode.AuthCodeService.Redemption;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Identifiers;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/users}: the SDK redeems an authentication code with its install token. 201 when the user
 * was created, 200 when restored; user tokens only when the install became active.
 */
public final class CreateUserHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final AuthCodeService codes;

    public CreateUserHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING));
        InvokePriming.rehearse(this, CreateUserHandler::new, CreateUserHandler::primingRequest);
    }

    public CreateUserHandler(Components components) {
        this(components.authenticator(), components.authCodeService());
    }

    public CreateUserHandler(Authenticator authenticator, AuthCodeService codes) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.codes = Objects.requireNonNull(codes);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/users").bearer(rehearsal.newInstall().tokens().accessToken().value())
                .json(Map.of("authentication_code", rehearsal.components().authCodeService()
                        .issue(rehearsal.app(), rehearsal.newExternalId()).code()));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        App app = caller.app();
        String code = request.jsonBody().requiredString("authentication_code", Identifiers.MAX_LENGTH);
        Redemption redemption = codes.redeem(app, caller.token(), code);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", redemption.user().userId());
        body.put("external_id", redemption.user().externalId().orElseThrow());
        body.put("restored", !redemption.created());
        Rendering.activity(body, redemption.install());
        redemption.tokens().ifPresent(tokens -> Rendering.tokenPair(body, tokens));
        body.put("sdk_config", Json.parseTrustedObject(app.settings().sdkConfig()));
        return Responses.json(redemption.created() ? 201 : 200, body);
    }
}
