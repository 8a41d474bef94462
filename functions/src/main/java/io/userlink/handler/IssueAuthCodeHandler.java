package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.app.Scope;
import io.userlink.auth.ApiKeyCaller;
import io.userlink.auth.Authenticator;
import io.userlink.authcode.AuthCodeService;
import io.userlink.authcode.AuthCodeService.IssuedCode;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Identifiers;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** {@code POST /v1/auth-codes}: a customer backend gets a single-use code for one of its users (API key, {@code user.link}). */
public final class IssueAuthCodeHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final AuthCodeService codes;

    public IssueAuthCodeHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.APP_CREDENTIALS));
        InvokePriming.rehearse(this, IssueAuthCodeHandler::new, IssueAuthCodeHandler::primingRequest);
    }

    public IssueAuthCodeHandler(Components components) {
        this(components.authenticator(), components.authCodeService());
    }

    public IssueAuthCodeHandler(Authenticator authenticator, AuthCodeService codes) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.codes = Objects.requireNonNull(codes);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("POST", "/v1/auth-codes").authorization(rehearsal.apiKeyAuthorization())
                .json(Map.of("external_id", "rehearsal-user"));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        ApiKeyCaller caller = authenticator.apiKey(request.authorization(), Scope.USER_LINK);
        String externalId = request.jsonBody().requiredString("external_id", Identifiers.MAX_LENGTH);
        IssuedCode issued = codes.issue(caller.app(), externalId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("authentication_code", issued.code());
        body.put("expires_at", Rendering.timestamp(issued.expiresAt()));
        body.put("user_id", issued.userId().orElse(null));
        return Responses.json(201, body);
    }
}
