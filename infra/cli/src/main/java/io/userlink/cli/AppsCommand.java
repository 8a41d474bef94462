package io.userlink.cli;

import io.userlink.app.App;
import io.userlink.app.AppSettings;
import io.userlink.app.AppAdministration.CreatedApp;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code userlink apps}: create apps and rotate their app secrets. */
@Command(name = "apps", mixinStandardHelpOptions = true, description = "Create apps and rotate app secrets.",
        subcommands = {AppsCommand.Create.class, AppsCommand.Secret.class})
final class AppsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Register an app; prints its id and its app secret (shown once: only a hash is kept).")
    static final class Create extends AdminCommand {
        @Option(names = "--name", required = true, description = "A label for people.")
        String name;

        @Option(names = "--access-token-lifetime", defaultValue = "3600",
                description = "Access token lifetime in seconds (default ${DEFAULT-VALUE}, at most 86400).")
        long accessTokenSeconds;

        @Override
        public Integer call() {
            CreatedApp created = target.administration().createApp(name,
                    AppSettings.defaults().withAccessTokenLifetime(Duration.ofSeconds(accessTokenSeconds)));
            App app = created.app();
            var out = out();
            out.println("app id      " + app.appId());
            out.println("app secret  " + created.appSecret());
            out.println("The app secret is shown once; only its hash is stored. Ship it in the app's configuration.");
            return 0;
        }
    }

    @Command(name = "secret", mixinStandardHelpOptions = true, description = "Manage an app's secrets.",
            subcommands = Secret.Rotate.class)
    static final class Secret {

        @Command(name = "rotate", mixinStandardHelpOptions = true,
                description = "Add a new app secret. The newest previous one stays valid (apps in the field use it);"
                        + " any older one stops working.")
        static final class Rotate extends AdminCommand.ForApp {
            @Override
            public Integer call() {
                String secret = target.administration().rotateAppSecret(appId);
                out().println("app secret  " + secret);
                out().println("Shown once; only its hash is stored.");
                return 0;
            }
        }
    }
}
