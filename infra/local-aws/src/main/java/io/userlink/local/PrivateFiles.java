package io.userlink.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files that hold credentials: readable by their owner only, where the file system can say so. */
public final class PrivateFiles {

    private PrivateFiles() {}

    /** Makes {@code file} readable and writable by its owner only (on POSIX file systems). */
    public static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file keeps its directory's permissions.
        }
    }
}
