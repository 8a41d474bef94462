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
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.identity.TokenIntrospection;
import io.userlink.token.AccessToken;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code POST /v1/token/introspect}: a customer backend asks whether an access token is active (RFC 7662), with
 * an API key of scope {@code user.read}. Active means more than a valid signature: the token's session goes on,
 * so a backend that asks honours a sign-out before the token expires.
 */
public final class IntrospectTokenHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final TokenIntrospection introspection;

    public IntrospectTokenHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.PUBLIC_KEYS));
        InvokePriming.rehearse(this, IntrospectTokenHandler::new, IntrospectTokenHandler::primingRequest);
    }

    public IntrospectTokenHandler(Components components) {
        this(components.authenticator(), components.tokenIntrospection());
    }

    public IntrospectTokenHandler(Authenticator authenticator, TokenIntrospection introspection) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.introspection = Objects.requireNonNull(introspection);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/token/introspect").authorization(rehearsal.apiKeyAuthorization())
                .form("token=" + rehearsal.account().tokens().accessToken().value());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        ApiKeyCaller caller = authenticator.apiKey(request.authorization(), Scope.USER_READ);
        String token = Optional.ofNullable(request.parameters(Map.of("token", 8192, "token_type_hint", 64),
                        detail -> new UserlinkException(ErrorCode.MALFORMED_BODY, detail)).get("token"))
                .filter(value -> !value.isEmpty())
                .orElseThrow(() -> new UserlinkException(ErrorCode.INVALID_FIELD, "`token` is required."));
        Map<String, Object> body = new LinkedHashMap<>();
        Optional<AccessToken> active = introspection.introspect(caller.app(), token);
        body.put("active", active.isPresent());
        active.ifPresent(claims -> {
            body.put("token_type", "Bearer");
            body.put("scope", claims.scope().value());
            body.put("client_id", claims.appId());
            body.put("sub", claims.subject());
            body.put("aud", claims.appId());
            body.put("exp", claims.expiresAt().getEpochSecond());
            body.put("jti", claims.tokenId());
            body.put("install_id", claims.installId());
            body.put("sid", claims.sessionId());
        });
        return Responses.json(200, body);
    }
}
