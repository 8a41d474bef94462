package io.userlink.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.AccountMail;
import io.userlink.credential.Sha256;
import io.userlink.json.Json;
import io.userlink.local.LocalAws;
import io.userlink.mail.MailTokens;
import io.userlink.mail.OutboxMail;
import io.userlink.storage.dynamodb.DynamoDbAccountStore;
import io.userlink.support.TestApi;
import io.userlink.support.TestApi.Reply;
import io.userlink.support.TestUserlink;
import io.userlink.support.TestUserlink.TestApp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Accounts through the handlers over DynamoDB Local, at the deployment's hashing cost: the anonymous upgrade,
 * the device policy on sign-in, sessions that end at once, the lock, and races (README, "Accounts").
 */
class AccountsIT {

    private static final String PASSWORD = "correct horse battery";
    private static final TestUserlink USERLINK = TestUserlink.local();
    private static final TestApi API = new TestApi(USERLINK);

    private final TestApp app = USERLINK.createApp();

    @Test
    void registerWhenAnonymousInstallThenItKeepsItsIdAndGetsUserTokensAnIndependentLibraryVerifies() throws Exception {
        Reply install = API.register(app, "android", "phone");

        Reply registered = registerAccount(install.string("access_token"), "Ann@Example.com", PASSWORD);

        assertEquals(201, registered.status(), registered.body().toString());
        assertEquals(true, registered.body().get("active"));
        JwtClaims claims = verified(registered.string("access_token"));
        assertEquals(install.string("install_id"), claims.getStringClaimValue("install_id"));
        assertEquals(registered.string("user_id"), claims.getSubject());
        assertEquals("user", claims.getStringClaimValue("scope"));
        assertEquals("ann@example.com", account(registered).get("email"));
        assertEquals(false, account(registered).get("email_confirmed"));
        Reply lookup = API.lookupByEmail(app, "ANN@example.com");
        assertEquals(registered.string("user_id"), lookup.string("user_id"));
        assertEquals(null, lookup.body().get("external_id"));
        assertFalse(Json.write(lookup.body().get("history")).contains("ann@"), "history never holds the address");
    }

    @Test
    void registerWhenThePasswordBreaksThePolicyThen400NamingTheRuleWithoutThePassword() {
        Reply refused = registerAccount(API.register(app, "ios", "phone").string("access_token"), "bo@example.com",
                "baseball1");

        assertEquals(400, refused.status());
        assertEquals("PASSWORD_POLICY", refused.string("code"));
        assertTrue(refused.string("detail").contains("common_password"), refused.string("detail"));
        assertFalse(refused.body().toString().contains("baseball1"));
    }

    @Test
    void signInWhenAnotherPhoneThenTheFirstIsReplacedAndItsSessionEndsAtOnceEverywhere() {
        Reply first = registered("cy@example.com");
        String firstToken = first.string("access_token");
        assertEquals(true, API.introspect(app, firstToken).body().get("active"));

        Reply second = signIn(API.register(app, "ios", "phone").string("access_token"), "cy@example.com", PASSWORD);

        assertEquals(200, second.status(), second.body().toString());
        assertEquals(true, second.body().get("active"));
        assertEquals(401, API.withToken("GET /v1/accounts/me", firstToken, null, null).status(),
                "the replaced session's access token is refused before it expires");
        assertEquals(false, API.introspect(app, firstToken).body().get("active"));
        assertEquals("INSTALL_DEACTIVATED", API.refresh(first.string("refresh_token")).string("code"));
        assertEquals(200, API.withToken("GET /v1/accounts/me", second.string("access_token"), null, null).status());
    }

    @Test
    void signInWhenATabletWhileAPhoneIsActiveThenInactiveWithoutTokens() {
        registered("di@example.com");

        Reply tablet = signIn(API.register(app, "android", "tablet").string("access_token"), "di@example.com", PASSWORD);

        assertEquals(200, tablet.status());
        assertEquals(false, tablet.body().get("active"));
        assertEquals("PHONE_PREFERRED", tablet.string("inactive_reason"));
        assertEquals(null, tablet.body().get("access_token"));
    }

