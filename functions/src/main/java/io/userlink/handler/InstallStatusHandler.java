package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.auth.Authenticator;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Identifiers;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.identity.InstallAccess;
import io.userlink.identity.InstallStatus;
import io.userlink.token.AccessToken;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /v1/installs/{install_id}}: the SDK reads its own install's link status with any of its access
 * tokens: did linking succeed, is it the active install, and if not, why.
 */
public final class InstallStatusHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final InstallAccess access;

    public InstallStatusHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.PUBLIC_KEYS));
        InvokePriming.rehearse(this, InstallStatusHandler::new, InstallStatusHandler::primingRequest);
    }

    public InstallStatusHandler(Components components) {
        this(components.authenticator(), components.installAccess());
    }

    public InstallStatusHandler(Authenticator authenticator, InstallAccess access) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.access = Objects.requireNonNull(access);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("GET", "/v1/installs/{install_id}")
                .pathParameter("install_id", rehearsal.install().install().installId())
                .bearer(rehearsal.install().tokens().accessToken().value());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        AccessToken token = authenticator.accessToken(request.authorization());
        InstallStatus status = access.status(token, Identifiers.pathId(request, "install_id"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("install_id", status.install().installId());
        body.put("linked", status.linkedUserId().isPresent());
        body.put("user_id", status.linkedUserId().orElse(null));
        Rendering.activity(body, status.install());
        return Responses.json(200, body);
    }
}
