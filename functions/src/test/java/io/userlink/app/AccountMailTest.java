package io.userlink.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The account mail settings an operator sets, each refused with its name and rule (README, "Account mail"). */
class AccountMailTest {

    private static final String LINK = "https://app.example.com/confirm?token={token}";

    @Test
    void registrationModeWhenItMailsFirstThenAConfirmationLinkIsNeeded() {
        assertRefused("registration-mode confirmation_required mails a link: set confirmation-link too (a URL with {token},"
                + " e.g. https://app.example.com/confirm?token={token})",
                () -> new AccountMail(RegistrationMode.CONFIRMATION_REQUIRED, "", "", MailTemplates.none()));
        assertRefused("registration-mode activation_required mails a link: set confirmation-link too (a URL with {token},"
                + " e.g. https://app.example.com/confirm?token={token})",
                () -> AccountMail.defaults().withRegistrationMode(RegistrationMode.ACTIVATION_REQUIRED));
        assertEquals(RegistrationMode.ACTIVATION_REQUIRED, AccountMail.defaults().withConfirmationLink(LINK)
                .withRegistrationMode(RegistrationMode.ACTIVATION_REQUIRED).registrationMode());
    }

    /** An app that never set up mail (the stack may have none) is sent no notice either. */
    @Test
    void mailsWhenTheAppHasALinkToMailAndOnlyThen() {
        assertEquals(false, AccountMail.defaults().mails());
        assertEquals(false, AccountMail.defaults().withTemplates(new MailTemplates("{\"password_changed\": {\"subject\":"
                + " \"Changed\"}}")).mails(), "wording alone mails nothing");
        assertEquals(true, AccountMail.defaults().withConfirmationLink(LINK).mails());
        assertEquals(true, AccountMail.defaults().withConfirmationLink(LINK)
                .withRegistrationMode(RegistrationMode.ACTIVATION_REQUIRED).mails());
        assertEquals(true, AccountMail.defaults().withPasswordResetLink(LINK).mails());
    }

