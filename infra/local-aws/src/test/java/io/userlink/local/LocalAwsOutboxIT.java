package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whose outbox outlives the local account: a caller's does, a quiet one (tests, {@code invoke}) does not. */
class LocalAwsOutboxIT {

    private static final Path TEMPLATE = SamTemplate.locate(Path.of(""));

    @Test
    void closeWhenTheOutboxIsQuietThenItIsDeletedWithItsMails() throws IOException {
        LocalAws.Mail quiet = LocalAws.Mail.quiet();
        LocalAws aws = LocalAws.start(TEMPLATE, null, Map.of(), quiet);
        Files.writeString(quiet.outbox().resolve("mail.eml"), "a mail");

        aws.close();

        assertFalse(Files.exists(quiet.outbox()), "a quiet outbox is not left in the temporary directory");
    }

    @Test
    void closeWhenTheOutboxIsTheCallersThenItAndItsMailsAreKept(@TempDir Path directory) throws IOException {
        Path outbox = Files.createDirectories(directory.resolve("outbox"));
        LocalAws aws = LocalAws.start(TEMPLATE, null, Map.of(), new LocalAws.Mail(outbox, mail -> { }));
        Files.writeString(outbox.resolve("mail.eml"), "a mail");

        aws.close();

        assertEquals("a mail", Files.readString(outbox.resolve("mail.eml")));
        assertTrue(Files.isDirectory(outbox));
    }
}
