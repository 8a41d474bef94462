package io.userlink.cli;

import io.userlink.app.AppCredentials;
import io.userlink.app.AppCredentials.ApiKeyRecord;
import io.userlink.app.Durations;
import io.userlink.app.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code userlink keys}: API keys for a customer's backend. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "Create, list, revoke and prune API keys.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class,
                KeysCommand.Prune.class})
final class KeysCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API key; prints it once (only its hash is stored).")
    static final class Create extends AdminCommand.ForApp {
        @Option(names = "--scope", required = true, split = ",",
                description = "user.link, user.read, user.delete (repeat or separate with commas).")
        List<String> scopes;

        @Option(names = "--name", defaultValue = "backend", description = "A label for people, at most "
                + AppCredentials.MAX_API_KEY_NAME_LENGTH + " characters (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(names = "--expires-in", description = "Lifetime, e.g. 90d, 12h, 30m (default: no expiry).")
        String expiresIn;

        @Override
        public Integer call() {
            Set<Scope> parsed = EnumSet.noneOf(Scope.class);
            for (String scope : scopes) {
                parsed.add(Scope.fromValue(scope).orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "unknown scope " + scope + "; use user.link, user.read or user.delete")));
            }
            Instant expiresAt = expiresIn == null ? null : Instant.now().plus(duration(expiresIn));
            String key = target.administration().createApiKey(appId, name, parsed, expiresAt);
            print(Map.of("api_key", key), out -> {
                out.println("API key  " + key);
                out.println("Shown once; only its hash is stored. Keep it on your backend; never ship it in an app.");
            });
            return 0;
        }

        private Duration duration(String text) {
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--expires-in: " + e.getMessage());
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an app's API keys (never the keys themselves).")
    static final class ListKeys extends AdminCommand.ForApp {
        @Override
        public Integer call() {
            List<ApiKeyRecord> keys = target.administration().apiKeys(appId);
            Instant now = Instant.now();
            print(keys.stream().map(key -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("key_id", key.keyId());
                json.put("name", key.name());
                json.put("scopes", scopes(key));
                json.put("created_at", key.createdAt().toString());
                json.put("expires_at", key.expiresAt() == null ? null : key.expiresAt().toString());
                json.put("status", status(key, now));
                return json;
            }).toList(), out -> {
                out.printf("%-18s %-24s %-34s %-22s %-22s %s%n", "KEY ID", "NAME", "SCOPES", "CREATED", "EXPIRES", "STATUS");
                for (ApiKeyRecord key : keys) {
                    out.printf("%-18s %-24s %-34s %-22s %-22s %s%n", key.keyId(), key.name(), String.join(",", scopes(key)),
                            key.createdAt(), key.expiresAt() == null ? "never" : key.expiresAt(), status(key, now));
                }
                long dead = keys.stream().filter(key -> !key.usableAt(now)).count();
                out.printf("%d of at most %d API keys; %d revoked or expired (keys prune removes them)%n", keys.size(),
                        AppCredentials.MAX_API_KEYS, dead);
            });
            return 0;
        }

        private static List<String> scopes(ApiKeyRecord key) {
            return key.scopes().stream().map(Scope::value).sorted().toList();
        }

        private static String status(ApiKeyRecord key, Instant now) {
            return key.revoked() ? "revoked" : key.usableAt(now) ? "active" : "expired";
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an API key. Functions notice on their next request.")
    static final class Revoke extends AdminCommand.ForApp {
        @Option(names = "--key", required = true, description = "The key id (from `keys list`).")
        String keyId;

        @Override
        public Integer call() {
            target.administration().revokeApiKey(appId, keyId);
            print(Map.of("revoked", keyId), out -> out.println("revoked " + keyId));
            return 0;
        }
    }

    @Command(name = "prune", mixinStandardHelpOptions = true,
            description = "Remove the revoked and expired API keys, which never work again: an app holds at most "
                    + AppCredentials.MAX_API_KEYS + " keys, these included.")
    static final class Prune extends AdminCommand.ForApp {
        @Override
        public Integer call() {
            List<String> removed = target.administration().pruneApiKeys(appId).stream().map(ApiKeyRecord::keyId).toList();
            print(Map.of("removed", removed), out -> {
                if (removed.isEmpty()) {
                    out.println("no revoked or expired API key to remove");
                }
                removed.forEach(keyId -> out.println("removed " + keyId));
            });
            return 0;
        }
    }
}