    @Test
    void signOutEverywhereThenEverySessionEndsAndTheInstallGetsAnonymousTokens() {
        Reply phone = registered("ed@example.com");
        Reply tablet = signIn(API.register(app, "ios", "tablet").string("access_token"), "ed@example.com", PASSWORD);
        String tabletInstallToken = tablet.body().containsKey("access_token") ? tablet.string("access_token") : null;

        Reply signedOut = API.withToken("POST /v1/accounts/sign-out", phone.string("access_token"), null,
                "{\"everywhere\": true}");

        assertEquals(200, signedOut.status(), signedOut.body().toString());
        assertEquals(false, API.introspect(app, phone.string("access_token")).body().get("active"));
        assertEquals("INVALID_GRANT", API.refresh(phone.string("refresh_token")).string("code"));
        assertEquals("install", API.introspect(app, signedOut.string("access_token")).body().get("scope"));
        Reply user = API.lookupByEmail(app, "ed@example.com");
        assertEquals(List.of(), user.body().get("installs"), "no install holds the user any more");
        assertEquals(null, tabletInstallToken, "the tablet was inactive: it had no user session to end");
    }

    @Test
    void signInWhenFiveFailuresThenTheNextWaitsWithRetryAfterAndAnUnknownAddressAlike() {
        registered("fay@example.com");
        String device = API.register(app, "android", "phone").string("access_token");

        for (String email : List.of("fay@example.com", "nobody@example.com")) {
            for (int failure = 1; failure <= 5; failure++) {
                Reply wrong = signIn(device, email, "not the password");
                assertEquals(401, wrong.status());
                assertEquals("INVALID_LOGIN", wrong.string("code"));
            }
            Reply locked = signIn(device, email, PASSWORD);
            assertEquals(429, locked.status(), email);
            assertEquals("TOO_MANY_FAILED_LOGINS", locked.string("code"));
            // The first wait is 1 s; stored in whole seconds, it ends at the next second.
            assertTrue(List.of("1", "2").contains(locked.headers().get("Retry-After")), locked.headers().toString());
        }
    }

    @Test
    void changePasswordThenOtherSessionsEndThisOneGoesOnAndTheOldPasswordFails() {
        Reply phone = registered("gus@example.com");
        Reply tablet = signIn(API.register(app, "ios", "phone").string("access_token"), "gus@example.com", PASSWORD);

        Reply changed = API.withToken("POST /v1/accounts/me/password", tablet.string("access_token"), null,
                "{\"current_password\": \"" + PASSWORD + "\", \"new_password\": \"a brand new passphrase\"}");

        assertEquals(204, changed.status(), changed.body().toString());
        assertEquals(true, API.introspect(app, tablet.string("access_token")).body().get("active"));
        assertEquals(false, API.introspect(app, phone.string("access_token")).body().get("active"));
        String next = API.register(app, "android", "phone").string("access_token");
        assertEquals(401, signIn(next, "gus@example.com", PASSWORD).status());
        assertEquals(200, signIn(next, "gus@example.com", "a brand new passphrase").status());
    }

    @Test
    void deleteAccountThenEverySessionEndsAtOnceTheUserIsGoneAndTheAddressRegistersAgain() {
        Reply phone = registered("ivy@example.com");
        Reply tablet = signIn(API.register(app, "android", "tablet").string("access_token"), "ivy@example.com", PASSWORD);
        String deleting = phone.string("access_token");
        Reply wrong = API.withToken("POST /v1/accounts/me/deletion", deleting, null, "{\"password\": \"not it\"}");
        assertEquals(401, wrong.status());
        assertEquals("INVALID_LOGIN", wrong.string("code"));

        Reply deleted = API.withToken("POST /v1/accounts/me/deletion", deleting, null,
                "{\"password\": \"" + PASSWORD + "\"}");

        assertEquals(204, deleted.status(), deleted.body().toString());
        for (Reply session : List.of(phone, tablet)) {
            assertEquals(false, API.introspect(app, session.string("access_token")).body().get("active"));
            assertEquals(400, API.refresh(session.string("refresh_token")).status());
        }
        assertEquals(404, API.lookup(app, phone.string("user_id")).status());
        assertEquals(404, API.lookupByEmail(app, "ivy@example.com").status());
        assertEquals(401, API.withToken("POST /v1/accounts/me/deletion", deleting, null,
                "{\"password\": \"" + PASSWORD + "\"}").status(), "its session ended with it");
        Reply again = registered("ivy@example.com");
        assertEquals(201, again.status());
        assertFalse(again.string("user_id").equals(phone.string("user_id")));
    }

