package io.userlink.mail;

import io.userlink.app.MailTemplates;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Places values in a mail's template, escaped for where they land: in the subject and the text on one line with
 * no control characters, in the HTML as text (or as an attribute value, for a link). A value is cut at
 * {@value #MAX_VALUE_LENGTH} characters, so an attribute a registrant chose cannot become a message of its own
 * in a mail to someone else's address. A placeholder without a value (an attribute the account lacks) is left
 * empty.
 */
public final class MailRenderer {

    static final int MAX_VALUE_LENGTH = 100;

    private MailRenderer() {}

    /**
     * @param values by placeholder name: {@code app_name}, {@code email}, {@code user_id}, {@code link},
     *     {@code expires_in}, {@code attributes.NAME}
     */
    public static RenderedMail render(MailTemplates.Template template, Map<String, String> values) {
        return new RenderedMail(place(template.subject(), values, false), place(template.text(), values, false),
                place(template.html(), values, true));
    }

    private static String place(String template, Map<String, String> values, boolean html) {
        Matcher placeholders = MailTemplates.PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (placeholders.find()) {
            String name = placeholders.group(1);
            String value = values.getOrDefault(name, "");
            // The link is ours (a checked URL template and a base62 token): it is not cut.
            String safe = name.equals("link") ? value : oneLine(value);
            placeholders.appendReplacement(out, Matcher.quoteReplacement(html ? escapeHtml(safe) : safe));
        }
        placeholders.appendTail(out);
        return out.toString();
    }

    private static String oneLine(String value) {
        StringBuilder line = new StringBuilder();
        value.codePoints().limit(MAX_VALUE_LENGTH)
                .forEach(c -> line.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? ' ' : c));
        return line.toString();
    }

    static String escapeHtml(String value) {
        StringBuilder escaped = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
