package io.userlink.password;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The 10,000 most common passwords, from the resource {@code common-passwords.txt} (its header names the
 * source package and version). Loaded on first use, which priming does before a SnapStart snapshot.
 */
final class CommonPasswords {

    private static final String RESOURCE = "common-passwords.txt";

    private CommonPasswords() {}

    /** Whether {@code lowerCasePassword} is on the list (which is in lower case). */
    static boolean contains(String lowerCasePassword) {
        return Holder.PASSWORDS.contains(lowerCasePassword);
    }

    private static final class Holder {
        static final Set<String> PASSWORDS = load(RESOURCE);
    }

    /** The passwords of a list resource next to this class, read once by the holder above. */
    static Set<String> load(String resource) {
        try (InputStream in = CommonPasswords.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** A list's passwords: one a line, without its blank lines and its {@code #} comments. */
    static Set<String> read(InputStream list) throws IOException {
        Set<String> passwords = new HashSet<>(16_384);
        BufferedReader reader = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                passwords.add(line);
            }
        }
        return Set.copyOf(passwords);
    }
}
