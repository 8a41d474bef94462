package io.userlink.identity;

import io.userlink.app.App;
import io.userlink.audit.SecurityEvent;
import io.userlink.audit.SecurityEvents;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.identity.UserAttachment.Alongside;
import io.userlink.identity.UserAttachment.Login;
import io.userlink.install.Install;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Legacy linking: a customer backend links an install to its external id. A known external id joins the
 * install to that user, a new one creates the user; the one-active-device policy applies as it does to a
 * restoration. Linking the same install to the same user again changes nothing.
 */
public final class LinkService {

    private final IdentityStore store;
    private final UserAttachment attachment;
    private final ConflictRetry retry;
    private final SecurityEvents events;
    private final InstantSource clock;

    public LinkService(IdentityStore store, UserAttachment attachment, ConflictRetry retry, SecurityEvents events,
                       InstantSource clock) {
        this.store = Objects.requireNonNull(store);
        this.attachment = Objects.requireNonNull(attachment);
        this.retry = Objects.requireNonNull(retry);
        this.events = Objects.requireNonNull(events);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Links an install of {@code app} to the user of {@code externalId}.
     *
     * @return the install as it now is: linked to that user, active or inactive with its reason
     *
     * @throws UserlinkException {@code INSTALL_NOT_FOUND}, {@code INSTALL_DOES_NOT_BELONG_TO_APP},
     *     {@code INSTALL_LINKED_TO_OTHER_USER}, {@code INSTALL_DEACTIVATED}, {@code INSTALL_DELETED}
     */
    public Install link(App app, String installId, String externalId) {
        ActivationWatch watch = new ActivationWatch();
        return retry.run(() -> {
            Instant now = clock.instant();
            Install install = store.findInstall(installId).filter(found -> !found.isExpiredAt(now))
                    .orElseThrow(() -> new UserlinkException(ErrorCode.INSTALL_NOT_FOUND, "No install " + installId + "."));
            if (!install.appId().equals(app.appId())) {
                // The one place a 403 reveals that an id exists: legacy integrations branch on it.
                events.record(SecurityEvent.installOfAnotherApp(app.appId(), install.installId()));
                throw new UserlinkException(ErrorCode.INSTALL_DOES_NOT_BELONG_TO_APP,
                        "Install " + installId + " belongs to another app.");
            }
            InstallAccess.requireNotFinal(install);
            return attachment.attach(app, install, new UserKey.ExternalId(externalId), Login.LINK, watch, now, Alongside.NOTHING).install();
        });
    }
}