    /**
     * A move's notice carries a link back where the app has a reset page, unless the app words the notice itself and
     * not the one with the link: its people would get an English mail among its own.
     */
    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "false|{}|false",
        "true|{}|true",
        "true|{\"email_changed\": {\"subject\": \"Neue Adresse\"}}|false",
        "true|{\"email_changed\": {\"subject\": \"Neue Adresse\"}, \"undo_email_change\": {\"subject\": \"Neu\"}}|true",
        "true|{\"undo_email_change\": {\"subject\": \"Neu\"}}|true",
        "true|{\"password_changed\": {\"subject\": \"Neues Passwort\"}}|true"})
    void offersLinkBackWhenTheAppHasAResetPageAndAWordingForItThenTrue(boolean resetPage, String templates,
                                                                       boolean offered) {
        AccountMail mail = AccountMail.defaults().withConfirmationLink(LINK).withTemplates(new MailTemplates(templates));

        assertEquals(offered, (resetPage ? mail.withPasswordResetLink(LINK) : mail).offersLinkBack());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "https://app.example.com/confirm| must be a URL of at most 2000 characters, without spaces, that places {token}",
        "https://app.example.com/c?t={token} x| must be a URL of at most 2000 characters, without spaces, that places {token}",
        "/confirm?token={token}| must start with https:// or an app's own scheme (myapp://), not a relative URL",
        "javascript:alert({token})| must start with https:// or an app's own scheme (myapp://), not javascript:",
        "data:text/html,{token}| must start with https:// or an app's own scheme (myapp://), not data:",
        "http://app.example.com/confirm?token={token}| must use https: an http link would send the token in clear"
                + " (http is allowed only to localhost)",
        "https://app.example.com/{token}^| is not a URL: Illegal character in path"})
    void linkWhenNotASafeUrlTemplateThenRefusedNamingTheSetting(String link, String problem) {
        assertRefused("confirmation-link " + problem, () -> AccountMail.defaults().withConfirmationLink(link));
        assertRefused("password-reset-link " + problem, () -> AccountMail.defaults().withPasswordResetLink(link));
    }

    @ParameterizedTest
    @CsvSource({"https://app.example.com/confirm?token={token}", "myapp://confirm/{token}",
        "http://localhost:8080/confirm?token={token}", "http://127.0.0.1/c/{token}"})
    void linkWhenHttpsAnAppSchemeOrLocalThenTheTokenTakesItsPlace(String link) {
        AccountMail mail = AccountMail.defaults().withConfirmationLink(link).withPasswordResetLink(link.replace("confirm", "reset"));

        assertEquals(link.replace("{token}", "ulm_abc"), mail.link(MailKind.CONFIRM_EMAIL, "ulm_abc"));
        assertEquals(link.replace("{token}", "ulm_abc"), mail.link(MailKind.ACTIVATE_ACCOUNT, "ulm_abc"));
        assertEquals(link.replace("confirm", "reset").replace("{token}", "ulm_abc"), mail.link(MailKind.PASSWORD_RESET, "ulm_abc"));
    }

    @Test
    void linkWhenTwoThousandCharactersThenAcceptedAndOneMoreRefused() {
        String start = "https://app.example.com/?token={token}&pad=";
        String longest = start + "x".repeat(AccountMail.MAX_LINK_LENGTH - start.length());

        assertEquals(longest, AccountMail.defaults().withConfirmationLink(longest).confirmationLink());
        assertRefused("confirmation-link must be a URL of at most 2000 characters, without spaces, that places {token}"
                + " (e.g. https://app.example.com/confirm?token={token} or myapp://confirm/{token})",
                () -> AccountMail.defaults().withConfirmationLink(longest + "x"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "[]| mail-templates must be a JSON object of mail kinds",
        "{\"welcome\": {}}| mail-templates: no mail is called welcome; the mails are confirm_email, activate_account,"
                + " registration_attempt, password_reset, password_changed, change_email, email_changed,"
                + " undo_email_change, account_deleted",
        "{\"confirm_email\": \"x\"}| mail-templates: confirm_email must be an object of subject, text and html",
        "{\"confirm_email\": {\"body\": \"x\"}}| mail-templates: confirm_email.body is not a part of a mail; use subject,"
                + " text or html",
        "{\"confirm_email\": {\"subject\": \" \"}}| mail-templates: confirm_email.subject must be a non-empty string",
        "{\"confirm_email\": {\"subject\": \"a\\nb\"}}| mail-templates: confirm_email.subject must be one line",
        "{\"confirm_email\": {\"text\": \"no link here\"}}| mail-templates: confirm_email.text must place {link}: without"
                + " it the mail is of no use",
        "{\"confirm_email\": {\"text\": \"{link} {token}\"}}| mail-templates: confirm_email.text has the unknown"
                + " placeholder {token}; confirm_email knows {app_name}, {email}, {user_id}, {attributes.NAME}, {link} and"
                + " {expires_in}",
        "{\"password_changed\": {\"text\": \"{link}\"}}| mail-templates: password_changed.text has the unknown"
                + " placeholder {link}; password_changed knows {app_name}, {email}, {user_id},"
                + " {attributes.NAME}",
        "not json| mail-templates must be a JSON object; this is not JSON"})
    void templatesWhenTheyCannotMakeAUsefulMailThenRefusedNamingThePart(String json, String problem) {
        assertRefused(problem.strip(), () -> new MailTemplates(json));
    }

    @Test
    void templatesWhenTheAppHasSomePartsThenTheDefaultsFillTheRest() {
        MailTemplates templates = new MailTemplates("{\"confirm_email\": {\"subject\": \"Welcome, {attributes.name}\"}}");

        MailTemplates.Template confirm = templates.template(MailKind.CONFIRM_EMAIL);

        assertEquals("Welcome, {attributes.name}", confirm.subject());
        assertEquals(MailTemplates.defaults(MailKind.CONFIRM_EMAIL).text(), confirm.text());
        assertEquals(MailTemplates.defaults(MailKind.CONFIRM_EMAIL).html(), confirm.html());
        assertEquals(MailTemplates.defaults(MailKind.PASSWORD_RESET), templates.template(MailKind.PASSWORD_RESET));
        assertEquals("{\"confirm_email\":{\"subject\":\"Welcome, {attributes.name}\"}}", templates.json(), "stored compact");
    }

    @Test
    void templatesWhenThirtyTwoKibibytesThenAcceptedAndOneByteMoreRefused() {
        String shell = "{\"confirm_email\":{\"text\":\"{link}\"}}";
        String largest = shell.replace("{link}", "{link}" + "x".repeat(MailTemplates.MAX_BYTES - shell.length()));

        assertEquals(largest, new MailTemplates(largest).json());
        assertRefused("mail-templates must be at most 32768 bytes of JSON, not 32769",
                () -> new MailTemplates(largest.replace("{link}", "{link}x")));
    }

    @Test
    void registrationModeWhenWrittenWithDashesOrUnderscoresThenTheSame() {
        assertEquals(Optional.of(RegistrationMode.CONFIRMATION_REQUIRED), RegistrationMode.fromValue("confirmation-required"));
        assertEquals(Optional.of(RegistrationMode.ACTIVATION_REQUIRED), RegistrationMode.fromValue("activation_required"));
        assertEquals(Optional.empty(), RegistrationMode.fromValue("confirm"));
        assertEquals(Optional.empty(), RegistrationMode.fromValue(null));
    }

    private static void assertRefused(String message, Runnable action) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(refused.getMessage().startsWith(message), refused.getMessage());
    }
}
