package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.app.App;
import io.userlink.auth.Authenticator;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.JsonObject;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.install.InstallService;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@code POST /v1/installs}: the SDK registers an install with the app id and app secret (HTTP Basic). */
public final class RegisterInstallHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final InstallService installs;

    public RegisterInstallHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING));
        InvokePriming.rehearse(this, RegisterInstallHandler::new, RegisterInstallHandler::primingRequest);
    }

    public RegisterInstallHandler(Components components) {
        this(components.authenticator(), components.installService());
    }

    public RegisterInstallHandler(Authenticator authenticator, InstallService installs) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.installs = Objects.requireNonNull(installs);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/installs").authorization(rehearsal.appSecretAuthorization())
                .json(Map.of("platform", "android", "device_class", "phone", "sdk_version", "1.0.0"));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        App app = authenticator.appSecret(request.authorization());
        JsonObject body = request.jsonBody();
        Registration registration = new Registration(
                body.requiredEnum("platform", Platform.class),
                body.requiredEnum("device_class", DeviceClass.class),
                body.requiredString("sdk_version", 64),
                body.optionalString("device_model", 128));
        AnonymousInstall registered = installs.register(app, registration);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("install_id", registered.install().installId());
        Rendering.tokenPair(response, registered.tokens());
        return Responses.json(201, response);
    }
}
