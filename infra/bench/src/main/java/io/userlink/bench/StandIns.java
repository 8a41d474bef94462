package io.userlink.bench;

import io.userlink.local.LocalAws;
import java.nio.file.Path;

/**
 * DynamoDB Local and the local Secrets Manager in a process of their own, so the probes' measurements do not
 * share a JVM (or its CPU time) with them. Prints {@code ready <dynamodb url> <secrets manager url>} and
 * serves until its input closes.
 */
public final class StandIns {

    private StandIns() {}

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