    /** A change of address through the routes: refused until the app has a link, then the link moves the account. */
    @Test
    void changeEmailThenTheLinkMailedThereMovesTheAccountAndTheOldAddressSignsInNoMore() {
        Reply phone = registered("jo@example.com");
        String session = phone.string("access_token");
        String body = "{\"email\": \"jo.new@example.com\", \"password\": \"" + PASSWORD + "\"}";
        Reply unconfigured = API.withToken("POST /v1/accounts/me/email", session, null, body);
        assertEquals(403, unconfigured.status());
        assertEquals("EMAIL_CHANGE_NOT_CONFIGURED", unconfigured.string("code"));
        USERLINK.administration().updateSettings(app.appId(), settings -> settings.withAccountMail(
                AccountMail.defaults().withConfirmationLink("https://app.example.com/confirm?token={token}")));
        String install = API.register(app, "ios", "phone").string("access_token");
        Reply wrong = API.withToken("POST /v1/accounts/me/email", session, null,
                "{\"email\": \"jo.new@example.com\", \"password\": \"not it\"}");
        assertEquals("INVALID_LOGIN", wrong.string("code"));
        assertEquals("INSUFFICIENT_SCOPE", API.withToken("POST /v1/accounts/me/email", install, null, body).string("code"));

        Reply asked = API.withToken("POST /v1/accounts/me/email", session, null, body);

        assertEquals(202, asked.status(), asked.body().toString());
        assertEquals("accepted", asked.string("status"));
        String link = mailTokens().token(accounts().find(phone.string("user_id")).orElseThrow().verificationTokenId()
                .orElseThrow());
        Reply moved = API.withToken("POST /v1/accounts/confirm", install, null, "{\"token\": \"" + link + "\"}");
        assertEquals(200, moved.status(), moved.body().toString());
        assertEquals("jo.new@example.com", moved.string("email"));
        assertEquals(true, moved.body().get("email_confirmed"));
        assertEquals(phone.string("user_id"), API.lookupByEmail(app, "jo.new@example.com").string("user_id"));
        assertEquals(404, API.lookupByEmail(app, "jo@example.com").status());
        assertEquals(true, API.introspect(app, session).body().get("active"), "the session goes on");
        assertEquals(401, signIn(API.register(app, "ios", "phone").string("access_token"), "jo@example.com", PASSWORD)
                .status());
        assertEquals(400, API.withToken("POST /v1/accounts/confirm", install, null, "{\"token\": \"" + link + "\"}")
                .status(), "the link works once");
    }

    /**
     * The link back through the routes: 409 while another account holds the address it returns to, then 204, the
     * account home with the new password and every session over.
     */
    @Test
    void resetPasswordWithTheLinkBackThen409WhileTheAddressIsTakenThenTheAccountIsHome() {
        Moved kim = movedAway("kim@example.com", "kim.taken@example.com");
        String back = resetBody(kim.linkBack(), "a brand new passphrase");
        String squatter = registered("kim@example.com").string("user_id");

        Reply taken = API.withToken("POST /v1/accounts/password-reset/confirm", kim.install(), null, back);
        assertEquals(409, taken.status(), taken.body().toString());
        assertEquals("EMAIL_ALREADY_REGISTERED", taken.string("code"));
        assertEquals("Another account of this app has the address this link leads back to now, so the account stays"
                + " where it is; ask the app's support, who can move it.", taken.string("detail"));
        API.delete(app, squatter);
        Reply home = API.withToken("POST /v1/accounts/password-reset/confirm", kim.install(), null, back);

        assertEquals(204, home.status(), home.body().toString());
        assertEquals(kim.userId(), API.lookupByEmail(app, "kim@example.com").string("user_id"));
        assertEquals(404, API.lookupByEmail(app, "kim.taken@example.com").status());
        assertEquals(false, API.introspect(app, kim.session()).body().get("active"));
        assertEquals(200, signIn(API.register(app, "ios", "phone").string("access_token"), "kim@example.com",
                "a brand new passphrase").status());
    }

