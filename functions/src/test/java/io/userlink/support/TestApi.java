package io.userlink.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.handler.AccountHandler;
import io.userlink.handler.ApiHandler;
import io.userlink.handler.ChangeEmailHandler;
import io.userlink.handler.ChangePasswordHandler;
import io.userlink.handler.ConfirmAccountHandler;
import io.userlink.handler.CreateUserHandler;
import io.userlink.handler.DeleteAccountHandler;
import io.userlink.handler.DeleteUserHandler;
import io.userlink.handler.InstallStatusHandler;
import io.userlink.handler.IntrospectTokenHandler;
import io.userlink.handler.IssueAuthCodeHandler;
import io.userlink.handler.LinkInstallHandler;
import io.userlink.handler.LookupUserHandler;
import io.userlink.handler.RefreshTokenHandler;
import io.userlink.handler.RegisterAccountHandler;
import io.userlink.handler.RegisterInstallHandler;
import io.userlink.handler.ResetInstallHandler;
import io.userlink.handler.ResetPasswordHandler;
import io.userlink.handler.SignInHandler;
import io.userlink.handler.SignOutHandler;
import io.userlink.json.Json;
import io.userlink.support.TestUserlink.TestApp;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Userlink's routes called through their real handlers with API Gateway events, as the SDK and a customer
 * backend call them.
 */
public final class TestApi {

    /** A response with its JSON body parsed (empty for 204). */
    public record Reply(int status, Map<String, Object> body, Map<String, String> headers) {
        public String string(String field) {
            return (String) body.get(field);
        }
    }

    private final RegisterInstallHandler register;
    private final LinkInstallHandler link;
    private final IssueAuthCodeHandler issueCode;
    private final CreateUserHandler createUser;
    private final InstallStatusHandler status;
    private final ResetInstallHandler reset;
    private final DeleteUserHandler delete;
    private final LookupUserHandler lookup;
    private final RefreshTokenHandler refresh;
    private final RegisterAccountHandler registerAccount;
    private final SignInHandler signIn;
    private final SignOutHandler signOut;
    private final AccountHandler account;
    private final ChangePasswordHandler changePassword;
    private final DeleteAccountHandler deleteAccount;
    private final ChangeEmailHandler changeEmail;
    private final ConfirmAccountHandler confirmAccount;
    private final ResetPasswordHandler resetPassword;
    private final IntrospectTokenHandler introspect;

    public TestApi(TestUserlink userlink) {
        var components = userlink.components();
        register = new RegisterInstallHandler(components);
        link = new LinkInstallHandler(components);
        issueCode = new IssueAuthCodeHandler(components);
        createUser = new CreateUserHandler(components);
        status = new InstallStatusHandler(components);
        reset = new ResetInstallHandler(components);
        delete = new DeleteUserHandler(components);
        lookup = new LookupUserHandler(components);
        refresh = new RefreshTokenHandler(components);
        registerAccount = new RegisterAccountHandler(components);
        signIn = new SignInHandler(components);
        signOut = new SignOutHandler(components);
        account = new AccountHandler(components);
        changePassword = new ChangePasswordHandler(components);
        deleteAccount = new DeleteAccountHandler(components);
        changeEmail = new ChangeEmailHandler(components);
        confirmAccount = new ConfirmAccountHandler(components);
        resetPassword = new ResetPasswordHandler(components);
        introspect = new IntrospectTokenHandler(components);
    }

    /** POST /v1/token as a form, base64-encoded as API Gateway passes forms. */
    public Reply refresh(String refreshToken) {
        return refreshForm("grant_type=refresh_token&refresh_token=" + refreshToken);
    }

