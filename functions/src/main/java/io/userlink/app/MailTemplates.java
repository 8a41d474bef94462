package io.userlink.app;

import io.userlink.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An app's own wording of its mails: per {@link MailKind} (its {@link MailKind#value()} as the key) any of a
 * {@code subject}, a {@code text} body and an {@code html} body, each replacing the English default. Templates
 * place values with {@code {app_name}}, {@code {email}}, {@code {user_id}} (what support looks the account up by),
 * {@code {attributes.NAME}} (an account attribute) and,
 * in mails with a link, {@code {link}} and {@code {expires_in}}; the values are escaped where they land.
 *
 * @param json the overrides as a JSON object, stored in its canonical form
 */
public record MailTemplates(String json) {

    /** The largest set of overrides, in UTF-8 bytes: they travel in the app item every request reads. */
    public static final int MAX_BYTES = 32 * 1024;
    /** {@code {name}} or {@code {attributes.name}}; braces around anything else are text. */
    public static final Pattern PLACEHOLDER = Pattern.compile("\\{(app_name|email|user_id|link|expires_in|attributes\\.[A-Za-z0-9_-]{1,64}|[a-z_.]+)}");
    private static final Set<String> PARTS = Set.of("subject", "text", "html");
    private static final String SETTING = "mail-templates";

    /** The subject and bodies of one mail, before values are placed. */
    public record Template(String subject, String text, String html) {}

    public MailTemplates {
        json = canonical(Objects.requireNonNull(json, SETTING));
    }

    /** No overrides: every mail in its English default. */
    public static MailTemplates none() {
        return new MailTemplates("{}");
    }

    /** The template of {@code kind}: the app's parts where it has them, the defaults elsewhere. */
    public Template template(MailKind kind) {
        Template defaults = defaults(kind);
        Object own = Json.parseTrustedObject(json).get(kind.value());
        if (!(own instanceof Map<?, ?> parts)) {
            return defaults;
        }
        return new Template(part(parts, "subject", defaults.subject()), part(parts, "text", defaults.text()),
                part(parts, "html", defaults.html()));
    }

    /** Whether the app has its own wording of {@code kind}, in any part. */
    public boolean overrides(MailKind kind) {
        return Json.parseTrustedObject(json).containsKey(kind.value());
    }

    /** The English template of {@code kind}. */
    public static Template defaults(MailKind kind) {
        return switch (kind) {
            case CONFIRM_EMAIL -> new Template("Confirm your email address for {app_name}",
                    """
                    Hello,

                    please confirm that {email} is your email address for {app_name} by opening this link:

                    {link}

                    The link works once, for {expires_in}. If you did not register, ignore this mail.
                    """,
                    html("<p>Hello,</p><p>please confirm that {email} is your email address for {app_name}:</p>"
                            + "<p><a href=\"{link}\">Confirm my address</a></p>"
                            + "<p>The link works once, for {expires_in}. If you did not register, ignore this mail.</p>"));
            case ACTIVATE_ACCOUNT -> new Template("Activate your {app_name} account",
                    """
                    Hello,

                    someone, hopefully you, registered a {app_name} account for {email}. Open this link to activate it:

                    {link}

                    The link works once, for {expires_in}. If you did not register, ignore this mail: the account \
                    stays inactive.
                    """,
                    html("<p>Hello,</p><p>someone, hopefully you, registered a {app_name} account for {email}.</p>"
                            + "<p><a href=\"{link}\">Activate my account</a></p>"
                            + "<p>The link works once, for {expires_in}. If you did not register, ignore this mail:"
                            + " the account stays inactive.</p>"));
            case REGISTRATION_ATTEMPT -> new Template("Someone tried to use your address for another {app_name} account",
                    """
                    Hello,

                    someone tried to use {email} for another {app_name} account: a new one, or one moving to this \
                    address. It already has an account, so nothing changed.

                    If it was you, sign in instead, or reset your password from the app. If it was not, you can \
                    ignore this mail.
                    """,
                    html("<p>Hello,</p><p>someone tried to use {email} for another {app_name} account: a new one,"
                            + " or one moving to this address. It already has an account, so nothing changed.</p>"
                            + "<p>If it was you, sign in instead, or reset your"
                            + " password from the app. If it was not, you can ignore this mail.</p>"));
            case PASSWORD_RESET -> new Template("Reset your {app_name} password",
                    """
                    Hello,

                    a new password was requested for the {app_name} account of {email}. Open this link to choose one:

                    {link}

                    The link works once, for {expires_in}. If you did not ask, ignore this mail: your password \
                    stays as it is.
                    """,
                    html("<p>Hello,</p><p>a new password was requested for the {app_name} account of {email}.</p>"
                            + "<p><a href=\"{link}\">Choose a new password</a></p>"
                            + "<p>The link works once, for {expires_in}. If you did not ask, ignore this mail: your"
                            + " password stays as it is.</p>"));
            case PASSWORD_CHANGED -> new Template("Your {app_name} password was changed",
                    """
                    Hello,

                    the password of the {app_name} account of {email} was just changed, and the devices signed in \
                    with the old one were signed out.

                    If that was not you, reset your password from the app at once, or tell the app's support.
                    """,
                    html("<p>Hello,</p><p>the password of the {app_name} account of {email} was just changed, and the"
                            + " devices signed in with the old one were signed out.</p><p>If that was not you, reset"
                            + " your password from the app at once, or tell the app's support.</p>"));
            case CHANGE_EMAIL -> new Template("Confirm your new email address for {app_name}",
                    """
                    Hello,

                    please confirm that {email} is the new email address of your {app_name} account by opening \
                    this link:

                    {link}

                    The link works once, for {expires_in}. Until then the account keeps its old address. If you did \
                    not ask for this, ignore this mail.
                    """,
                    html("<p>Hello,</p><p>please confirm that {email} is the new email address of your {app_name}"
                            + " account:</p><p><a href=\"{link}\">Confirm my new address</a></p>"
                            + "<p>The link works once, for {expires_in}. Until then the account keeps its old address."
                            + " If you did not ask for this, ignore this mail.</p>"));
            case EMAIL_CHANGED -> new Template("Your {app_name} account has a new email address",
                    """
                    Hello,

                    the {app_name} account of {email} was just moved to another email address. This address no \
                    longer signs in to it.

                    If that was not you, tell the app's support at once, with the account's reference: {user_id}
                    """,
                    html("<p>Hello,</p><p>the {app_name} account of {email} was just moved to another email address."
                            + " This address no longer signs in to it.</p>"
                            + "<p>If that was not you, tell the app's support at once, with the account's reference:"
                            + " {user_id}</p>"));
            case UNDO_EMAIL_CHANGE -> new Template("Your {app_name} account has a new email address",
                    """
                    Hello,

                    the {app_name} account of {email} was just moved to another email address, confirmed from a \
                    link mailed there. This address no longer signs in to it.

                    If that was not you, open this link: it moves the account back to this address and lets you \
                    choose a new password, which signs out every device.

                    {link}

                    The link works once, for {expires_in}. Should it fail, tell the app's support, with the \
                    account's reference: {user_id}
                    """,
                    html("<p>Hello,</p><p>the {app_name} account of {email} was just moved to another email address,"
                            + " confirmed from a link mailed there. This address no longer signs in to it.</p>"
                            + "<p>If that was not you, open this link: it moves the account back to this address and"
                            + " lets you choose a new password, which signs out every device.</p>"
                            + "<p><a href=\"{link}\">This was not me: move my account back</a></p>"
                            + "<p>The link works once, for {expires_in}. Should it fail, tell the app's support, with"
                            + " the account's reference: {user_id}</p>"));
            case ACCOUNT_DELETED -> new Template("Your {app_name} account was deleted",
                    """
                    Hello,

                    the {app_name} account of {email} was deleted from the app, as its owner asked: its data is \
                    gone, and this address is free to register again.

                    If that was not you, tell the app's support.
                    """,
                    html("<p>Hello,</p><p>the {app_name} account of {email} was deleted from the app, as its owner"
                            + " asked: its data is gone, and this address is free to register again.</p>"
                            + "<p>If that was not you, tell the app's support.</p>"));
        };
    }

