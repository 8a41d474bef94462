package io.userlink.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A new directory in the system's temporary directory, deleted with everything in it when closed: for files that
 * matter only while a run lasts (the mails of a test or of one {@code invoke}, a benchmark's events and AOT caches),
 * so that runs do not pile up there (a cold-start benchmark writes about 1.6 GB of AOT caches).
 */
public final class TemporaryDirectory implements AutoCloseable {

    private final Path path;

    private TemporaryDirectory(Path path) {
        this.path = path;
    }

    /** A new, empty directory whose name begins with {@code prefix}, readable by this user only. */
    public static TemporaryDirectory create(String prefix) {
        try {
            return new TemporaryDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory: " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Deletes the directory and everything in it; nothing when it is gone already. */
    @Override
    public void close() {
        delete(path);
    }

    /** Deletes {@code directory} and everything in it; nothing when it does not exist. */
    static void delete(Path directory) {
        List<Path> deepestFirst;
        try (Stream<Path> tree = Files.walk(directory)) {
            deepestFirst = tree.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException gone) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory + " to delete it: " + e.getMessage(), e);
        }
        for (Path entry : deepestFirst) {
            try {
                Files.deleteIfExists(entry);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + entry + ": " + e.getMessage(), e);
            }
        }
    }
}
