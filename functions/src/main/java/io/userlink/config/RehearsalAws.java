package io.userlink.config;

import io.userlink.json.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * DynamoDB, Secrets Manager and SES answered in memory, for a {@link Rehearsal}: the SDK clients over it marshal,
 * sign and unmarshal as they do over the network, and nothing leaves the process. It keeps the items that are put,
 * updated ({@code SET} of a value or {@code if_not_exists}, {@code ADD} of a number, {@code REMOVE}) and deleted, and
 * the secrets that are written; it answers reads and partition-key queries from them. Conditions are not evaluated:
 * every write succeeds. SES accepts every mail and keeps none. That is enough for each function's success path on a
 * fresh rehearsal, not a database.
 */
final class RehearsalAws implements SdkHttpClient {

    private static final String DYNAMODB = "DynamoDB_20120810.";
    private static final String SECRETS_MANAGER = "secretsmanager.";
    /** SES API v2's {@code SendEmail}: a REST call, named by its path rather than a target header. */
    private static final String SES_SEND_EMAIL = "/v2/email/outbound-emails";

    private static final Pattern CLAUSE = Pattern.compile("(SET|ADD|REMOVE)\\s+(.*?)(?=\\s+(?:SET|ADD|REMOVE)\\s|$)");
    private static final Pattern IF_NOT_EXISTS = Pattern.compile("\\s*if_not_exists\\([^,]+,\\s*(:\\w+)\\)\\s*");

