package io.userlink.mail;

import java.util.Objects;

/** A mail ready to send: its one-line subject, its text body and its HTML body. Never logged: links carry tokens. */
public record RenderedMail(String subject, String text, String html) {

    public RenderedMail {
        Objects.requireNonNull(subject);
        Objects.requireNonNull(text);
        Objects.requireNonNull(html);
    }

    @Override
    public String toString() {
        return "RenderedMail[" + subject.length() + " characters of subject]";
    }
}
