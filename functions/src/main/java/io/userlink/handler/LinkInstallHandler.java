package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.app.Scope;
import io.userlink.auth.ApiKeyCaller;
import io.userlink.auth.Authenticator;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Identifiers;
import io.userlink.http.JsonObject;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.identity.LinkService;
import io.userlink.install.Install;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v2/users/{install_id}/link}: legacy linking by a customer backend (API key, {@code user.link}).
 * Its errors also carry {@code errorCode} and {@code message}, as legacy integrations read them.
 */
public final class LinkInstallHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final LinkService links;

    public LinkInstallHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.APP_CREDENTIALS));
        InvokePriming.rehearse(this, LinkInstallHandler::new, LinkInstallHandler::primingRequest);
    }

    public LinkInstallHandler(Components components) {
        this(components.authenticator(), components.linkService());
    }

    public LinkInstallHandler(Authenticator authenticator, LinkService links) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.links = Objects.requireNonNull(links);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v2/users/{install_id}/link")
                .pathParameter("install_id", rehearsal.install().install().installId())
                .authorization(rehearsal.apiKeyAuthorization()).json(Map.of("id", "rehearsal-user"));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        ApiKeyCaller caller = authenticator.apiKey(request.authorization(), Scope.USER_LINK);
        String installId = Identifiers.pathId(request, "install_id");
        Install linked = links.link(caller.app(), installId, externalId(request.jsonBody()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", linked.userId().orElseThrow());
        Rendering.activity(body, linked);
        return Responses.json(200, body);
    }

    @Override
    protected Map<String, ?> problemExtensions(UserlinkException exception) {
        return Map.of("errorCode", exception.code().name(), "message", exception.detail());
    }

    /** The external id: {@code id} (the legacy name) or {@code external_id}; both must agree when both are sent. */
    private static String externalId(JsonObject body) {
        Optional<String> id = body.optionalString("id", Identifiers.MAX_LENGTH);
        Optional<String> externalId = body.optionalString("external_id", Identifiers.MAX_LENGTH);
        if (id.isPresent() && externalId.isPresent() && !id.equals(externalId)) {
            throw new UserlinkException(ErrorCode.INVALID_FIELD, "`id` and `external_id` differ; send one of them.");
        }
        return id.or(() -> externalId).orElseThrow(() -> new UserlinkException(ErrorCode.INVALID_FIELD,
                "`id` (the external user id) is required."));
    }
}
