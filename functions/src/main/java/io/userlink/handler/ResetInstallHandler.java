package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.auth.Authenticator;
import io.userlink.auth.SdkCaller;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Identifiers;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.identity.ResetService;
import io.userlink.install.AnonymousInstall;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/installs/{install_id}/reset}: the SDK detaches the user from its install (a shared device)
 * with any of its access tokens, and gets a fresh install token pair so the next person can log in.
 */
public final class ResetInstallHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final ResetService resets;

    public ResetInstallHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING));
        InvokePriming.rehearse(this, ResetInstallHandler::new, ResetInstallHandler::primingRequest);
    }

    public ResetInstallHandler(Components components) {
        this(components.authenticator(), components.resetService());
    }

    public ResetInstallHandler(Authenticator authenticator, ResetService resets) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.resets = Objects.requireNonNull(resets);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        AnonymousInstall install = rehearsal.newInstall();
        return PrimingRequest.of("POST", "/v1/installs/{install_id}/reset")
                .pathParameter("install_id", install.install().installId())
                .bearer(install.tokens().accessToken().value());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        AnonymousInstall reset = resets.reset(caller.app(), caller.token(), Identifiers.pathId(request, "install_id"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("install_id", reset.install().installId());
        Rendering.tokenPair(body, reset.tokens());
        return Responses.json(200, body);
    }
}
