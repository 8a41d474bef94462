package io.userlink.http;

import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;

/**
 * Rules for identifiers callers send. An id in a path that names nothing of the caller's app is a 404,
 * whatever its shape, so its shape reveals nothing; only ids no store could hold (over
 * {@value #MAX_LENGTH} characters, with control characters or with an unpaired UTF-16 surrogate) are
 * refused as 400. Ids are compared exactly, code point by code point, without Unicode normalisation.
 */
public final class Identifiers {

    /** The longest id or external id accepted. */
    public static final int MAX_LENGTH = 256;
    private static final String RULE = "`%s` must be 1 to " + MAX_LENGTH
            + " characters, without control characters or unpaired UTF-16 surrogates.";

    private Identifiers() {}

    /**
     * A path parameter the route declares.
     *
     * @throws UserlinkException {@link ErrorCode#INVALID_ID} when it is empty, too long, or has control
     *     characters or unpaired surrogates
     */
    public static String pathId(Request request, String name) {
        String value = request.pathParameter(name).orElse("");
        if (!isIdentifier(value)) {
            throw new UserlinkException(ErrorCode.INVALID_ID, RULE.formatted(name));
        }
        return value;
    }

    /**
     * An external id from a query parameter.
     *
     * @throws UserlinkException {@link ErrorCode#INVALID_FIELD} when missing, too long, or with control
     *     characters or unpaired surrogates
     */
    public static String externalIdParameter(Request request, String name) {
        String value = request.queryParameter(name).orElse("");
        if (!isIdentifier(value)) {
            throw new UserlinkException(ErrorCode.INVALID_FIELD, RULE.formatted(name));
        }
        return value;
    }

    private static boolean isIdentifier(String value) {
        return !value.isEmpty() && value.length() <= MAX_LENGTH && Text.isPrintable(value);
    }
}
