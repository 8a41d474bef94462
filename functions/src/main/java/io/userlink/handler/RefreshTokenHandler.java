package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.error.ErrorCode;
import io.userlink.error.GrantException;
import io.userlink.error.UserlinkException;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.refresh.RefreshService;
import io.userlink.refresh.RefreshService.Refreshed;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code POST /v1/token}: the SDK refreshes its tokens (RFC 6749 §6), authenticated by the refresh token alone.
 * The request is a form ({@code application/x-www-form-urlencoded}, as RFC 6749 says) or JSON. Once its install
 * is linked, the answer holds user tokens. Errors carry the RFC 6749 §5.2 {@code error} beside our {@code code}.
 */
public final class RefreshTokenHandler extends ApiHandler {

    private final RefreshService refresh;

    public RefreshTokenHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.KEY_RING));
        InvokePriming.rehearse(this, RefreshTokenHandler::new, RefreshTokenHandler::primingRequest);
    }

    public RefreshTokenHandler(Components components) {
        this(components.refreshService());
    }

    public RefreshTokenHandler(RefreshService refresh) {
        this.refresh = Objects.requireNonNull(refresh);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/token")
                .form("grant_type=refresh_token&refresh_token=" + rehearsal.newInstall().tokens().refreshToken());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        Map<String, String> parameters = parameters(request);
        String grantType = parameters.get("grant_type");
        if (grantType == null) {
            throw invalidRequest("`grant_type` is required.");
        }
        if (!grantType.equals("refresh_token")) {
            throw new GrantException(ErrorCode.UNSUPPORTED_GRANT_TYPE, "unsupported_grant_type",
                    "Only the refresh_token grant is supported.");
        }
        String presented = parameters.get("refresh_token");
        if (presented == null || presented.isEmpty()) {
            throw invalidRequest("`refresh_token` is required.");
        }
        Refreshed refreshed = refresh.refresh(presented);
        Map<String, Object> body = new LinkedHashMap<>();
        Rendering.tokenPair(body, refreshed.tokens());
        body.put("scope", refreshed.scope().value());
        APIGatewayV2HTTPResponse response = Responses.json(200, body);
        response.getHeaders().put("Pragma", "no-cache");
        return response;
    }

    /** Every error of the token endpoint names an RFC 6749 §5.2 error; grants carry their own. */
    @Override
    protected Map<String, ?> problemExtensions(UserlinkException exception) {
        if (exception instanceof GrantException) {
            return Map.of();
        }
        String error = switch (exception.status()) {
            case 401 -> "invalid_client";
            case 500 -> "server_error";
            case 503 -> "temporarily_unavailable";
            default -> "invalid_request";
        };
        return Map.of("error", error, "error_description", exception.detail());
    }

    /**
     * RFC 6749 §5.2: a token endpoint's errors are {@code application/json}, which OAuth client libraries check
     * before they read {@code error}. The members stay those of a problem document.
     */
    @Override
    protected String problemMediaType() {
        return Responses.JSON;
    }

    /** The request's parameters, from a form or a JSON object; a parameter may appear once (RFC 6749 §3.2). */
    private static Map<String, String> parameters(Request request) {
        return request.parameters(Map.of("grant_type", 64, "refresh_token", 512), RefreshTokenHandler::invalidRequest);
    }

    private static GrantException invalidRequest(String detail) {
        return new GrantException(ErrorCode.INVALID_TOKEN_REQUEST, "invalid_request", detail);
    }
}
