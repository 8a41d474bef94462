package io.userlink.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userlink.local.iam.AccessKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The operator's AWS access key of a running local runtime, kept in its credentials file under {@code aws}
 * with the AWS CLI's names ({@code aws_access_key_id}, {@code aws_secret_access_key}).
 */
final class OperatorCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OperatorCredentials() {}

    static void write(ObjectNode document, AccessKey key) {
        document.putObject("aws").put("aws_access_key_id", key.id()).put("aws_secret_access_key", key.secret())
                .put("region", io.userlink.local.LocalDeployment.REGION);
    }

    /**
     * The operator key in a credentials file that {@code serve} wrote.
     *
     * @throws IllegalArgumentException saying how to get one when the file is missing or holds none
     */
    static AccessKey read(Path file) {
        JsonNode aws;
        try {
            aws = Files.isRegularFile(file) ? JSON.readTree(file.toFile()).path("aws") : null;
        } catch (IOException e) {
            aws = null;
        }
        if (aws == null || !aws.hasNonNull("aws_access_key_id") || !aws.hasNonNull("aws_secret_access_key")) {
            throw new IllegalArgumentException("no operator credentials in " + file + ": with --endpoint, the admin"
                    + " commands sign as the operator whose key `userlink serve` writes there (start serve first, or"
                    + " name its file with --credentials-file)");
        }
        return new AccessKey(aws.get("aws_access_key_id").asText(), aws.get("aws_secret_access_key").asText(), Optional.empty());
    }
}