    public Reply refreshForm(String form) {
        APIGatewayV2HTTPEvent event = event("POST", "/v1/token", "POST /v1/token", null, Map.of(), Map.of(),
                Base64.getEncoder().encodeToString(form.getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);
        event.getHeaders().put("content-type", "application/x-www-form-urlencoded");
        return call(refresh, event);
    }

    public Reply refreshJson(String json) {
        return call(refresh, event("POST", "/v1/token", "POST /v1/token", null, Map.of(), Map.of(), json));
    }

    /** Any token route, for checks that hold for all of them. */
    public Reply withToken(String route, String accessToken, String installId, String body) {
        return switch (route) {
            case "POST /v1/users" -> call(createUser, event("POST", "/v1/users", route, "Bearer " + accessToken,
                    Map.of(), Map.of(), body));
            case "GET /v1/installs/{install_id}" -> call(status, event("GET", "/v1/installs/" + installId, route,
                    "Bearer " + accessToken, Map.of("install_id", installId), Map.of(), body));
            case "POST /v1/installs/{install_id}/reset" -> call(reset, event("POST", "/v1/installs/" + installId + "/reset",
                    route, "Bearer " + accessToken, Map.of("install_id", installId), Map.of(), body));
            case "POST /v1/accounts" -> call(registerAccount, tokenEvent(route, accessToken, body));
            case "POST /v1/accounts/sign-in" -> call(signIn, tokenEvent(route, accessToken, body));
            case "POST /v1/accounts/sign-out" -> call(signOut, tokenEvent(route, accessToken, body));
            case "GET /v1/accounts/me", "PATCH /v1/accounts/me" -> call(account, tokenEvent(route, accessToken, body));
            case "POST /v1/accounts/me/password" -> call(changePassword, tokenEvent(route, accessToken, body));
            case "POST /v1/accounts/me/deletion" -> call(deleteAccount, tokenEvent(route, accessToken, body));
            case "POST /v1/accounts/me/email" -> call(changeEmail, tokenEvent(route, accessToken, body));
            case "POST /v1/accounts/confirm" -> call(confirmAccount, tokenEvent(route, accessToken, body));
            case "POST /v1/accounts/password-reset/confirm" -> call(resetPassword, tokenEvent(route, accessToken, body));
            default -> throw new IllegalArgumentException("not a token route: " + route);
        };
    }

    /** An event for a route without path parameters. */
    private static APIGatewayV2HTTPEvent tokenEvent(String route, String accessToken, String body) {
        String[] methodAndPath = route.split(" ", 2);
        return event(methodAndPath[0], methodAndPath[1], route, "Bearer " + accessToken, Map.of(), Map.of(), body);
    }

    /** {@code PATCH /v1/accounts/me} with an {@code If-Match} header. */
    public Reply patchAccount(String accessToken, String ifMatch, String body) {
        APIGatewayV2HTTPEvent event = tokenEvent("PATCH /v1/accounts/me", accessToken, body);
        event.getHeaders().put("if-match", ifMatch);
        event.getHeaders().put("content-type", "application/merge-patch+json");
        return call(account, event);
    }

    /** {@code POST /v1/token/introspect} as a form, as RFC 7662 sends it. */
    public Reply introspect(TestApp app, String token) {
        APIGatewayV2HTTPEvent event = event("POST", "/v1/token/introspect", "POST /v1/token/introspect",
                "Bearer " + app.apiKey(), Map.of(), Map.of(), Base64.getEncoder().encodeToString(
                        ("token=" + token).getBytes(StandardCharsets.UTF_8)));
        event.setIsBase64Encoded(true);
        event.getHeaders().put("content-type", "application/x-www-form-urlencoded");
        return call(introspect, event);
    }

    public Reply lookupByEmail(TestApp app, String email) {
        return lookupByEmail(app, email, Map.of());
    }

    /** {@code GET /v1/users?email=} with more query parameters. */
    public Reply lookupByEmail(TestApp app, String email, Map<String, String> query) {
        return lookupBy(app, "email", email, query);
    }

    public Reply register(TestApp app, String platform, String deviceClass) {
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (app.appId() + ":" + app.appSecret()).getBytes(StandardCharsets.UTF_8));
        return call(register, event("POST", "/v1/installs", "POST /v1/installs", basic, Map.of(), Map.of(),
                "{\"platform\": \"" + platform + "\", \"device_class\": \"" + deviceClass + "\", \"sdk_version\": \"1.0\"}"));
    }

