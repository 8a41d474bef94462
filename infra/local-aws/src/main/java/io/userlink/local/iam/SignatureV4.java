package io.userlink.local.iam;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks an AWS Signature Version 4 {@code Authorization} header as the services do: the key must be known,
 * the scope must name this region and service on the request's date, the date must be within 15 minutes of
 * now, a temporary key must come with its session token, and the signature must be the HMAC the secret key
 * gives for the canonical request (method, path, query, the signed headers, the payload's hash).
 */
public final class SignatureV4 {

    /** A request as it reached the server. Header names are matched case-insensitively. */
    public record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {}

    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/,\\s]+)/([^/,\\s]+)/aws4_request\\s*,\\s*"
                    + "SignedHeaders=([^,\\s]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private final String region;
    private final Function<String, Optional<AccessKey>> keys;
    private final InstantSource clock;

    /**
     * @param keys finds an access key by its id
     */
    public SignatureV4(String region, Function<String, Optional<AccessKey>> keys, InstantSource clock) {
        this.region = region;
        this.keys = keys;
        this.clock = clock;
    }

    /**
     * The access key that signed {@code request} for {@code service} (the signing name: {@code dynamodb},
     * {@code secretsmanager}).
     *
     * @throws AwsError what the service answers: a missing, unknown or malformed credential, a wrong scope,
     *     an expired date or a signature that does not match
     */
    public AccessKey verify(Request request, String service) throws AwsError {
        String authorization = header(request, "authorization");
        if (authorization == null) {
            throw AwsError.missingToken();
        }
        Matcher parts = AUTHORIZATION.matcher(authorization.strip());
        if (!parts.matches()) {
            throw new AwsError(400, "IncompleteSignatureException",
                    "Authorization header requires Credential, SignedHeaders and Signature with AWS4-HMAC-SHA256.");
        }
        AccessKey key = keys.apply(parts.group(1)).orElseThrow(AwsError::unrecognizedClient);
        if (key.sessionToken().isPresent() && !key.sessionToken().get().equals(header(request, "x-amz-security-token"))) {
            throw AwsError.unrecognizedClient();
        }
        if (!region.equals(parts.group(3)) || !service.equals(parts.group(4))) {
            throw AwsError.invalidSignature("Credential should be scoped to a valid region and service: " + region + "/" + service);
        }
        String amzDate = header(request, "x-amz-date");
        Instant signedAt = parseDate(amzDate);
        if (!amzDate.startsWith(parts.group(2))) {
            throw AwsError.invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP");
        }
        Instant now = clock.instant();
        if (Duration.between(signedAt, now).abs().compareTo(MAX_SKEW) > 0) {
            throw AwsError.invalidSignature("Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        List<String> signedHeaders = Arrays.asList(parts.group(5).split(";"));
        if (!signedHeaders.contains("host")) {
            throw AwsError.invalidSignature("'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String scope = parts.group(2) + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + hex(sha256(canonicalRequest(request, signedHeaders).getBytes(StandardCharsets.UTF_8)));
        byte[] signingKey = hmac(hmac(hmac(hmac(("AWS4" + key.secret()).getBytes(StandardCharsets.UTF_8),
                parts.group(2)), region), service), "aws4_request");
        byte[] expected = hmac(signingKey, stringToSign);
        if (!MessageDigest.isEqual(expected, HexFormat.of().parseHex(parts.group(6)))) {
            throw AwsError.invalidSignature("The request signature we calculated does not match the signature you provided."
                    + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
        return key;
    }

    private static String canonicalRequest(Request request, List<String> signedHeaders) throws AwsError {
        StringBuilder canonical = new StringBuilder();
        canonical.append(request.method().toUpperCase(Locale.ROOT)).append('\n');
        canonical.append(canonicalPath(request.rawPath())).append('\n');
        canonical.append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            List<String> values = values(request, name);
            if (values == null) {
                throw AwsError.invalidSignature("The request signed the header " + name + " but does not carry it.");
            }
            canonical.append(name).append(':').append(String.join(",",
                    values.stream().map(value -> value.strip().replaceAll("\\s+", " ")).toList())).append('\n');
        }
        canonical.append('\n').append(String.join(";", signedHeaders)).append('\n');
        // The payload is hashed here, never taken from the client: a declared hash must be the body's.
        String payloadHash = hex(sha256(request.body()));
        String declared = header(request, "x-amz-content-sha256");
        if (declared != null && !declared.equals(payloadHash)) {
            throw AwsError.invalidSignature("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        canonical.append(payloadHash);
        return canonical.toString();
    }

    /** Each segment of the path as sent, encoded once more: what SigV4 asks of every service but S3. */
    private static String canonicalPath(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.split("/", -1)) {
            segments.add(encode(segment));
        }
        return String.join("/", segments);
    }

    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        TreeMap<String, List<String>> parameters = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = encode(decode(equals < 0 ? pair : pair.substring(0, equals)));
            String value = equals < 0 ? "" : encode(decode(pair.substring(equals + 1)));
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        List<String> pairs = new ArrayList<>();
        parameters.forEach((name, values) -> values.stream().sorted().forEach(value -> pairs.add(name + "=" + value)));
        return String.join("&", pairs);
    }

    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Instant parseDate(String amzDate) throws AwsError {
        if (amzDate == null) {
            throw AwsError.invalidSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        try {
            return Instant.from(AMZ_DATE.parse(amzDate));
        } catch (DateTimeParseException e) {
            throw AwsError.invalidSignature("X-Amz-Date must be in the ISO-8601 basic format yyyyMMdd'T'HHmmss'Z'.");
        }
    }

    private static String header(Request request, String name) {
        List<String> values = values(request, name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static List<String> values(Request request, String name) {
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
