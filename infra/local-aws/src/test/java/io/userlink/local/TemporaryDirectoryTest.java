package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TemporaryDirectoryTest {

    @Test
    void closeWhenFilesAndFoldersAreInsideThenNothingIsLeft() throws IOException {
        Path path;
        try (TemporaryDirectory directory = TemporaryDirectory.create("userlink-test")) {
            path = directory.path();
            Files.writeString(Files.createDirectories(path.resolve("cache/aot")).resolve("function.aot"), "cache");
            Files.writeString(path.resolve("event.json"), "{}");
            assertTrue(Files.isDirectory(path));
        }

        assertFalse(Files.exists(path), "the directory is deleted with what it held");
    }

    @Test
    void closeWhenTheDirectoryIsGoneAlreadyThenNothingFails() {
        TemporaryDirectory directory = TemporaryDirectory.create("userlink-test");
        directory.close();

        directory.close();

        assertFalse(Files.exists(directory.path()));
    }
}
