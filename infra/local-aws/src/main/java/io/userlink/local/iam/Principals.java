package io.userlink.local.iam;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The principals the stand-ins know, by access key id and by name. */
public final class Principals {

    private final Map<String, Principal> byKeyId = new ConcurrentHashMap<>();
    private final Map<String, Principal> byName = new ConcurrentHashMap<>();

    /** Adds a principal; a principal of the same name is replaced, and its old key stops working. */
    public void add(Principal principal) {
        Principal previous = byName.put(principal.name(), principal);
        if (previous != null) {
            byKeyId.remove(previous.key().id());
        }
        byKeyId.put(principal.key().id(), principal);
    }

    public Optional<Principal> byKeyId(String accessKeyId) {
        return Optional.ofNullable(byKeyId.get(accessKeyId));
    }

    /**
     * @throws IllegalArgumentException when no principal has this name
     */
    public Principal named(String name) {
        Principal principal = byName.get(name);
        if (principal == null) {
            throw new IllegalArgumentException("no principal " + name + "; known: " + byName.keySet());
        }
        return principal;
    }
}
