package io.userlink.cli;

import io.userlink.local.AwsGateway;
import io.userlink.local.LocalAws;
import io.userlink.local.SamTemplate;
import io.userlink.local.iam.PolicyDocument.Decision;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userlink serve}: every route of template.yaml on 127.0.0.1, over local stand-ins of AWS. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve every route of template.yaml on 127.0.0.1, running the real handler classes over"
                + " DynamoDB Local and a local Secrets Manager, each function with its own role's permissions."
                + " Seeds a demo app on first start. Ctrl-C stops it.")
final class ServeCommand implements Callable<Integer> {

    /** How often the streams are read: mails appear within this after the change that causes them. */
    private static final Duration EVENT_SOURCE_POLL_INTERVAL = Duration.ofMillis(200);

    @Option(names = "--port", defaultValue = "3000", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--data-dir", description = "Keep tables and secrets in this directory across restarts (default: in memory).")
    Path dataDirectory;

    @Option(names = "--credentials-file", defaultValue = ".userlink/credentials.json",
            description = "Where the demo app's credentials and the operator's AWS key are written as JSON (default: ${DEFAULT-VALUE}).")
    Path credentialsFile;

    @Option(names = "--outbox-dir", paramLabel = "DIR",
            description = "Where account mails are written as .eml files, one line printed per mail (default:"
                    + " outbox/ in --data-dir, else .userlink/outbox).")
    Path outboxDirectory;

    @Option(names = "--template", description = "The SAM template (default: template.yaml here or in a parent directory).")
    Path template;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "Set a function environment variable instead of the template's value, e.g."
                    + " --env KEY_RING_CACHE_SECONDS=1 (repeatable).")
    Map<String, String> environment = new LinkedHashMap<>();

    @Option(names = "--snapstart", defaultValue = "on", paramLabel = "on|off",
            description = "on (default): functions with SnapStart are initialised and their hooks run at start, as"
                    + " publishing a version does; off: as SnapStartApplyOn=None, each initialises on its first request.")
    SnapStartMode snapStart;

    @Option(names = "--allowed-host", paramLabel = "HOST[:PORT]",
            description = "Also answer requests whose Host header is this (repeatable); by default only 127.0.0.1:PORT"
                    + " and localhost:PORT, so no other name (a rebound DNS name) reaches the API.")
    Set<String> allowedHosts = new LinkedHashSet<>();

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        Path templateFile = template != null ? template : SamTemplate.locate(Path.of(""));
        LocalHttpApi api = LocalHttpApi.bind(port, out, allowedHosts);
        Path outbox = outboxDirectory != null ? outboxDirectory
                : dataDirectory != null ? dataDirectory.resolve("outbox") : Path.of(".userlink", "outbox");
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.start(templateFile, dataDirectory, api.baseUrl(), environment, snapStart.enabled(),
                    ServeCommand::logDenial, new LocalAws.Mail(outbox, mail -> {
                        // Recipient and subject only: the body holds the link's token.
                        out.println("mail to " + mail.to() + ": " + mail.subject() + " (" + mail.file() + ")");
                        out.flush();
                    }));
        } catch (RuntimeException e) {
            api.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping");
            api.close();
            runtime.close();
            stopped.countDown();
        }, "userlink-shutdown"));

        DemoApp demo = DemoApp.ensure(runtime.operatorAdministration(), Optional.of(credentialsFile), api.baseUrl());
        demo.write(credentialsFile, runtime.operatorKey());
        out.println("Demo app (also in " + credentialsFile + ", with the operator's AWS key for --endpoint):");
        out.println("  app id      " + demo.appId());
        out.println("  app secret  " + demo.appSecret());
        out.println("  API key     " + demo.apiKey() + "   (scopes user.link user.read user.delete)");
        out.println(dataDirectory == null ? "Data is in memory: it is gone when this process stops (--data-dir keeps it)."
                : "Data is kept in " + dataDirectory.toAbsolutePath() + ".");
        Path description = templateFile.toAbsolutePath().resolveSibling("openapi.yaml");
        if (Files.isRegularFile(description)) {
            ApiDocs.serve(api, description, api.baseUrl());
            out.println("API description " + api.baseUrl() + "/openapi.yaml, docs " + api.baseUrl() + "/docs");
        } else {
            out.println("No openapi.yaml beside " + templateFile + ": /openapi.yaml and /docs are not served.");
        }
        api.start(new RouteTable(runtime.template().routes()), RouteThrottle.of(runtime.deployment(), System::nanoTime), runtime::function,
                runtime.gateway());
        runtime.startEventSources(EVENT_SOURCE_POLL_INTERVAL);
        out.println("Account mails are written to " + outbox.toAbsolutePath() + " (one line each here).");
        out.println("ready " + api.baseUrl());
        out.flush();
        stopped.await();
        return 0;
    }

    /** A refused AWS call, as CloudTrail would record it: who, what, on which resource. */
    static void logDenial(AwsGateway.Access access) {
        if (access.decision() != Decision.ALLOW) {
            System.err.println("AccessDenied " + access.principal() + " " + access.action() + " " + access.resource());
        }
    }

    /** {@code --snapstart on|off}. */
    enum SnapStartMode {
        on, off;

        boolean enabled() {
            return this == on;
        }
    }
}