    public Reply link(String apiKey, String installId, String body) {
        return call(link, event("POST", "/v2/users/" + installId + "/link", "POST /v2/users/{install_id}/link",
                "Bearer " + apiKey, Map.of("install_id", installId), Map.of(), body));
    }

    public Reply link(TestApp app, String installId, String externalId) {
        return link(app.apiKey(), installId, Json.write(Map.of("id", externalId)));
    }

    public Reply issueCode(TestApp app, String externalId) {
        return issueCodeWithBody(app, Json.write(Map.of("external_id", externalId)));
    }

    /** POST /v1/auth-codes with the body exactly as given (JSON escapes and all). */
    public Reply issueCodeWithBody(TestApp app, String body) {
        return call(issueCode, event("POST", "/v1/auth-codes", "POST /v1/auth-codes", "Bearer " + app.apiKey(),
                Map.of(), Map.of(), body));
    }

    public Reply createUser(String accessToken, String code) {
        return call(createUser, event("POST", "/v1/users", "POST /v1/users", "Bearer " + accessToken, Map.of(), Map.of(),
                Json.write(Map.of("authentication_code", code))));
    }

    public Reply status(String accessToken, String installId) {
        return call(status, event("GET", "/v1/installs/" + installId, "GET /v1/installs/{install_id}",
                "Bearer " + accessToken, Map.of("install_id", installId), Map.of(), null));
    }

    public Reply reset(String accessToken, String installId) {
        return call(reset, event("POST", "/v1/installs/" + installId + "/reset", "POST /v1/installs/{install_id}/reset",
                "Bearer " + accessToken, Map.of("install_id", installId), Map.of(), null));
    }

    public Reply delete(TestApp app, String userId) {
        return call(delete, event("DELETE", "/v1/users/" + userId, "DELETE /v1/users/{user_id}", "Bearer " + app.apiKey(),
                Map.of("user_id", userId), Map.of(), null));
    }

    public Reply lookup(TestApp app, String userId) {
        return lookup(app, userId, Map.of());
    }

    /** {@code GET /v1/users/{user_id}} with query parameters ({@code history_limit}, {@code history_before}). */
    public Reply lookup(TestApp app, String userId, Map<String, String> query) {
        return call(lookup, event("GET", "/v1/users/" + userId, "GET /v1/users/{user_id}", "Bearer " + app.apiKey(),
                Map.of("user_id", userId), query, null));
    }

    public Reply lookupByExternalId(TestApp app, String externalId) {
        return lookupByExternalId(app, externalId, Map.of());
    }

    /** {@code GET /v1/users?external_id=} with more query parameters. */
    public Reply lookupByExternalId(TestApp app, String externalId, Map<String, String> query) {
        return lookupBy(app, "external_id", externalId, query);
    }

    private Reply lookupBy(TestApp app, String parameter, String value, Map<String, String> query) {
        Map<String, String> parameters = new HashMap<>(query);
        parameters.put(parameter, value);
        return call(lookup, event("GET", "/v1/users", "GET /v1/users", "Bearer " + app.apiKey(), Map.of(), parameters, null));
    }

    private static Reply call(ApiHandler handler, APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPResponse response = ApiContract.invoke(handler, event);
        Map<String, Object> body = response.getBody() == null || response.getBody().isEmpty()
                ? Map.of() : Json.parseTrustedObject(response.getBody());
        return new Reply(response.getStatusCode(), body, response.getHeaders());
    }

    private static APIGatewayV2HTTPEvent event(String method, String path, String routeKey, String authorization,
                                               Map<String, String> pathParameters, Map<String, String> query, String body) {
        Map<String, String> headers = new HashMap<>();
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        headers.put("content-type", "application/json");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withHeaders(headers)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(routeKey)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
                        .build())
                .build();
    }
}
