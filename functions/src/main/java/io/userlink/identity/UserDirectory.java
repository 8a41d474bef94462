package io.userlink.identity;

import io.userlink.app.App;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.user.EmailAddress;
import java.util.Objects;

/** Looks users up for a customer backend: by user id, external id or account email, only within the caller's app. */
public final class UserDirectory {

    private final IdentityStore store;

    public UserDirectory(IdentityStore store) {
        this.store = Objects.requireNonNull(store);
    }

    /**
     * @param window the entries of the user's history to read
     * @throws UserlinkException {@link ErrorCode#USER_NOT_FOUND} for an unknown, deleted or other app's user
     */
    public UserRecord byId(App app, String userId, HistoryWindow window) {
        return store.findUserRecord(userId, window).filter(found -> found.user().appId().equals(app.appId()))
                .orElseThrow(UserDirectory::notFound);
    }

    /**
     * @throws UserlinkException {@link ErrorCode#USER_NOT_FOUND} when the external id names no user of the app
     */
    public UserRecord byExternalId(App app, String externalId, HistoryWindow window) {
        return store.findUserIdByExternalId(app.appId(), externalId).map(userId -> byId(app, userId, window))
                .orElseThrow(UserDirectory::notFound);
    }

    /**
     * @throws UserlinkException {@link ErrorCode#USER_NOT_FOUND} when no account of the app has the address
     */
    public UserRecord byEmail(App app, EmailAddress email, HistoryWindow window) {
        return store.findUserIdByEmail(app.appId(), email).map(userId -> byId(app, userId, window))
                .orElseThrow(UserDirectory::notFound);
    }

    static UserlinkException notFound() {
        return new UserlinkException(ErrorCode.USER_NOT_FOUND, "No such user in this app.");
    }
}
