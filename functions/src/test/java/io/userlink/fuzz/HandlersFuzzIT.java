package io.userlink.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.userlink.http.RouteTable;
import io.userlink.support.ApiContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Coverage-guided fuzzing of every handler in this JVM, over the local AWS account (Jazzer). Under
 * {@code ./mvnw verify} each test replays its corpus in {@code src/test/resources/io/userlink/fuzz/
 * HandlersFuzzITInputs/<test>/}; with {@code JAZZER_FUZZ=1} it fuzzes for {@value #EXECUTIONS} executions (see
 * README, "Fuzzing"). Every input must get a response below 500 that conforms to openapi.yaml: a success as
 * described, or a problem document with a code the route lists.
 */
class HandlersFuzzIT {

    static final int EXECUTIONS = 100_000;

    @FuzzTest(maxExecutions = EXECUTIONS)
    void registerInstall(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/installs");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void linkInstall(FuzzedDataProvider data) {
        fuzz(data, "POST /v2/users/{install_id}/link");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void issueAuthenticationCode(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/auth-codes");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void redeemAuthenticationCode(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/users");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void installStatus(FuzzedDataProvider data) {
        fuzz(data, "GET /v1/installs/{install_id}");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void resetInstall(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/installs/{install_id}/reset");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void deleteUser(FuzzedDataProvider data) {
        fuzz(data, "DELETE /v1/users/{user_id}");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void lookupUser(FuzzedDataProvider data) {
        fuzz(data, data.consumeBoolean() ? "GET /v1/users/{user_id}" : "GET /v1/users");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void refreshTokens(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/token");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void introspectToken(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/token/introspect");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void registerAccount(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/accounts");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void signIn(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/accounts/sign-in");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void signOut(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/accounts/sign-out");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void account(FuzzedDataProvider data) {
        fuzz(data, data.consumeBoolean() ? "GET /v1/accounts/me" : "PATCH /v1/accounts/me");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void changePassword(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/accounts/me/password");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void deleteAccount(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/accounts/me/deletion");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void changeEmail(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/accounts/me/email");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void confirmAccount(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/accounts/confirm");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void resendConfirmation(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/accounts/confirmation");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void requestPasswordReset(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/accounts/password-reset");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void resetPassword(FuzzedDataProvider data) {
        fuzz(data, "POST /v1/accounts/password-reset/confirm");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void jwks(FuzzedDataProvider data) {
        fuzz(data, "GET /.well-known/jwks.json");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void openIdConfiguration(FuzzedDataProvider data) {
        fuzz(data, "GET /.well-known/openid-configuration");
    }

    @FuzzTest(maxExecutions = EXECUTIONS)
    void notFound(FuzzedDataProvider data) {
        fuzz(data, "$default");
    }

    /**
     * A route without a fuzz test goes unfuzzed without anyone noticing (account deletion and the change of address
     * did, from the day they were added): every route of the table and {@code $default} is the route of a fuzz test
     * above. Read from this file's source, where each fuzz test names its routes.
     */
    @Test
    void everyRouteHasAFuzzTest() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/userlink/fuzz/HandlersFuzzIT.java"));
        Set<String> fuzzed = new TreeSet<>();
        Matcher call = Pattern.compile("^ +fuzz\\(data, ([^;\n]+)\\);$", Pattern.MULTILINE).matcher(source);
        while (call.find()) {
            Matcher literal = Pattern.compile("\"([^\"]+)\"").matcher(call.group(1));
            while (literal.find()) {
                fuzzed.add(literal.group(1));
            }
        }
        Set<String> routes = new TreeSet<>(Set.of("$default"));
        RouteTable.ROUTES.forEach(route -> routes.add(route.method() + " " + route.path()));

        assertEquals(routes, fuzzed);
    }

    private static void fuzz(FuzzedDataProvider data, String routeKey) {
        FuzzWorld world = FuzzWorld.get();
        APIGatewayV2HTTPEvent event = FuzzedEvents.event(data, routeKey, world);
        // The handler catches everything; a 500 is how an uncaught failure would show.
        APIGatewayV2HTTPResponse response = world.handlers.get(routeKey).respond(event, null);
        assertTrue(response.getStatusCode() < 500, () -> routeKey + " answered " + response.getStatusCode() + ": " + response.getBody());
        ApiContract.check(event, response);
    }
}