    private static String html(String body) {
        return "<!DOCTYPE html><html><body>" + body + "</body></html>";
    }

    private static String part(Map<?, ?> parts, String name, String fallback) {
        return parts.get(name) instanceof String own ? own : fallback;
    }

    private static String canonical(String json) {
        Object parsed;
        try {
            parsed = Json.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SETTING + " must be a JSON object; this is not JSON");
        }
        if (!(parsed instanceof Map<?, ?> kinds)) {
            throw new IllegalArgumentException(SETTING + " must be a JSON object of mail kinds");
        }
        kinds.forEach((name, parts) -> check(String.valueOf(name), parts));
        String canonical = Json.write(parsed);
        int bytes = canonical.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(SETTING + " must be at most " + MAX_BYTES + " bytes of JSON, not " + bytes);
        }
        return canonical;
    }

    private static void check(String name, Object parts) {
        MailKind kind = MailKind.fromValue(name).orElseThrow(() -> new IllegalArgumentException(SETTING
                + ": no mail is called " + name + "; the mails are " + kindNames()));
        if (!(parts instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(SETTING + ": " + name + " must be an object of subject, text and html");
        }
        map.forEach((part, value) -> {
            String where = SETTING + ": " + name + "." + part;
            if (!PARTS.contains(String.valueOf(part))) {
                throw new IllegalArgumentException(where + " is not a part of a mail; use subject, text or html");
            }
            if (!(value instanceof String template) || template.isBlank()) {
                throw new IllegalArgumentException(where + " must be a non-empty string");
            }
            if (part.equals("subject") && template.contains("\n")) {
                throw new IllegalArgumentException(where + " must be one line");
            }
            Matcher placeholders = PLACEHOLDER.matcher(template);
            while (placeholders.find()) {
                String placeholder = placeholders.group(1);
                boolean linkOnly = placeholder.equals("link") || placeholder.equals("expires_in");
                if (!placeholder.equals("app_name") && !placeholder.equals("email") && !placeholder.equals("user_id")
                        && !linkOnly
                        && !placeholder.startsWith("attributes.") || linkOnly && !kind.carriesLink()) {
                    throw new IllegalArgumentException(where + " has the unknown placeholder {" + placeholder
                            + "}; " + name + " knows {app_name}, {email}, {user_id}, {attributes.NAME}"
                            + (kind.carriesLink() ? ", {link} and {expires_in}" : ""));
                }
            }
            if (kind.carriesLink() && !part.equals("subject") && !template.contains("{link}")) {
                throw new IllegalArgumentException(where + " must place {link}: without it the mail is of no use");
            }
        });
    }

    private static String kindNames() {
        return Arrays.stream(MailKind.values()).map(MailKind::value).collect(Collectors.joining(", "));
    }
}
