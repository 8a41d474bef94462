package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.json.Json;
import io.userlink.support.ApiContract;
import io.userlink.support.DemoWorld;
import io.userlink.support.Events;
import io.userlink.support.TestUserlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every {@code events/} file through its handler and compares the response with the paired file in
 * {@code src/test/resources/expected/}: status, headers and the body's field names (values such as ids
 * and tokens are random). The events' placeholders are replaced by a fresh {@link DemoWorld} each, as
 * {@code userlink invoke} does.
 */
class EventReplayIT {

    private static final TestUserlink USERLINK = TestUserlink.local();

    /** Every event file: one without its expected response fails, rather than going unreplayed. */
    static Stream<String> eventFiles() throws IOException {
        return Files.list(Path.of("../events")).map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".json"))
                .sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eventFiles")
    void replayWhenEventFileSentToItsHandlerThenRespondsAsExpected(String file) {
        // given
        APIGatewayV2HTTPEvent event = DemoWorld.create(USERLINK).load(file);
        Map<String, Object> expected = Json.parseTrustedObject(read(Path.of("src/test/resources/expected", file)));

        // when
        APIGatewayV2HTTPResponse response = ApiContract.invoke(handlerFor(event.getRouteKey()), event);

        // then
        assertEquals(expected.get("statusCode"), response.getStatusCode(), response.getBody());
        assertEquals(expected.get("headers"), Map.copyOf(response.getHeaders()));
        List<String> fields = response.getBody() == null ? List.of()
                : new TreeSet<>(Events.body(response).keySet()).stream().toList();
        assertEquals(expected.get("bodyFields"), fields);
    }

    private static ApiHandler handlerFor(String routeKey) {
        return switch (routeKey) {
            case "POST /v1/installs" -> new RegisterInstallHandler(USERLINK.components());
            case "GET /.well-known/jwks.json" -> new JwksHandler(USERLINK.components().publicKeys());
            case "GET /.well-known/openid-configuration" -> new OpenIdConfigurationHandler(TestUserlink.ISSUER);
            case "POST /v2/users/{install_id}/link" -> new LinkInstallHandler(USERLINK.components());
            case "POST /v1/auth-codes" -> new IssueAuthCodeHandler(USERLINK.components());
            case "POST /v1/users" -> new CreateUserHandler(USERLINK.components());
            case "GET /v1/installs/{install_id}" -> new InstallStatusHandler(USERLINK.components());
            case "POST /v1/installs/{install_id}/reset" -> new ResetInstallHandler(USERLINK.components());
            case "DELETE /v1/users/{user_id}" -> new DeleteUserHandler(USERLINK.components());
            case "GET /v1/users/{user_id}", "GET /v1/users" -> new LookupUserHandler(USERLINK.components());
            case "POST /v1/token" -> new RefreshTokenHandler(USERLINK.components());
            case "POST /v1/token/introspect" -> new IntrospectTokenHandler(USERLINK.components());
            case "POST /v1/accounts" -> new RegisterAccountHandler(USERLINK.components());
            case "POST /v1/accounts/sign-in" -> new SignInHandler(USERLINK.components());
            case "POST /v1/accounts/sign-out" -> new SignOutHandler(USERLINK.components());
            case "GET /v1/accounts/me", "PATCH /v1/accounts/me" -> new AccountHandler(USERLINK.components());
            case "POST /v1/accounts/me/password" -> new ChangePasswordHandler(USERLINK.components());
            case "POST /v1/accounts/me/deletion" -> new DeleteAccountHandler(USERLINK.components());
            case "POST /v1/accounts/me/email" -> new ChangeEmailHandler(USERLINK.components());
            case "POST /v1/accounts/confirm" -> new ConfirmAccountHandler(USERLINK.components());
            case "POST /v1/accounts/confirmation" -> new ResendConfirmationHandler(USERLINK.components());
            case "POST /v1/accounts/password-reset" -> new RequestPasswordResetHandler(USERLINK.components());
            case "POST /v1/accounts/password-reset/confirm" -> new ResetPasswordHandler(USERLINK.components());
            case "$default" -> new NotFoundHandler();
            default -> throw new IllegalArgumentException("no handler for " + routeKey + "; add it here");
        };
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
