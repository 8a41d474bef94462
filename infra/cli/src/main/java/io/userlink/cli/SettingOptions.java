package io.userlink.cli;

import io.userlink.app.AccountMail;
import io.userlink.app.AppSettings;
import io.userlink.app.MailTemplates;
import io.userlink.app.RegistrationMode;
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

    @Option(names = "--registration-mode", paramLabel = "MODE",
            description = "automatic (default: usable at once, no mail), confirmation_required (usable at once; a mailed"
                    + " link confirms the address) or activation_required (usable once a mailed link activated it)."
                    + " The last two need --confirmation-link. Later registrations only.")
    String registrationMode;

    @Option(names = "--confirmation-link", paramLabel = "URL",
            description = "Where confirmation and activation mails link to: https:// or the app's own scheme, with"
                    + " {token}, e.g. https://app.example.com/confirm?token={token}. '' unsets it.")
    String confirmationLink;

    @Option(names = "--password-reset-link", paramLabel = "URL",
            description = "Where password-reset mails, and the links back in the notices of moves, link to, with"
                    + " {token}; until it is set, password reset is refused. '' unsets it.")
    String passwordResetLink;

    @Option(names = "--mail-templates", paramLabel = "JSON|@FILE",
            description = "The app's own subject, text and html of each mail, by kind (confirm_email, activate_account,"
                    + " registration_attempt, password_reset, password_changed, change_email, email_changed,"
                    + " undo_email_change, account_deleted), at most"
                    + " 32 KiB; or @file to read it.")
    String mailTemplates;

    /** Whether any setting was named. */
    boolean any() {
        return accessTokenLifetime != null || authCodeLifetime != null || refreshIdleLifetime != null
                || refreshAbsoluteLifetime != null || sdkConfig != null || devicePolicy != null
                || passwordPolicy != null || passwordMinLength != null || registrationMode != null
                || confirmationLink != null || passwordResetLink != null || mailTemplates != null;
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
                sdkConfig == null ? settings.sdkConfig() : text(sdkConfig, "--sdk-config", spec),
                devicePolicy == null ? settings.devicePolicy() : DevicePolicy.fromValue(devicePolicy)
                        .orElseThrow(() -> new ParameterException(spec.commandLine(), "--device-policy takes "
                                + Arrays.stream(DevicePolicy.values()).map(DevicePolicy::value)
                                        .collect(Collectors.joining(", ")) + ", not " + devicePolicy)),
                passwordPolicy == null ? settings.passwordPolicy() : passwordPolicy(spec),
                passwordMinLength == null ? settings.passwordMinLength() : passwordMinLength,
                accountMail(settings.accountMail(), spec));
    }

    private AccountMail accountMail(AccountMail mail, CommandSpec spec) {
        return new AccountMail(
                registrationMode == null ? mail.registrationMode() : RegistrationMode.fromValue(registrationMode)
                        .orElseThrow(() -> new ParameterException(spec.commandLine(), "--registration-mode takes "
                                + Arrays.stream(RegistrationMode.values()).map(RegistrationMode::value)
                                        .collect(Collectors.joining(", ")) + ", not " + registrationMode)),
                confirmationLink == null ? mail.confirmationLink() : confirmationLink,
                passwordResetLink == null ? mail.passwordResetLink() : passwordResetLink,
                mailTemplates == null ? mail.templates() : new MailTemplates(text(mailTemplates, "--mail-templates", spec)));
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

    /** An option's value, or with {@code @file} the file's text. */
    private static String text(String value, String option, CommandSpec spec) {
        if (!value.startsWith("@")) {
            return value;
        }
        Path file = Path.of(value.substring(1));
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), option + ": cannot read " + file + ": " + e.getMessage());
        }
    }
}
