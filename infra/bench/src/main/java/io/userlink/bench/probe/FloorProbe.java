package io.userlink.bench.probe;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.userlink.json.Json;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The floor of a function: the cheapest program that does its irreducible work on Lambda, in a fresh JVM with the
 * same flags and classpath. It reads the raw event bytes with the JSON parser the SDK carries anyway (no Lambda POJO
 * serializer, no second JSON library), builds only the AWS clients the function needs in the cheapest configuration
 * that works with and without SnapStart, issues the same DynamoDB and Secrets Manager calls, verifies or signs a token
 * where the function does, and writes a payload 2.0 response.
 */
public final class FloorProbe {

    private FloorProbe() {}

    /**
     * Arguments: the event file, then the function's calls in order: {@code get:PK|SK} (eventually
     * consistent), {@code cget:PK|SK}, {@code update:PK|SK}, {@code put} (a conditional put of a new item),
     * {@code query:PK}, {@code tx:N} (N conditional puts of new items), {@code batch:N} (N deletes),
     * {@code sm:SECRET_ID}, {@code verify} (the token of the event's form body, else its bearer token, RS256, with the key
     * ring's current key, or the key of the token's kid where the secret read last holds public keys),
     * {@code sign} (RS256 with the key ring's current key), {@code delete:PK|SK}, {@code hash} (one PBKDF2-HMAC-SHA256
     * of 600,000 iterations, as a sign-in verifies or a registration stores a password), {@code jwks} (the public keys
     * of the key ring or of the public keys secret, whichever was read last, as the JWK set of the response's body),
     * {@code describe:SECRET_ID}, {@code pending:SECRET_ID} (a
     * read of a pending version that does not exist yet), {@code rotate} (a new 2048-bit RSA key, and the ring read
     * last turned one step), {@code put-pending:SECRET_ID} (the rotated ring as the secret's pending version),
     * {@code mail} (one SES mail from {@code MAIL_FROM_ADDRESS}, text and HTML), {@code mark:PK|SK} (a transaction of
     * an update of that item and a delete of another, as a mail is marked and taken off the list of unsent ones),
     * {@code box} and {@code unbox:MS} (a
     * sleep until MS milliseconds after the {@code box}, as a request that must answer alike for any address waits out
     * its timebox). Every floor then writes a payload 2.0 response.
     */
    public static void main(String[] args) throws Exception {
        Map<String, Object> event = Probes.event(Path.of(args[0]));
        List<String> calls = List.of(args).subList(1, args.length);
        Set<Service> services = EnumSet.noneOf(Service.class);
        calls.forEach(call -> services.add(Kind.of(call).service));
        SdkHttpClient http = calls.isEmpty() ? null : UrlConnectionHttpClient.create();
        DynamoDbClient dynamoDb = services.contains(Service.DYNAMODB) ? client(DynamoDbClient.builder(), http) : null;
        SecretsManagerClient secrets = services.contains(Service.SECRETS_MANAGER)
                ? client(SecretsManagerClient.builder(), http) : null;
        SesV2Client ses = services.contains(Service.SES) ? client(SesV2Client.builder(), http) : null;
        String table = System.getenv("TABLE_NAME");
        String keys = null; // the last secret read that holds keys: a ring, or a JWK set of public keys
        String rotatedRing = null;
        Map<String, Object> body = Map.of("floor", true);
        long boxed = 0;
        for (String call : calls) {
            String[] parts = call.split(":", 2);
            switch (Kind.of(call)) {
                case GET -> dynamoDb.getItem(r -> r.tableName(table).key(key(parts[1])));
                case CGET -> dynamoDb.getItem(r -> r.tableName(table).key(key(parts[1])).consistentRead(true));
                case UPDATE -> dynamoDb.updateItem(r -> r.tableName(table).key(key(parts[1]))
                        .updateExpression("SET floor_probe = :n")
                        .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("1"))));
                case QUERY -> dynamoDb.query(r -> r.tableName(table).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(parts[1]))));
                case PUT -> {
                    Put put = newItem(table);
                    dynamoDb.putItem(r -> r.tableName(table).item(put.item()).conditionExpression(put.conditionExpression()));
                }
                case TX -> dynamoDb.transactWriteItems(r -> r.transactItems(newItems(table, Integer.parseInt(parts[1]))));
                case BATCH -> dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(table, deletes(Integer.parseInt(parts[1])))));
                case DELETE -> dynamoDb.deleteItem(r -> r.tableName(table).key(key(parts[1])));
                case MARK -> dynamoDb.transactWriteItems(r -> r.transactItems(
                        TransactWriteItem.builder().update(u -> u.tableName(table).key(key(parts[1]))
                                .updateExpression("SET floor_probe = :n")
                                .expressionAttributeValues(Map.of(":n", AttributeValue.fromN("1")))).build(),
                        TransactWriteItem.builder().delete(d -> d.tableName(table)
                                .key(key("FLOOR#" + UUID.randomUUID() + "|FLOOR"))).build()));
                case HASH -> hash();
                case SM -> {
                    String value = secrets.getSecretValue(r -> r.secretId(parts[1])).secretString();
                    keys = value.contains("\"current\"") || value.contains("\"keys\"") ? value : keys;
                }
                case DESCRIBE -> secrets.describeSecret(r -> r.secretId(parts[1]));
                case PENDING -> {
                    try {
                        secrets.getSecretValue(r -> r.secretId(parts[1]).versionId(UUID.randomUUID().toString())
                                .versionStage("AWSPENDING"));
                        throw new IllegalStateException("a version made up for the floor exists");
                    } catch (ResourceNotFoundException expected) {
                        // The function finds no pending version of its rotation either.
                    }
                }
                case ROTATE -> rotatedRing = rotated(keys);
                case PUT_PENDING -> {
                    String ring = rotatedRing;
                    secrets.putSecretValue(r -> r.secretId(parts[1]).clientRequestToken(UUID.randomUUID().toString())
                            .secretString(ring).versionStages("AWSPENDING"));
                }
                case MAIL -> ses.sendEmail(r -> r.fromEmailAddress(System.getenv("MAIL_FROM_ADDRESS"))
                        .destination(d -> d.toAddresses("floor@example.com"))
                        .content(c -> c.simple(m -> m.subject(s -> s.data("Floor").charset("UTF-8"))
                                .body(b -> b.text(t -> t.data("floor").charset("UTF-8"))
                                        .html(h -> h.data("<p>floor</p>").charset("UTF-8"))))));
                case VERIFY -> verify(keys, presentedToken(event));
                case SIGN -> sign(keys);
                case JWKS -> body = publicKeys(keys).toJSONObject(true);
                case BOX -> boxed = System.nanoTime();
                case UNBOX -> {
                    long remaining = boxed + Long.parseLong(parts[1]) * 1_000_000 - System.nanoTime();
                    if (remaining > 0) {
                        Thread.sleep(Math.ceilDiv(remaining, 1_000_000));
                    }
                }
            }
        }
        respond(body);
        Probes.report(200);
    }

    /** Where a call's work is done. */
    private enum Service { DYNAMODB, SECRETS_MANAGER, SES, NONE }

    /** A call's kind, as {@link #main}'s arguments name it ({@code PUT_PENDING} is {@code put-pending}). */
    private enum Kind {
        GET(Service.DYNAMODB), CGET(Service.DYNAMODB), UPDATE(Service.DYNAMODB), QUERY(Service.DYNAMODB),
        PUT(Service.DYNAMODB), TX(Service.DYNAMODB), BATCH(Service.DYNAMODB), DELETE(Service.DYNAMODB),
        MARK(Service.DYNAMODB),
        SM(Service.SECRETS_MANAGER), DESCRIBE(Service.SECRETS_MANAGER), PENDING(Service.SECRETS_MANAGER),
        PUT_PENDING(Service.SECRETS_MANAGER), MAIL(Service.SES),
        HASH(Service.NONE), ROTATE(Service.NONE), VERIFY(Service.NONE), SIGN(Service.NONE), JWKS(Service.NONE),
        BOX(Service.NONE), UNBOX(Service.NONE);

        private final Service service;

        Kind(Service service) {
            this.service = service;
        }

        /** The kind of a call argument ({@code tx:3}, {@code put-pending:ID}...). */
        static Kind of(String call) {
            String name = call.split(":", 2)[0];
            try {
                return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException unknown) {
                throw new IllegalArgumentException("unknown call " + call, unknown);
            }
        }
    }

    /** Writes a payload 2.0 response with the body, as every function writes one for API Gateway. */
    private static void respond(Map<String, Object> body) throws Exception {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("statusCode", 200);
        response.put("headers", Map.of("content-type", "application/json"));
        response.put("body", Json.write(body));
        response.put("isBase64Encoded", false);
        OutputStream.nullOutputStream().write(Json.write(response).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The cheapest client that works on Lambda with and without SnapStart: the region from {@code AWS_REGION} (Lambda
     * always sets it; the default chain would first probe system properties and profile files), the credentials
     * from the container endpoint when Lambda names one (SnapStart: variables would be frozen into the snapshot) or
     * else from the variables Lambda sets. The URL-connection HTTP client: the lightest the SDK ships.
     */
    private static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C client(B builder, SdkHttpClient http) {
        return builder.httpClient(http).region(Region.of(System.getenv("AWS_REGION")))
                .credentialsProvider(System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI") != null
                        ? ContainerCredentialsProvider.builder().build() : EnvironmentVariableCredentialsProvider.create())
                .build();
    }

    private static Map<String, AttributeValue> key(String pkAndSk) {
        String[] parts = pkAndSk.split("\\|", 2);
        return Map.of("pk", AttributeValue.fromS(parts[0]), "sk", AttributeValue.fromS(parts[1]));
    }

    private static List<TransactWriteItem> newItems(String table, int count) {
        List<TransactWriteItem> items = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            items.add(TransactWriteItem.builder().put(newItem(table)).build());
        }
        return items;
    }

    private static Put newItem(String table) {
        return Put.builder().tableName(table)
                .item(Map.of("pk", AttributeValue.fromS("FLOOR#" + UUID.randomUUID()), "sk", AttributeValue.fromS("FLOOR"),
                        "expires_at", AttributeValue.fromN(Long.toString(System.currentTimeMillis() / 1000 + 3600))))
                .conditionExpression("attribute_not_exists(pk)").build();
    }

    private static List<WriteRequest> deletes(int count) {
        List<WriteRequest> deletes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            deletes.add(WriteRequest.builder().deleteRequest(d -> d.key(Map.of("pk",
                    AttributeValue.fromS("FLOOR#" + UUID.randomUUID()), "sk", AttributeValue.fromS("FLOOR")))).build());
        }
        return deletes;
    }

    private static void hash() throws Exception {
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec("floor password".toCharArray(), new byte[16], 600_000, 256)).getEncoded();
    }

    /**
     * The token the event presents for verification: the {@code token} of its form body where it has one (token
     * introspection, whose caller presents an API key), else its bearer token.
     */
    private static String presentedToken(Map<String, Object> event) {
        String body = event.get("body") instanceof String text ? text : "";
        String form = Boolean.TRUE.equals(event.get("isBase64Encoded"))
                ? new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8) : body;
        return Arrays.stream(form.split("&")).filter(pair -> pair.startsWith("token=")).findFirst()
                .map(pair -> pair.substring("token=".length()))
                .orElseGet(() -> ((String) ((Map<?, ?>) event.get("headers")).get("authorization"))
                        .substring("Bearer ".length()));
    }

    private static void verify(String keysJson, String token) throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        RSAKey key = keysJson.contains("\"current\"") ? currentKey(keysJson)
                : (RSAKey) JWKSet.parse(keysJson).getKeyByKeyId(jwt.getHeader().getKeyID());
        if (!jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
            throw new IllegalStateException("the event's token does not verify");
        }
    }

    private static void sign(String keyRingJson) throws Exception {
        RSAKey key = currentKey(keyRingJson);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer("floor").subject("floor").expirationTime(new Date()).build());
        jwt.sign(new RSASSASigner(key));
    }

    /** The ring one rotation later, as JSON: a new next key, the old next signs, the old current verifies. */
    @SuppressWarnings("unchecked")
    private static String rotated(String keyRingJson) throws Exception {
        RSAKey generated = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        RSAKey next = new RSAKey.Builder(generated).keyID(generated.computeThumbprint().toString()).build();
        Map<String, Object> ring = new LinkedHashMap<>(Json.parseTrustedObject(keyRingJson));
        ring.put("previous", ring.get("current"));
        ring.put("current", ring.get("next"));
        ring.put("next", next.toJSONObject());
        return Json.write(ring);
    }

    /** The public keys of the public keys secret, or of the ring, as a JWK set. */
    @SuppressWarnings("unchecked")
    private static JWKSet publicKeys(String keysJson) throws Exception {
        if (!keysJson.contains("\"current\"")) {
            return JWKSet.parse(keysJson);
        }
        Map<String, Object> ring = Json.parseTrustedObject(keysJson);
        List<JWK> keys = new ArrayList<>();
        for (String name : List.of("current", "next", "previous")) {
            if (ring.get(name) instanceof Map<?, ?> key) {
                keys.add(RSAKey.parse((Map<String, Object>) key).toPublicJWK());
            }
        }
        return new JWKSet(keys);
    }

    @SuppressWarnings("unchecked")
    private static RSAKey currentKey(String keyRingJson) throws Exception {
        return RSAKey.parse((Map<String, Object>) Json.parseTrustedObject(keyRingJson).get("current"));
    }
}
