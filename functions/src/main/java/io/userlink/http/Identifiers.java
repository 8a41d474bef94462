package io.userlink.http;

import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;

/**
 * Rules for identifiers callers send. An id in a path that names nothing of the caller's app is a 404,
 * whatever its shape, so its shape reveals nothing; only ids no store could hold (over
 * {@value #MAX_LENGTH} characters, or with control characters) are refused as 400.
 */
public final class Identifiers {

    /** The longest id or external id accepted. */
    public static final int MAX_LENGTH = 256;

    private Identifiers() {}

    /**
     * A path parameter the route declares.
     *
     * @throws UserlinkException {@link ErrorCode#INVALID_ID} when it is empty, too long or has control characters
     */
    public static String pathId(Request request, String name) {
        String value = request.pathParameter(name).orElse("");
        if (value.isEmpty() || value.length() > MAX_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw new UserlinkException(ErrorCode.INVALID_ID,
                    "`" + name + "` must be 1 to " + MAX_LENGTH + " characters without control characters.");
        }
        return value;
    }

    /**
     * An external id from a query parameter.
     *
     * @throws UserlinkException {@link ErrorCode#INVALID_FIELD} when missing, too long or with control characters
     */
    public static String externalIdParameter(Request request, String name) {
        String value = request.queryParameter(name).orElse("");
        if (value.isEmpty() || value.length() > MAX_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw new UserlinkException(ErrorCode.INVALID_FIELD,
                    "`" + name + "` must be 1 to " + MAX_LENGTH + " characters without control characters.");
        }
        return value;
    }
}
