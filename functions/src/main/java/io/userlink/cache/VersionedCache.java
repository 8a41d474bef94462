package io.userlink.cache;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * A per-container cache of values that are costly to load (Secrets Manager secrets). An entry is reused
 * while it is younger than the time to live and at least as new as the version the caller asks for; then
 * exactly one caller loads it again while concurrent callers wait for that load, so a burst of requests
 * costs one load per key per period, not one per request.
 */
public final class VersionedCache<K, V> {

    private record Entry<V>(CompletableFuture<V> value, Instant loadedAt) {}

    private final ConcurrentHashMap<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration timeToLive;
    private final InstantSource clock;
    private final ToLongFunction<V> versionOf;

    /**
     * @param versionOf the version a loaded value carries, compared with what callers ask for
     */
    public VersionedCache(Duration timeToLive, InstantSource clock, ToLongFunction<V> versionOf) {
        this.timeToLive = Objects.requireNonNull(timeToLive);
        this.clock = Objects.requireNonNull(clock);
        this.versionOf = Objects.requireNonNull(versionOf);
    }

    /**
     * The value for {@code key}, loading it when the cached one is missing, older than the time to live or
     * older than {@code minimumVersion}. A failed load is not cached: the next call tries again.
     *
     * @throws RuntimeException whatever {@code loader} threw, to every caller waiting for that load
     */
    public V get(K key, long minimumVersion, Function<K, V> loader) {
        Instant now = clock.instant();
        CompletableFuture<V> created = new CompletableFuture<>();
        Entry<V> entry = entries.compute(key, (k, existing) ->
                existing != null && isFresh(existing, minimumVersion, now) ? existing : new Entry<>(created, now));
        if (entry.value == created) {
            try {
                created.complete(loader.apply(key));
            } catch (RuntimeException e) {
                entries.remove(key, entry);
                created.completeExceptionally(e);
            }
        }
        try {
            return entry.value.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** A load in flight counts as fresh: its callers wait for it rather than start another. */
    private boolean isFresh(Entry<V> entry, long minimumVersion, Instant now) {
        if (!now.isBefore(entry.loadedAt.plus(timeToLive))) {
            return false;
        }
        if (!entry.value.isDone()) {
            return true;
        }
        return !entry.value.isCompletedExceptionally() && versionOf.applyAsLong(entry.value.join()) >= minimumVersion;
    }
}
