package io.userlink.local.iam;

/** IAM's wildcards: {@code *} matches any run of characters, {@code ?} exactly one. */
final class Wildcards {

    private static final int ARN_SEGMENTS = 6;

    private Wildcards() {}

    /** Whether {@code value} matches {@code pattern} as a whole. */
    static boolean matches(String pattern, String value) {
        int p = 0;
        int v = 0;
        int starAt = -1;
        int resumeAt = 0;
        while (v < value.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == value.charAt(v))) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starAt = p++;
                resumeAt = v;
            } else if (starAt >= 0) {
                p = starAt + 1;
                v = ++resumeAt;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /**
     * Whether the ARN {@code resource} matches the resource pattern: {@code *} alone matches everything, else
     * the six colon-separated segments match one by one.
     */
    static boolean matchesArn(String pattern, String resource) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] patternSegments = pattern.split(":", ARN_SEGMENTS);
        String[] resourceSegments = resource.split(":", ARN_SEGMENTS);
        if (patternSegments.length != resourceSegments.length) {
            return false;
        }
        for (int i = 0; i < patternSegments.length; i++) {
            if (!matches(patternSegments[i], resourceSegments[i])) {
                return false;
            }
        }
        return true;
    }
}