    /**
     * The owner's link back and the taker's second move, sent at once, in either order: the account ends home with the
     * owner's password, and the taker's addresses sign in to nothing.
     */
    @Test
    void resetPasswordWithTheLinkBackWhileTheTakerMovesTheAccountAgainThenItEndsHome() throws Exception {
        for (int round = 0; round < 6; round++) {
            String home = "liv" + round + "@example.com";
            Moved liv = movedAway(home, "taker" + round + "@example.com");
            USERLINK.clock().advance(OutboxMail.REQUESTED_MAIL_INTERVAL);
            API.withToken("POST /v1/accounts/me/email", liv.session(), null,
                    "{\"email\": \"taker" + round + ".again@example.com\", \"password\": \"" + PASSWORD + "\"}");
            String again = "{\"token\": \"" + mailTokens().token(accounts().find(liv.userId()).orElseThrow()
                    .verificationTokenId().orElseThrow()) + "\"}";

            Map<Integer, Long> statuses = concurrently(List.of(
                    () -> API.withToken("POST /v1/accounts/confirm", liv.install(), null, again).status(),
                    () -> API.withToken("POST /v1/accounts/password-reset/confirm", liv.install(), null,
                            resetBody(liv.linkBack(), "the owner's passphrase")).status()));

            assertEquals(1L, statuses.get(204), "round " + round + ": " + statuses);
            assertEquals(liv.userId(), API.lookupByEmail(app, home).string("user_id"), "round " + round + ": " + statuses);
            String install = API.register(app, "ios", "phone").string("access_token");
            assertEquals(200, signIn(install, home, "the owner's passphrase").status());
            assertEquals(401, signIn(install, "taker" + round + ".again@example.com", PASSWORD).status());
            assertEquals(401, signIn(install, "taker" + round + "@example.com", PASSWORD).status());
        }
    }

    /** An account of {@code email} that someone with its session moved to {@code takenEmail}, by link. */
    private record Moved(String userId, String session, String install, String linkBack) {}

    private Moved movedAway(String email, String takenEmail) {
        USERLINK.administration().updateSettings(app.appId(), settings -> settings.withAccountMail(AccountMail.defaults()
                .withConfirmationLink("https://app.example.com/confirm?token={token}")
                .withPasswordResetLink("https://app.example.com/reset?token={token}")));
        Reply phone = registered(email);
        String userId = phone.string("user_id");
        API.withToken("POST /v1/accounts/me/email", phone.string("access_token"), null,
                "{\"email\": \"" + takenEmail + "\", \"password\": \"" + PASSWORD + "\"}");
        String install = API.register(app, "ios", "phone").string("access_token");
        Reply moved = API.withToken("POST /v1/accounts/confirm", install, null, "{\"token\": \""
                + mailTokens().token(accounts().find(userId).orElseThrow().verificationTokenId().orElseThrow()) + "\"}");
        assertEquals(200, moved.status(), moved.body().toString());
        return new Moved(userId, phone.string("access_token"), install,
                mailTokens().token(accounts().find(userId).orElseThrow().undoTokenId().orElseThrow()));
    }

    private static String resetBody(String token, String newPassword) {
        return Json.write(Map.of("token", token, "new_password", newPassword));
    }

    private static DynamoDbAccountStore accounts() {
        return new DynamoDbAccountStore(USERLINK.dynamoDb(), LocalAws.TABLE_NAME);
    }

    private static MailTokens mailTokens() {
        return new MailTokens(USERLINK.components().keyRing(), USERLINK.components().ids());
    }

    @Test
    void patchAccountWhenIfMatchIsTheLastETagThenMergedAndWhenStaleThen412() {
        Reply phone = registered("hal@example.com");
        String token = phone.string("access_token");
        Reply read = API.withToken("GET /v1/accounts/me", token, null, null);
        assertEquals("\"1\"", read.headers().get("ETag"));

        Reply patched = API.patchAccount(token, "\"1\"", "{\"attributes\": {\"name\": null, \"city\": \"Oslo\"},"
                + " \"agreements\": {\"terms\": true}}");
        Reply stale = API.patchAccount(token, "\"1\"", "{\"attributes\": {\"city\": \"Bergen\"}}");
        Reply email = API.patchAccount(token, "*", "{\"email\": \"other@example.com\"}");

        assertEquals(200, patched.status(), patched.body().toString());
        assertEquals(Map.of("city", "Oslo"), patched.body().get("attributes"));
        assertEquals("\"2\"", patched.headers().get("ETag"));
        assertEquals(412, stale.status());
        assertEquals(400, email.status());
        assertEquals("`email` cannot be sent here: the address changes through POST /v1/accounts/me/email, with a link"
                + " mailed to the new one.", email.string("detail"));
    }

    @Test
    void deleteUserThenTheAccountIsGoneAndTheAddressFree() {
        Reply phone = registered("ida@example.com");

        assertEquals(204, API.delete(app, phone.string("user_id")).status());

        assertEquals(404, API.lookupByEmail(app, "ida@example.com").status());
        assertEquals(201, registerAccount(API.register(app, "ios", "phone").string("access_token"), "ida@example.com",
                PASSWORD).status());
    }

