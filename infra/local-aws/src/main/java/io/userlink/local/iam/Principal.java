package io.userlink.local.iam;

import java.util.Objects;

/**
 * Who calls the stand-ins: an IAM identity with its access key and its policy. A function's principal is the
 * session of its execution role (temporary credentials with a session token), as Lambda gives a function.
 *
 * @param arn what AWS names the caller in an {@code AccessDeniedException}
 * @param name a short label for logs (the function's logical id, {@code operator}...)
 */
public record Principal(String name, String arn, AccessKey key, PolicyDocument policy) {

    public Principal {
        Objects.requireNonNull(name);
        Objects.requireNonNull(arn);
        Objects.requireNonNull(key);
        Objects.requireNonNull(policy);
    }
}
