package io.userlink.cli;

import io.userlink.app.AppSettings;
import io.userlink.app.DevicePolicy;
import io.userlink.app.Durations;
import io.userlink.password.PasswordPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The per-app settings as options of {@code apps create} and {@code apps update}; unnamed ones stay as they are. */
final class SettingOptions {

    @Option(names = "--access-token-lifetime", paramLabel = "DURATION",
            description = "How long an access token is valid: 1m to 1d (default 1h). Durations: 900, 15m, 12h, 30d.")
    String accessTokenLifetime;

    @Option(names = "--auth-code-lifetime", paramLabel = "DURATION",
            description = "How long an authentication code may be redeemed: 1m to 10m (default 10m).")
    String authCodeLifetime;

    @Option(names = "--refresh-idle-lifetime", paramLabel = "DURATION",
            description = "How long a refresh token family survives unused: 1h to the absolute lifetime (default 30d).")
    String refreshIdleLifetime;

    @Option(names = "--refresh-absolute-lifetime", paramLabel = "DURATION",
            description = "How long a refresh token family lives however it is used: 1d to 365d (default 365d).")
    String refreshAbsoluteLifetime;

    @Option(names = "--sdk-config", paramLabel = "JSON|@FILE",
            description = "The JSON object code redemption returns as sdk_config (at most 16 KiB), or @file to read it.")
    String sdkConfig;

    @Option(names = "--device-policy", paramLabel = "NAME",
            description = "phone-preferred (default), newest-wins or many-active: how many of a user's installs are"
                    + " active at once. Later activations only.")
    String devicePolicy;

    @Option(names = "--password-policy", paramLabel = "NAME",
            description = "standard (default: NIST SP 800-63B) or legacy (the source product's composition rule):"
                    + " which passwords accounts may have.")
    String passwordPolicy;

    @Option(names = "--password-min-length", paramLabel = "N",
            description = "The fewest characters a password has under the standard policy: 8 to 64 (default 8).")
    Integer passwordMinLength;

    /** Whether any setting was named. */
    boolean any() {
        return accessTokenLifetime != null || authCodeLifetime != null || refreshIdleLifetime != null
                || refreshAbsoluteLifetime != null || sdkConfig != null || devicePolicy != null
                || passwordPolicy != null || passwordMinLength != null;
    }

    /**
     * The settings with every named option applied at once (so a new idle lifetime is checked against a new
     * absolute one); the domain checks the bounds.
     */
    AppSettings applyTo(AppSettings settings, CommandSpec spec) {
        return new AppSettings(
                duration(accessTokenLifetime, "--access-token-lifetime", settings.accessTokenLifetime(), spec),
                duration(authCodeLifetime, "--auth-code-lifetime", settings.authCodeLifetime(), spec),
                duration(refreshIdleLifetime, "--refresh-idle-lifetime", settings.refreshIdleLifetime(), spec),
                duration(refreshAbsoluteLifetime, "--refresh-absolute-lifetime", settings.refreshAbsoluteLifetime(), spec),
                sdkConfig == null ? settings.sdkConfig() : json(spec),
                devicePolicy == null ? settings.devicePolicy() : DevicePolicy.fromValue(devicePolicy)
                        .orElseThrow(() -> new ParameterException(spec.commandLine(), "--device-policy takes "
                                + Arrays.stream(DevicePolicy.values()).map(DevicePolicy::value)
                                        .collect(Collectors.joining(", ")) + ", not " + devicePolicy)),
                passwordPolicy == null ? settings.passwordPolicy() : passwordPolicy(spec),
                passwordMinLength == null ? settings.passwordMinLength() : passwordMinLength);
    }

    private PasswordPolicy passwordPolicy(CommandSpec spec) {
        return Arrays.stream(PasswordPolicy.values())
                .filter(policy -> policy.name().toLowerCase(Locale.ROOT).equals(passwordPolicy)).findFirst()
                .orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "--password-policy takes standard or legacy, not " + passwordPolicy));
    }

    private static Duration duration(String option, String name, Duration current, CommandSpec spec) {
        if (option == null) {
            return current;
        }
        try {
            return Durations.parse(option);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), name + ": " + e.getMessage());
        }
    }

    private String json(CommandSpec spec) {
        if (!sdkConfig.startsWith("@")) {
            return sdkConfig;
        }
        Path file = Path.of(sdkConfig.substring(1));
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--sdk-config: cannot read " + file + ": " + e.getMessage());
        }
    }
}
