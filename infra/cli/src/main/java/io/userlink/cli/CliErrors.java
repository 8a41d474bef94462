package io.userlink.cli;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/** Turns what went wrong into one line an operator can act on. */
final class CliErrors {

    private CliErrors() {}

    static String explain(Exception exception) {
        Throwable cause = exception;
        while (cause.getCause() != null && !(cause instanceof SdkClientException)) {
            cause = cause.getCause();
        }
        if (cause instanceof SdkClientException client) {
            String message = String.valueOf(client.getMessage());
            if (message.contains("credentials") || message.contains("Credentials")) {
                return "no AWS credentials found. Set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                        + " (and AWS_REGION), or point the command at a local runtime with --endpoint http://127.0.0.1:3000";
            }
            if (message.contains("region") || message.contains("Region")) {
                return "no AWS region set. Set AWS_REGION or pass --region";
            }
            return "cannot reach AWS: " + message;
        }
        if (exception instanceof SdkServiceException service) {
            return "AWS refused the call (" + service.statusCode() + "): " + service.getMessage();
        }
        return String.valueOf(exception.getMessage());
    }
}