    private final Map<String, Object> items = new ConcurrentHashMap<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Queue<String> stream = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sentMails = new AtomicInteger();

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
        String path = request.httpRequest().encodedPath();
        Map<String, Object> body = request.contentStreamProvider()
                .map(content -> Json.parseTrustedObject(read(content.newStream())))
                .orElse(Map.of());
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                if (target.startsWith(DYNAMODB)) {
                    return answer(200, dynamoDb(target.substring(DYNAMODB.length()), body));
                }
                if (target.startsWith(SECRETS_MANAGER)) {
                    return secretsManager(target.substring(SECRETS_MANAGER.length()), body);
                }
                if (path.equals(SES_SEND_EMAIL)) {
                    return answer(200, Map.of("MessageId", "rehearsal-" + sentMails.incrementAndGet()));
                }
                throw new IllegalStateException("a rehearsal answers DynamoDB, Secrets Manager and SES's SendEmail only: "
                        + target + " " + path);
            }

            @Override
            public void abort() {
                // Answered synchronously: nothing in flight to abort.
            }
        };
    }

    private Map<String, Object> dynamoDb(String operation, Map<String, Object> request) {
        switch (operation) {
            case "GetItem" -> {
                Object item = items.get(key(request.get("Key")));
                return item == null ? Map.of() : Map.of("Item", item);
            }
            case "PutItem" -> put(request.get("Item"));
            case "DeleteItem" -> items.remove(key(request.get("Key")));
            case "TransactWriteItems" -> {
                for (Object action : (List<?>) request.get("TransactItems")) {
                    Map<?, ?> actions = (Map<?, ?>) action;
                    if (actions.get("Put") instanceof Map<?, ?> put) {
                        put(put.get("Item"));
                    }
                    if (actions.get("Delete") instanceof Map<?, ?> delete) {
                        items.remove(key(delete.get("Key")));
                    }
                }
            }
            case "UpdateItem" -> {
                return update(request);
            }
            case "Query" -> {
                return query(request);
            }
            case "BatchWriteItem" -> {
                return Map.of("UnprocessedItems", Map.of());
            }
            default -> {
                // The rest succeed without being applied.
            }
        }
        return Map.of();
    }

    private Map<String, Object> update(Map<String, Object> request) {
        String key = key(request.get("Key"));
        Map<?, ?> old = (Map<?, ?>) items.get(key);
        Map<Object, Object> item = new LinkedHashMap<>(old == null ? (Map<?, ?>) request.get("Key") : old);
        Map<?, ?> names = request.get("ExpressionAttributeNames") instanceof Map<?, ?> given ? given : Map.of();
        Map<?, ?> values = request.get("ExpressionAttributeValues") instanceof Map<?, ?> given ? given : Map.of();
        Matcher clause = CLAUSE.matcher((String) request.get("UpdateExpression"));
        while (clause.find()) {
            for (String term : clause.group(2).split(",(?![^(]*\\))")) {
                String[] parts = term.strip().split("\\s*=\\s*|\\s+", 2);
                Object name = names.containsKey(parts[0]) ? names.get(parts[0]) : parts[0];
                switch (clause.group(1)) {
                    case "SET" -> {
                        Matcher ifNotExists = IF_NOT_EXISTS.matcher(parts[1]);
                        if (!ifNotExists.matches()) {
                            item.put(name, values.get(parts[1].strip()));
                        } else if (!item.containsKey(name)) {
                            item.put(name, values.get(ifNotExists.group(1)));
                        }
                    }
                    case "ADD" -> {
                        long before = item.get(name) instanceof Map<?, ?> number ? Long.parseLong((String) number.get("N")) : 0;
                        long added = Long.parseLong((String) ((Map<?, ?>) values.get(parts[1].strip())).get("N"));
                        item.put(name, Map.of("N", String.valueOf(before + added)));
                    }
                    default -> item.remove(name); // REMOVE: the one clause left that CLAUSE matches
                }
            }
        }
        items.put(key, item);
        Object returned = "ALL_NEW".equals(request.get("ReturnValues")) ? item
                : "ALL_OLD".equals(request.get("ReturnValues")) && old != null ? old : null;
        return returned == null ? Map.of() : Map.of("Attributes", returned);
    }

    /** The items of one partition ({@code pk = :pk}), by sort key; other conditions are not evaluated. */
    private Map<String, Object> query(Map<String, Object> request) {
        Object partition = ((Map<?, ?>) request.get("ExpressionAttributeValues")).get(":pk");
        List<Object> found = items.values().stream()
                .filter(item -> partition.equals(((Map<?, ?>) item).get("pk")))
                .sorted(Comparator.comparing(item -> String.valueOf(((Map<?, ?>) ((Map<?, ?>) item).get("sk")).get("S"))))
                .toList();
        return Map.of("Items", found, "Count", found.size(), "ScannedCount", found.size());
    }

    private HttpExecuteResponse secretsManager(String operation, Map<String, Object> request) {
        String id = String.valueOf(request.containsKey("SecretId") ? request.get("SecretId") : request.get("Name"));
        switch (operation) {
            case "GetSecretValue" -> {
                String secret = secrets.get(id);
                if (secret == null) {
                    return answer(400, Map.of("__type", "ResourceNotFoundException",
                            "Message", "Secrets Manager can't find the specified secret."));
                }
                return answer(200, Map.of("ARN", arn(id), "Name", id, "SecretString", secret,
                        "VersionId", "rehearsal", "VersionStages", List.of("AWSCURRENT")));
            }
            case "CreateSecret", "PutSecretValue" -> secrets.put(id, (String) request.get("SecretString"));
            default -> {
                // Other writes succeed without being applied.
            }
        }
        return answer(200, Map.of("ARN", arn(id), "Name", id, "VersionId", "rehearsal"));
    }

    private void put(Object item) {
        items.put(key(item), item);
        stream.add(String.valueOf(((Map<?, ?>) ((Map<?, ?>) item).get("pk")).get("S")));
    }

    /**
     * The partition keys of the items put since the last call, oldest first: what the table's stream would deliver to
     * the mail sender (updates and deletes left out, as the outbox's mails are put).
     */
    List<String> newlyPutPartitionKeys() {
        List<String> keys = new ArrayList<>();
        for (String key = stream.poll(); key != null; key = stream.poll()) {
            keys.add(key);
        }
        return keys;
    }

    /** The table key of an item or key in DynamoDB's JSON: its partition and sort key strings. */
    private static String key(Object attributes) {
        Map<?, ?> map = (Map<?, ?>) attributes;
        return ((Map<?, ?>) map.get("pk")).get("S") + "|" + ((Map<?, ?>) map.get("sk")).get("S");
    }

    private static String arn(String id) {
        return "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + id;
    }

    private static HttpExecuteResponse answer(int status, Map<String, Object> body) {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(status)
                        .putHeader("Content-Type", "application/x-amz-json-1.1")
                        .putHeader("Content-Length", String.valueOf(bytes.length)).build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String clientName() {
        return "Rehearsal";
    }

    @Override
    public void close() {
        // Holds nothing that needs closing.
    }
}
