package io.userlink.bench;

import io.userlink.local.LocalAws;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * DynamoDB Local and the local Secrets Manager in a process of their own, so the benchmarks' measurements do
 * not share a JVM (or its CPU time) with them. As a program it prints
 * {@code ready <dynamodb url> <secrets manager url>} and serves until its input closes.
 */
public final class StandIns {

    /** The stand-ins running in their process; closing stops them. */
    record Running(Process process, URI dynamoDb, URI secretsManager) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            process.getOutputStream().close();
            process.destroy();
        }
    }

    private StandIns() {}

    /** Starts the stand-ins for the project's template in a new JVM and waits until they serve. */
    static Running start(Path project) throws Exception {
        Process process = new ProcessBuilder(ColdStartBenchmark.java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                ColdStartBenchmark.jarOf(StandIns.class), StandIns.class.getName(),
                project.resolve("template.yaml").toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String[] ready = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .readLine().split(" ");
            return new Running(process, URI.create(ready[1]), URI.create(ready[2]));
        } catch (IOException | RuntimeException e) {
            process.destroy();
            throw e;
        }
    }

    public static void main(String[] args) throws Exception {
        try (LocalAws aws = LocalAws.start(Path.of(args[0]))) {
            System.out.println("ready " + aws.dynamoDb().endpoint() + " " + aws.secretsManager().endpoint());
            System.out.flush();
            while (System.in.read() >= 0) {
                // Wait for the benchmark to close our input.
            }
        }
    }
}
