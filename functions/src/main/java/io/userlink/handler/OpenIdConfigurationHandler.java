package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.config.Settings;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /.well-known/openid-configuration}: discovery metadata (OpenID Connect Discovery 1.0,
 * RFC 8414), so JOSE libraries and API Gateway JWT authorizers find our JWKS from the issuer alone.
 * Public: it needs no credentials, and reads no AWS service.
 */
public final class OpenIdConfigurationHandler extends ApiHandler {

    static final String CACHE_CONTROL = "public, max-age=3600";

    private final Map<String, Object> document;

    static final String PATH = "/.well-known/openid-configuration";

    public OpenIdConfigurationHandler() {
        this(Settings.fromEnvironment().tokenIssuer());
        InvokePriming.register(this, PrimingRequest.of("GET", PATH));
    }

    public OpenIdConfigurationHandler(URI issuer) {
        String base = Objects.requireNonNull(issuer).toString().replaceAll("/+$", "");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer.toString());
        metadata.put("jwks_uri", base + "/.well-known/jwks.json");
        metadata.put("token_endpoint", base + "/v1/token");
        metadata.put("grant_types_supported", List.of("refresh_token"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("none"));
        metadata.put("response_types_supported", List.of("token"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
        metadata.put("scopes_supported", List.of("install", "user"));
        this.document = Map.copyOf(metadata);
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        return Responses.json(200, document, CACHE_CONTROL);
    }
}