    @Test
    void registerWhenFiftyInstallsRegisterOneAddressAtOnceThenExactlyOneAccount() throws Exception {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tokens.add(API.register(app, "android", "phone").string("access_token"));
        }

        Map<Integer, Long> statuses = concurrently(tokens.stream()
                .<Callable<Integer>>map(token -> () -> registerAccount(token, "race@example.com", PASSWORD).status())
                .toList());

        assertEquals(Map.of(201, 1L, 409, 49L), statuses);
        assertEquals(200, API.lookupByEmail(app, "race@example.com").status());
    }

    @Test
    void signInWhenFiftyWrongPasswordsAtOnceThenEveryFailureIsCounted() throws Exception {
        registered("kim@example.com");
        String device = API.register(app, "android", "phone").string("access_token");

        Map<Integer, Long> statuses = concurrently(IntStream.range(0, 50)
                .<Callable<Integer>>mapToObj(i -> () -> signIn(device, "kim@example.com", "wrong guess " + i).status())
                .toList());

        // The count as stored: the item README's "Accounts" describes.
        long counted = Long.parseLong(USERLINK.dynamoDb().getItem(r -> r.tableName(USERLINK.components().settings().tableName())
                .consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS("APP#" + app.appId() + "#LOGIN#" + Sha256.hex("kim@example.com")),
                        "sk", AttributeValue.fromS("LOGIN_ATTEMPTS")))).item().get("failures").n());
        assertEquals(statuses.getOrDefault(401, 0L), counted, "each 401 is one counted failure: " + statuses);
        assertEquals(50L, statuses.getOrDefault(401, 0L) + statuses.getOrDefault(429, 0L), statuses.toString());
        assertTrue(statuses.getOrDefault(401, 0L) >= 5, statuses.toString());
    }

    @Test
    void signInWhenTwoPhonesSignInAtOnceThenExactlyOneIsActive() throws Exception {
        registered("lou@example.com");
        for (int round = 0; round < 5; round++) {
            String a = API.register(app, "android", "phone").string("access_token");
            String b = API.register(app, "ios", "phone").string("access_token");

            concurrently(List.<Callable<Integer>>of(() -> signIn(a, "lou@example.com", PASSWORD).status(),
                    () -> signIn(b, "lou@example.com", PASSWORD).status()));

            List<?> installs = (List<?>) API.lookupByEmail(app, "lou@example.com").body().get("installs");
            assertEquals(1, installs.stream().filter(install -> Boolean.TRUE.equals(((Map<?, ?>) install).get("active"))).count(),
                    "round " + round + ": " + installs);
        }
    }

    private Reply registered(String email) {
        Reply registered = registerAccount(API.register(app, "android", "phone").string("access_token"), email, PASSWORD);
        assertEquals(201, registered.status(), registered.body().toString());
        return registered;
    }

    private static Reply registerAccount(String installToken, String email, String password) {
        return API.withToken("POST /v1/accounts", installToken, null,
                Json.write(Map.of("email", email, "password", password)));
    }

    private static Reply signIn(String installToken, String email, String password) {
        return API.withToken("POST /v1/accounts/sign-in", installToken, null,
                Json.write(Map.of("email", email, "password", password)));
    }

    private static Map<?, ?> account(Reply reply) {
        return (Map<?, ?>) reply.body().get("account");
    }

    private JwtClaims verified(String accessToken) throws Exception {
        JsonWebKeySet jwks = new JsonWebKeySet(Json.write(USERLINK.components().publicKeys().publicKeys().toJwks()));
        return new JwtConsumerBuilder()
                .setExpectedIssuer(TestUserlink.ISSUER.toString())
                .setExpectedAudience(app.appId())
                .setExpectedType(true, "at+jwt")
                .setEvaluationTime(NumericDate.fromSeconds(USERLINK.clock().instant().getEpochSecond()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(jwks.getJsonWebKeys()))
                .build().processToClaims(accessToken);
    }

    private static Map<Integer, Long> concurrently(List<Callable<Integer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Future<Integer>> futures = pool.invokeAll(calls);
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses.stream().collect(Collectors.groupingBy(status -> status, Collectors.counting()));
        } finally {
            pool.shutdownNow();
        }
    }
}
