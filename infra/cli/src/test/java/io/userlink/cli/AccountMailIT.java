package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Account mail against {@code userlink serve}, as the README walks through it: each registration mode over HTTP
 * with its mail read from the outbox directory, password reset, resend, and the answers for known and unknown
 * addresses compared byte for byte.
 */
@ExtendWith(SharedServe.class)
class AccountMailIT {

    private static final String PASSWORD = "correct horse battery";
    private static final Pattern TOKEN = Pattern.compile("ulm_[A-Za-z0-9_.-]+");
    /** How long a mail may take from the commit to the outbox directory: the stream is polled every 200 ms. */
    private static final Duration MAIL_WAIT = Duration.ofSeconds(20);

    /** An app of this class's own on the shared {@code serve}, whose name its mails carry. */
    private static final String APP_NAME = "Mail test app";

    private static ServeProcess serve;
    private static URI api;
    private static AdminCli admin;
    private static Path outbox;
    private static String appId;
    private static String appSecret;

    @BeforeAll
    static void start(ServeProcess.Served served) throws Exception {
        serve = served.process();
        api = served.url();
        admin = new AdminCli(api, served.credentialsFile());
        outbox = served.outbox();
        JsonNode created = Http.json(admin.run(0, "apps", "create", "--name", APP_NAME,
                "--confirmation-link", "mail-test://confirm?token={token}",
                "--password-reset-link", "mail-test://reset-password?token={token}", "--output=json"));
        appId = created.get("app_id").asText();
        appSecret = created.get("app_secret").asText();
    }

    @Test
    void registerWhenEachModeThenTheMailAndTheAnswerAsDocumented() throws Exception {
        mode("automatic");
        assertEquals(201, post(anonymous(), "/v1/accounts", account("auto@mail.example.com")).statusCode());

        mode("confirmation_required");
        HttpResponse<String> confirming = post(anonymous(), "/v1/accounts", account("conf@mail.example.com"));
        assertEquals(202, confirming.statusCode());
        assertEquals("{\"status\":\"accepted\"}", confirming.body());
        String confirmMail = awaitMail("conf@mail.example.com", "Confirm your email address for " + APP_NAME);
        JsonNode signedIn = Http.json(post(anonymous(), "/v1/accounts/sign-in", account("conf@mail.example.com")));
        assertEquals(false, signedIn.at("/account/email_confirmed").asBoolean(), "usable at once, unconfirmed");
        JsonNode confirmed = Http.json(post(anonymous(), "/v1/accounts/confirm", token(confirmMail)));
        assertEquals(true, confirmed.get("email_confirmed").asBoolean());

        mode("activation_required");
        assertEquals(202, post(anonymous(), "/v1/accounts", account("act@mail.example.com")).statusCode());
        String activationMail = awaitMail("act@mail.example.com", "Activate your " + APP_NAME + " account");
        assertEquals("ACCOUNT_NOT_ACTIVATED", Http.json(post(anonymous(), "/v1/accounts/sign-in", account("act@mail.example.com")))
                .get("code").asText());
        assertEquals(200, post(anonymous(), "/v1/accounts/confirm", token(activationMail)).statusCode());
        assertEquals(200, post(anonymous(), "/v1/accounts/sign-in", account("act@mail.example.com")).statusCode());
        assertEquals("INVALID_MAIL_TOKEN", Http.json(post(anonymous(), "/v1/accounts/confirm", token(activationMail)))
                .get("code").asText(), "a link works once");
        assertTrue(serve.stdout().stream().anyMatch(line -> line.startsWith("mail to act@mail.example.com: Activate your " + APP_NAME + " account")));
        assertTrue(serve.stdout().stream().noneMatch(line -> TOKEN.matcher(line).find()), "no token in serve's output");
    }

    @Test
    void requestsWhenTheAddressIsKnownOrNotThenTheSameBytesAndOnlyTheOwnerIsMailed() throws Exception {
        mode("activation_required");
        post(anonymous(), "/v1/accounts", account("known@mail.example.com"));
        awaitMail("known@mail.example.com", "Activate your " + APP_NAME + " account");

        assertSameBytes("/v1/accounts", account("known@mail.example.com"), account("unknown1@mail.example.com"));
        awaitMail("known@mail.example.com", "Someone tried to use your address for another " + APP_NAME + " account");
        assertSameBytes("/v1/accounts/confirmation", email("known@mail.example.com"), email("unknown2@mail.example.com"));
        assertSameBytes("/v1/accounts/password-reset", email("known@mail.example.com"), email("unknown3@mail.example.com"));
        String reset = awaitMail("known@mail.example.com", "Reset your " + APP_NAME + " password");

        assertEquals(204, post(anonymous(), "/v1/accounts/password-reset/confirm",
                "{\"token\": \"" + token(reset).split("\"")[3] + "\", \"new_password\": \"a brand new passphrase\"}").statusCode());
        awaitMail("known@mail.example.com", "Your " + APP_NAME + " password was changed");
        assertEquals(200, post(anonymous(), "/v1/accounts/sign-in",
                "{\"email\": \"known@mail.example.com\", \"password\": \"a brand new passphrase\"}").statusCode(),
                "the reset also activated the account: the link proved the mailbox");
        assertEquals(List.of(), mailsTo("unknown2@mail.example.com"));
        assertEquals(List.of(), mailsTo("unknown3@mail.example.com"));
    }

