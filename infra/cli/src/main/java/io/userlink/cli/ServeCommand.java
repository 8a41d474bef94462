package io.userlink.cli;

import io.userlink.config.Components;
import io.userlink.local.SamTemplate;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userlink serve}: every route of template.yaml on 127.0.0.1, over local stand-ins of AWS. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve every route of template.yaml on 127.0.0.1, running the real handler classes over"
                + " DynamoDB Local and a local Secrets Manager. Seeds a demo app on first start. Ctrl-C stops it.")
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "3000", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--data-dir", description = "Keep tables and secrets in this directory across restarts (default: in memory).")
    Path dataDirectory;

    @Option(names = "--credentials-file", defaultValue = ".userlink/credentials.json",
            description = "Where the demo app's credentials are written as JSON (default: ${DEFAULT-VALUE}).")
    Path credentialsFile;

    @Option(names = "--template", description = "The SAM template (default: template.yaml here or in a parent directory).")
    Path template;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "Set a function environment variable instead of the template's value, e.g."
                    + " --env KEY_RING_CACHE_SECONDS=1 (repeatable).")
    Map<String, String> environment = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        PrintStream out = System.out;
        Path templateFile = template != null ? template : SamTemplate.locate(Path.of(""));
        LocalHttpApi api = LocalHttpApi.bind(port, out);
        LocalRuntime runtime;
        try {
            runtime = LocalRuntime.start(templateFile, dataDirectory, api.baseUrl(), environment);
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

        DemoApp demo = DemoApp.ensure(Components.fromEnvironment(), Optional.of(credentialsFile), api.baseUrl());
        demo.write(credentialsFile);
        out.println("Demo app (also in " + credentialsFile + "):");
        out.println("  app id      " + demo.appId());
        out.println("  app secret  " + demo.appSecret());
        out.println("  API key     " + demo.apiKey() + "   (scopes user.link user.read user.delete)");
        out.println(dataDirectory == null ? "Data is in memory: it is gone when this process stops (--data-dir keeps it)."
                : "Data is kept in " + dataDirectory.toAbsolutePath() + ".");
        api.start(new RouteTable(runtime.template().routes()), runtime::function, runtime.awsProxy());
        out.println("ready " + api.baseUrl());
        out.flush();
        stopped.await();
        return 0;
    }
}
