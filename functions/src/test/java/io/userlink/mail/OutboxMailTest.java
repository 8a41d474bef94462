package io.userlink.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.app.MailKind;
import io.userlink.user.EmailAddress;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutboxMailTest {

    private static final EmailAddress ANN = EmailAddress.parse("ann.private@example.com").orElseThrow();
    private static final Instant NOW = Instant.parse("2026-12-04T08:00:00Z");

    @Test
    void toStringWhenLoggedThenNamesTheItemAndKindButNeitherAddressNorToken() {
        OutboxMail mail = OutboxMail.requested(MailKind.PASSWORD_RESET, "app-a", "usr-u", ANN, Optional.of("mtk-secretid"),
                NOW);

        String logged = mail.toString();

        assertEquals("OutboxMail[" + mail.outboxId() + ", " + MailKind.PASSWORD_RESET.value() + "]", logged);
        assertFalse(logged.contains("ann.private"), logged);
        assertFalse(logged.contains("mtk-secretid"), logged);
    }

    @Test
    void newWhenALinkMailHasNoTokenOrAnotherMailHasOneThenRefusedSayingWhich() {
        assertEquals("password_reset needs token", assertThrows(IllegalArgumentException.class, () -> new OutboxMail("out-1",
                MailKind.PASSWORD_RESET, "app-a", "usr-u", ANN, Optional.empty(), NOW)).getMessage());
        assertEquals("password_changed has no token", assertThrows(IllegalArgumentException.class, () -> new OutboxMail(
                "out-1", MailKind.PASSWORD_CHANGED, "app-a", "usr-u", ANN, Optional.of("mtk-1"), NOW)).getMessage());
    }
}