    /**
     * A deployed function logs its security events: the function's own line in serve's log (Lambda's log group on AWS),
     * with the client's address and never the account's.
     */
    @Test
    void signInWhenRefusedThenTheFunctionsLogHasTheSecurityEventWithoutTheAddress() throws Exception {
        mode("activation_required");
        post(anonymous(), "/v1/accounts", account("events@mail.example.com"));

        assertEquals("ACCOUNT_NOT_ACTIVATED", Http.json(post(anonymous(), "/v1/accounts/sign-in",
                account("events@mail.example.com"))).get("code").asText());

        Pattern event = Pattern.compile("SignInFunction \\S+ security authn_login_fail app=" + appId
                + " user=usr-\\w+ install=ins-\\w+ operation=sign-in reason=not-activated ip=127\\.0\\.0\\.1");
        Instant deadline = Instant.now().plus(MAIL_WAIT);
        while (!event.matcher(serve.stderr()).find() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50); // serve's log reaches this JVM through a pipe a reader thread empties
        }
        assertTrue(event.matcher(serve.stderr()).find(), serve.stderr());
        assertTrue(serve.stderr().lines().filter(line -> line.contains(" security ")).noneMatch(line -> line.contains("@")),
                "no address in any security event");
    }

    /** The answers for a known address and for an unknown one: the same status, the same headers, the same body bytes. */
    private static void assertSameBytes(String path, String known, String unknown) throws Exception {
        HttpResponse<String> forKnown = post(anonymous(), path, known);
        HttpResponse<String> forUnknown = post(anonymous(), path, unknown);
        assertEquals(202, forKnown.statusCode(), forKnown.body());
        assertEquals(forKnown.statusCode(), forUnknown.statusCode());
        assertArrayEquals(forKnown.body().getBytes(StandardCharsets.UTF_8), forUnknown.body().getBytes(StandardCharsets.UTF_8));
        assertEquals(withoutDate(forKnown), withoutDate(forUnknown));
    }

    private static Map<String, List<String>> withoutDate(HttpResponse<String> response) {
        Map<String, List<String>> headers = new TreeMap<>(response.headers().map());
        headers.remove("date");
        return headers;
    }

    private static void mode(String mode) {
        admin.run(0, "apps", "update", "--app", appId, "--registration-mode", mode);
    }

    private static String anonymous() throws Exception {
        return Http.json(Http.send("POST", api.resolve("/v1/installs"), Http.basic(appId, appSecret), "application/json",
                "{\"platform\": \"ios\", \"device_class\": \"phone\", \"sdk_version\": \"1.0.0\"}")).get("access_token").asText();
    }

    private static HttpResponse<String> post(String accessToken, String path, String body) throws Exception {
        return Http.send("POST", api.resolve(path), "Bearer " + accessToken, "application/json", body);
    }

    private static String account(String address) {
        return "{\"email\": \"" + address + "\", \"password\": \"" + PASSWORD + "\"}";
    }

    private static String email(String address) {
        return "{\"email\": \"" + address + "\"}";
    }

    /** The body that posts the token of {@code mail}'s link. */
    private static String token(String mail) {
        Matcher found = TOKEN.matcher(mail);
        assertTrue(found.find(), mail);
        return "{\"token\": \"" + found.group() + "\"}";
    }

    /** The text of the newest mail to {@code address} with {@code subject}, once the sender wrote it. */
    private static String awaitMail(String address, String subject) throws Exception {
        Instant deadline = Instant.now().plus(MAIL_WAIT);
        while (Instant.now().isBefore(deadline)) {
            List<String> mails = mailsTo(address).stream().filter(mail -> mail.contains("\r\nSubject: " + subject + "\r\n")).toList();
            if (!mails.isEmpty()) {
                return mails.getLast();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no mail \"" + subject + "\" to " + address + " in " + MAIL_WAIT + "; serve said "
                + serve.stdout() + " " + serve.stderr());
    }

    private static List<String> mailsTo(String address) throws IOException {
        if (!Files.isDirectory(outbox)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(outbox)) {
            List<String> mails = new ArrayList<>();
            files.filter(file -> file.toString().endsWith(".eml")).sorted().forEach(file -> {
                try {
                    mails.add(Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return mails.stream().filter(mail -> mail.contains("\r\nTo: " + address + "\r\n")).toList();
        }
    }
}
