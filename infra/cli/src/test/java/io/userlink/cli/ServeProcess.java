package io.userlink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@code java -jar userlink.jar ARGS} as a separate process, as a user runs it, with its output collected. */
final class ServeProcess implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("userlink.jar", "target/userlink.jar"));
    static final Path PROJECT = Path.of("../..").toAbsolutePath().normalize();

    private final Process process;
    private final List<String> stdout = Collections.synchronizedList(new ArrayList<>());
    private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<URI> ready = new CompletableFuture<>();

    private ServeProcess(Process process) {
        this.process = process;
        collect(process.inputReader(StandardCharsets.UTF_8), stdout, true);
        collect(new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), stderr, false);
    }

    /**
     * A running `serve`: its process, its URL, the file of the demo credentials it wrote, read, and the directory it
     * writes account mail to.
     */
    record Served(ServeProcess process, URI url, Path credentialsFile, JsonNode credentials, Path outbox) {}

    /**
     * Starts {@code userlink serve} on a free port with its credentials file and its outbox in {@code directory}, not
     * in the project's {@code .userlink/}, and waits for it to be ready.
     */
    static Served serve(Path directory, String... extraArguments) throws Exception {
        Path credentials = directory.resolve("credentials.json");
        Path outbox = directory.resolve("outbox");
        List<String> arguments = new ArrayList<>(List.of("serve", "--port", "0", "--credentials-file", credentials.toString(),
                "--outbox-dir", outbox.toString()));
        arguments.addAll(List.of(extraArguments));
        ServeProcess process = start(arguments.toArray(String[]::new));
        URI url = process.awaitReady();
        return new Served(process, url, credentials, Http.json(Files.readString(credentials)), outbox);
    }

    /** Starts {@code userlink ARGS} in the project directory. */
    static ServeProcess start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-jar", JAR.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return new ServeProcess(new ProcessBuilder(command).directory(PROJECT.toFile()).start());
    }

    /** Waits for the {@code ready <base_url>} line. */
    URI awaitReady() throws Exception {
        try {
            return ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("serve did not print ready; stdout " + stdout + " stderr " + stderr, e);
        }
    }

    /** Waits for the process to exit; -1 when it is still running after {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** Sends SIGTERM, as Ctrl-C or a service manager does. */
    void terminate() {
        process.destroy();
    }

    List<String> stdout() {
        return List.copyOf(stdout);
    }

    String stderr() {
        return String.join("\n", stderr);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    private void collect(BufferedReader reader, List<String> lines, boolean watchReady) {
        Thread thread = new Thread(() -> {
            try (reader) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lines.add(line);
                    if (watchReady && line.startsWith("ready ")) {
                        ready.complete(URI.create(line.substring("ready ".length()).strip()));
                    }
                }
            } catch (IOException ignored) {
                // The process ended.
            }
            ready.completeExceptionally(new IllegalStateException("output ended without ready"));
        });
        thread.setDaemon(true);
        thread.start();
    }
}
