package io.userlink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.userlink.account.AccountService.LoggedIn;
import io.userlink.app.App;
import io.userlink.config.Components;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.local.EventPlaceholders;
import io.userlink.local.LocalAws;
import io.userlink.local.SamTemplate;
import io.userlink.token.AccessToken;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code userlink invoke}: one function, one event file, like {@code sam local invoke}. */
@Command(name = "invoke", mixinStandardHelpOptions = true,
        description = "Invoke one function of template.yaml with one event file and print its response, like"
                + " `sam local invoke FUNCTION -e FILE`, over fresh local stand-ins. The events' placeholders"
                + " (see events/README.md) are replaced by a demo app, API key, and install linked to customer-42.")
final class InvokeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FUNCTION_LOGICAL_ID", description = "e.g. RegisterInstallFunction")
    String function;

    @Option(names = {"--event", "-e"}, required = true, description = "The event file, e.g. events/register-install.json.")
    Path event;

    @Option(names = "--data-dir", description = "Use the tables and secrets a `serve --data-dir` kept (while it is stopped).")
    Path dataDirectory;

    @Option(names = "--template", description = "The SAM template (default: template.yaml here or in a parent directory).")
    Path template;

    @Option(names = "--env", paramLabel = "NAME=VALUE",
            description = "Set a function environment variable instead of the template's value (repeatable).")
    Map<String, String> environment = new LinkedHashMap<>();

    @Option(names = "--snapstart", defaultValue = "on", paramLabel = "on|off",
            description = "on (default): a function with SnapStart is initialised and its hooks run first, as"
                    + " publishing its version does (only the function invoked); off: as SnapStartApplyOn=None.")
    ServeCommand.SnapStartMode snapStart;

    @Override
    public Integer call() throws IOException {
        Path templateFile = template != null ? template : SamTemplate.locate(Path.of(""));
        if (!Files.isRegularFile(event)) {
            throw new IllegalArgumentException("no event file " + event);
        }
        String eventJson = Files.readString(event);
        try (LocalRuntime runtime = LocalRuntime.start(templateFile, dataDirectory, URI.create("http://127.0.0.1:3000"),
                environment, snapStart.enabled(), ServeCommand::logDenial, LocalAws.Mail.quiet(), function::equals)) {
            LambdaFunction lambda = runtime.function(function);
            String substituted = EventPlaceholders.substitute(eventJson, demoWorld(runtime));
            String result;
            try {
                result = lambda.invoke(substituted);
            } catch (RuntimeException e) {
                // As Lambda reports a function error.
                spec.commandLine().getOut().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.createObjectNode()
                        .put("errorType", e instanceof LambdaFunction.FunctionError lambdaError ? lambdaError.errorType()
                                : e.getClass().getName())
                        .put("errorMessage", String.valueOf(e.getMessage()))));
                return 1;
            }
            spec.commandLine().getOut().println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(result)));
            return 0;
        }
    }

    /**
     * The demo world the events' placeholders stand for: a demo app with an API key, an Android phone
     * install linked to {@value EventPlaceholders#EXTERNAL_ID}, and (when an event needs it) the demo account
     * signed in on an install of its own and a fresh anonymous install.
     */
    static EventPlaceholders.Values demoWorld(LocalRuntime runtime) {
        DemoApp demo = DemoApp.ensure(runtime.operatorAdministration(), Optional.empty(), runtime.issuer());
        Components components = runtime.harness();
        App app = components.apps().find(demo.appId()).orElseThrow();
        AnonymousInstall install = components.installService().register(app,
                new Registration(Platform.ANDROID, DeviceClass.PHONE, "1.0.0", Optional.of("Pixel 9")));
        String installId = install.install().installId();
        String userId = components.linkService().link(app, installId, EventPlaceholders.EXTERNAL_ID).userId()
                .orElseThrow();
        // The demo app registers automatically (its account signs in at once), unless an operator changed it.
        Supplier<String> accountUserToken = EventPlaceholders.once(() -> ((LoggedIn) components.accountService()
                .register(app, token(components, newInstall(components, app)), EventPlaceholders.ACCOUNT_EMAIL,
                        EventPlaceholders.ACCOUNT_PASSWORD, Map.of(), Map.of()))
                .tokens().orElseThrow().accessToken().value());
        return new EventPlaceholders.Values(demo.appId(), demo.appSecret(), demo.apiKey(),
                install.tokens().accessToken().value(), install.tokens().refreshToken(), installId, userId,
                () -> components.authCodeService().issue(app, EventPlaceholders.EXTERNAL_ID).code(),
                () -> {
                    accountUserToken.get();
                    return newInstall(components, app).tokens().accessToken().value();
                },
                accountUserToken);
    }

    private static AnonymousInstall newInstall(Components components, App app) {
        return components.installService().register(app,
                new Registration(Platform.IOS, DeviceClass.PHONE, "1.0.0", Optional.empty()));
    }

    private static AccessToken token(Components components, AnonymousInstall install) {
        return components.authenticator().sdk(Optional.of("Bearer " + install.tokens().accessToken().value())).token();
    }
}
