package io.userlink.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userlink.local.LocalAws;
import io.userlink.local.LocalDeployment;
import io.userlink.local.LocalSecretsManager;
import io.userlink.local.LoopbackTls;
import io.userlink.local.PrivateFiles;
import io.userlink.local.SamTemplate;
import io.userlink.local.TemporaryDirectory;
import io.userlink.local.iam.AccessKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The local AWS account of the template in a process of its own, so the benchmarks' measurements do not share
 * a JVM (or its CPU time) with it. As a program it writes its endpoints (HTTP, and HTTPS as AWS serves its own: one
 * port per service, as each has its own host there), the trust store a client needs for the HTTPS ones, the key ring's
 * ARN and every principal's access key to a file readable by its owner, prints {@code ready <file>}, and serves until
 * its input closes.
 */
public final class StandIns {

    /** The template's parameters as deployed here: the local mail sender, so the mail sender's sends succeed. */
    static final Map<String, String> PARAMETERS = LocalAws.Mail.withLocalSender(Map.of());

    /**
     * The services the functions call, as their endpoint variables name them ({@code AWS_ENDPOINT_URL_<SERVICE>}):
     * each gets an HTTPS endpoint of its own.
     */
    static final List<String> SERVICES = List.of("DYNAMODB", "SECRETS_MANAGER", "SESV2");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The account running in its process: its endpoint over HTTP, its HTTPS endpoints by service (with the trust store
     * a client needs for them), the ARNs of the key ring and its public keys, and the keys by principal; closing stops it.
     */
    record Running(Process process, URI endpoint, Map<String, URI> tlsEndpoints, Path trustStore, String keyRingArn,
                   String publicKeysArn, Map<String, AccessKey> keys) implements AutoCloseable {

        private static final int STOP_SECONDS = 10;

        /** The HTTPS endpoint of {@code service}, one of {@link #SERVICES}. */
        URI tlsEndpoint(String service) {
            return named(tlsEndpoints, "service", service);
        }

        /** The key of the harness (which may do anything), a function's logical id, or {@code operator}. */
        AccessKey key(String principal) {
            return named(keys, "principal", principal);
        }

        private static <V> V named(Map<String, V> values, String kind, String name) {
            V value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no " + kind + " " + name);
            }
            return value;
        }

        /**
         * Closes the account's input, which stops it, and waits for it to close its account (which deletes the
         * account's temporary outbox); stops the process if it has not ended within {@value #STOP_SECONDS} seconds.
         */
        @Override
        public void close() throws IOException {
            process.getOutputStream().close();
            try {
                if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }

    private StandIns() {}

    /** Starts the account for the project's template in a new JVM and waits until it serves. */
    static Running start(Path project) throws Exception {
        Process process = new ProcessBuilder(ProbeSetup.java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                ProbeSetup.jarOf(StandIns.class), StandIns.class.getName(),
                project.resolve("template.yaml").toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String ready = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
            JsonNode account = JSON.readTree(Path.of(ready.substring("ready ".length())).toFile());
            Map<String, AccessKey> keys = new LinkedHashMap<>();
            account.get("keys").properties().forEach(entry -> keys.put(entry.getKey(), new AccessKey(
                    entry.getValue().get("id").asText(), entry.getValue().get("secret").asText(),
                    Optional.ofNullable(entry.getValue().get("token")).map(JsonNode::asText))));
            Map<String, URI> tlsEndpoints = new LinkedHashMap<>();
            account.get("tls_endpoints").properties().forEach(entry -> tlsEndpoints.put(entry.getKey(),
                    URI.create(entry.getValue().asText())));
            return new Running(process, URI.create(account.get("endpoint").asText()), tlsEndpoints,
                    Path.of(account.get("trust_store").asText()),
                    account.get("key_ring_arn").asText(), account.get("public_keys_arn").asText(), keys);
        } catch (IOException | RuntimeException e) {
            process.destroy();
            throw e;
        }
    }

    public static void main(String[] args) throws Exception {
        Path template = Path.of(args[0]);
        try (LocalAws aws = LocalAws.start(template, null, PARAMETERS, LocalAws.Mail.quiet());
             TemporaryDirectory tlsFiles = TemporaryDirectory.create("userlink-bench-tls")) {
            LoopbackTls tls = LoopbackTls.create(tlsFiles.path());
            // The benchmarks stage each rotation with RotateSecret, then hand the rotation function its step themselves.
            // Each run of the rotation case writes two versions of the ring (the function's, the floor's), more in a
            // long benchmark than Secrets Manager keeps of a day: each staging drops the unlabelled ones, as Secrets
            // Manager drops them a day on.
            String keyRing = aws.deployment().physicalName("KeyRingSecret");
            aws.secretsManager().onRotation(keyRing, new LocalSecretsManager.RotationFunction(
                    LocalDeployment.functionArn("RotateKeyRingFunction"),
                    step -> aws.secretsManager().dropUnlabelledVersions(keyRing)));
            ObjectNode account = JSON.createObjectNode();
            account.put("endpoint", aws.endpoint().toString());
            ObjectNode tlsEndpoints = account.putObject("tls_endpoints");
            for (String service : SERVICES) {
                tlsEndpoints.put(service, aws.serveTls(tls).toString());
            }
            account.put("trust_store", tls.trustStore().toString());
            account.put("key_ring_arn", aws.deployment().resolve(Map.of("Ref", "KeyRingSecret"), "benchmarks"));
            account.put("public_keys_arn", aws.deployment().resolve(Map.of("Ref", "PublicKeysSecret"), "benchmarks"));
            ObjectNode keys = account.putObject("keys");
            for (String principal : principals(template)) {
                AccessKey key = aws.principal(principal).key();
                ObjectNode node = keys.putObject(principal).put("id", key.id()).put("secret", key.secret());
                key.sessionToken().ifPresent(token -> node.put("token", token));
            }
            Path file = Files.createTempFile("userlink-bench-account", ".json");
            file.toFile().deleteOnExit();
            PrivateFiles.restrictToOwner(file);
            JSON.writeValue(file.toFile(), account);
            System.out.println("ready " + file);
            System.out.flush();
            while (System.in.read() >= 0) {
                // Wait for the benchmark to close our input.
            }
        }
    }

    private static List<String> principals(Path template) {
        List<String> names = new ArrayList<>(List.of(LocalAws.HARNESS, LocalAws.OPERATOR));
        SamTemplate.read(template).functions().forEach(function -> names.add(function.logicalId()));
        return names;
    }
}
