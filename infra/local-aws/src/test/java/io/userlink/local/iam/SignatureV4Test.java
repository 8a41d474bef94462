package io.userlink.local.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/** Requests signed by the AWS SDK's own SigV4 signer, checked by ours. */
class SignatureV4Test {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final AccessKey LONG_TERM = new AccessKey("AKIAEXAMPLE", "secret-one", Optional.empty());
    private static final AccessKey TEMPORARY = new AccessKey("ASIAEXAMPLE", "secret-two", Optional.of("session-token"));
    private static final byte[] BODY = "{\"TableName\":\"userlink\"}".getBytes(StandardCharsets.UTF_8);

    private final SignatureV4 verifier = new SignatureV4("us-east-1",
            id -> List.of(LONG_TERM, TEMPORARY).stream().filter(k -> k.id().equals(id)).findFirst(), () -> NOW);

    @Test
    void verifyWhenSignedBySdkThenReturnsTheKey() throws AwsError {
        assertEquals(LONG_TERM, verifier.verify(signed(LONG_TERM, "dynamodb", NOW, BODY), "dynamodb"));
        assertEquals(TEMPORARY, verifier.verify(signed(TEMPORARY, "secretsmanager", NOW, BODY), "secretsmanager"));
    }

    @Test
    void verifyWhenBodyChangedAfterSigningThenSignatureDoesNotMatch() {
        SignatureV4.Request signed = signed(LONG_TERM, "dynamodb", NOW, BODY);
        SignatureV4.Request tampered = new SignatureV4.Request(signed.method(), signed.rawPath(), signed.rawQuery(),
                signed.headers(), "{\"TableName\":\"other\"}".getBytes(StandardCharsets.UTF_8));

        assertEquals("InvalidSignatureException", assertThrows(AwsError.class, () -> verifier.verify(tampered, "dynamodb")).type());
    }

    @Test
    void verifyWhenWrongSecretThenSignatureDoesNotMatch() {
        AccessKey forged = new AccessKey(LONG_TERM.id(), "guessed", Optional.empty());

        assertEquals("InvalidSignatureException",
                assertThrows(AwsError.class, () -> verifier.verify(signed(forged, "dynamodb", NOW, BODY), "dynamodb")).type());
    }

    @Test
    void verifyWhenUnknownKeyThenUnrecognizedClient() {
        AccessKey unknown = new AccessKey("AKIAMADEUP", "x", Optional.empty());

        assertEquals("UnrecognizedClientException",
                assertThrows(AwsError.class, () -> verifier.verify(signed(unknown, "dynamodb", NOW, BODY), "dynamodb")).type());
    }

    @Test
    void verifyWhenNoAuthorizationThenMissingAuthenticationToken() {
        SignatureV4.Request unsigned = new SignatureV4.Request("POST", "/", "", Map.of("Host", List.of("127.0.0.1")), BODY);

        assertEquals("MissingAuthenticationTokenException",
                assertThrows(AwsError.class, () -> verifier.verify(unsigned, "dynamodb")).type());
    }

    @Test
    void verifyWhenTemporaryKeyWithoutItsSessionTokenThenUnrecognizedClient() {
        SignatureV4.Request signed = signed(TEMPORARY, "dynamodb", NOW, BODY);
        Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("x-amz-security-token"));

        assertEquals("UnrecognizedClientException", assertThrows(AwsError.class, () -> verifier.verify(
                new SignatureV4.Request("POST", "/", "", headers, BODY), "dynamodb")).type());
    }

    @Test
    void verifyWhenSignedMoreThanFifteenMinutesAgoThenExpired() {
        AwsError error = assertThrows(AwsError.class, () -> verifier.verify(
                signed(LONG_TERM, "dynamodb", NOW.minus(Duration.ofMinutes(16)), BODY), "dynamodb"));

        assertEquals("InvalidSignatureException", error.type());
        assertEquals(true, error.getMessage().startsWith("Signature expired"), error.getMessage());
    }

    @Test
    void verifyWhenSignedForAnotherServiceThenRefused() {
        assertThrows(AwsError.class, () -> verifier.verify(signed(LONG_TERM, "secretsmanager", NOW, BODY), "dynamodb"));
    }

    private static SignatureV4.Request signed(AccessKey key, String service, Instant at, byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(URI.create("http://127.0.0.1:4566/"))
                .putHeader("Content-Type", "application/x-amz-json-1.0")
                .putHeader("X-Amz-Target", "DynamoDB_20120810.GetItem")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
        AwsCredentialsIdentity identity = key.sessionToken().isPresent()
                ? AwsSessionCredentialsIdentity.create(key.id(), key.secret(), key.sessionToken().get())
                : AwsCredentialsIdentity.create(key.id(), key.secret());
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request();
        Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
        headers.put("Host", List.of("127.0.0.1:4566"));
        return new SignatureV4.Request("POST", "/", "", headers, body);
    }
}
