package io.userlink.cli;

import io.userlink.app.App;
import io.userlink.app.AppAdministration.CreatedApp;
import io.userlink.app.AppSetting;
import io.userlink.app.AppSettings;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code userlink apps}: create, list, show and update apps, and rotate their app secrets. */
@Command(name = "apps", mixinStandardHelpOptions = true,
        description = "Create, list, show and update apps (every per-app setting), and rotate app secrets.",
        subcommands = {AppsCommand.Create.class, AppsCommand.ListApps.class, AppsCommand.Show.class,
                AppsCommand.Update.class, AppsCommand.Secret.class})
final class AppsCommand {

    /** The value column's least width, so short values line up as before. */
    private static final int MIN_VALUE_WIDTH = 18;

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Register an app; prints its id and its app secret (shown once: only a hash is kept).")
    static final class Create extends AdminCommand {
        @Option(names = "--name", required = true, description = "A label for people.")
        String name;

        @Mixin
        SettingOptions settings;

        @Override
        public Integer call() {
            CreatedApp created = target.administration().createApp(name, settings.applyTo(AppSettings.defaults(), spec));
            print(Map.of("app_id", created.app().appId(), "app_secret", created.appSecret()), out -> {
                out.println("app id      " + created.app().appId());
                out.println("app secret  " + created.appSecret());
                out.println("The app secret is shown once; only its hash is stored. Ship it in the app's configuration.");
            });
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every app, oldest first.")
    static final class ListApps extends AdminCommand {
        @Override
        public Integer call() {
            List<App> apps = target.administration().apps();
            print(apps.stream().map(app -> Map.of("app_id", app.appId(), "name", app.name(),
                    "created_at", app.createdAt().toString(), "device_policy", app.settings().devicePolicy().value())).toList(),
                    out -> {
                        out.printf("%-22s %-22s %-16s %s%n", "APP ID", "CREATED", "DEVICE POLICY", "NAME");
                        apps.forEach(app -> out.printf("%-22s %-22s %-16s %s%n", app.appId(), app.createdAt(),
                                app.settings().devicePolicy().value(), app.name()));
                    });
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show an app and every setting with its value, default and bounds (never a secret).")
    static final class Show extends AdminCommand.ForApp {
        @Override
        public Integer call() {
            App app = app();
            printApp(this, app);
            return 0;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change an app's settings; those not named stay as they are. Functions apply them from their"
                    + " next request.")
    static final class Update extends AdminCommand.ForApp {
        @Mixin
        SettingOptions settings;

        @Override
        public Integer call() {
            if (!settings.any()) {
                throw new ParameterException(spec.commandLine(), "name at least one setting to change (see --help)");
            }
            printApp(this, target.administration().updateSettings(appId, current -> settings.applyTo(current, spec)));
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
                print(Map.of("app_secret", secret), out -> {
                    out.println("app secret  " + secret);
                    out.println("Shown once; only its hash is stored.");
                });
                return 0;
            }
        }
    }

    /** An app and every setting: value, default, bounds and effect. */
    private static void printApp(AdminCommand command, App app) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (AppSetting setting : AppSetting.values()) {
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("value", setting.valueIn(app.settings()));
            described.put("default", setting.defaultValue());
            described.put("bounds", setting.bounds());
            described.put("effect", setting.effect());
            settings.put(setting.operatorName(), described);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("app_id", app.appId());
        json.put("name", app.name());
        json.put("created_at", app.createdAt().toString());
        json.put("settings_version", app.settingsVersion());
        json.put("settings", settings);
        command.print(json, out -> printText(out, app));
    }

    private static void printText(PrintWriter out, App app) {
        out.println("app id   " + app.appId());
        out.println("name     " + app.name());
        out.println("created  " + app.createdAt());
        // Columns as wide as their longest value (a link or the mail templates can be long).
        int valueWidth = Math.max(MIN_VALUE_WIDTH, Arrays.stream(AppSetting.values())
                .mapToInt(setting -> setting.textIn(app.settings()).length()).max().orElse(0));
        String row = "%-27s %-" + valueWidth + "s %-18s %s%n";
        out.printf("%n" + row, "SETTING", "VALUE", "DEFAULT", "BOUNDS");
        for (AppSetting setting : AppSetting.values()) {
            out.printf(row, setting.operatorName(), setting.textIn(app.settings()), setting.textIn(AppSettings.defaults()),
                    setting.bounds());
        }
    }
}
