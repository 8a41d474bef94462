package io.userlink.cli;

import io.userlink.local.LocalDeployment;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * API Gateway's throttling of an HTTP API's routes, as its stage applies it: a token bucket per route key that holds
 * the route's burst limit, starts full, and refills at its rate limit a second; the route's own {@code RouteSettings}
 * where it has them, else the API's {@code DefaultRouteSettings}. A route under neither is not throttled here (the
 * account's own limit, 10,000 requests a second, is not emulated).
 */
final class RouteThrottle {

    /** A route's limits: steady-state requests a second, and how many may come at once. */
    record Limit(double ratePerSecond, int burst) {}

    private final Map<String, Limit> routeLimits;
    private final Optional<Limit> defaultLimit;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RouteThrottle(Map<String, Limit> routeLimits, Optional<Limit> defaultLimit, LongSupplier nanoTime) {
        this.routeLimits = Map.copyOf(routeLimits);
        this.defaultLimit = defaultLimit;
        this.nanoTime = nanoTime;
    }

    /**
     * The throttling of the template's HTTP API, its parameters resolved as the deployment resolves them, on
     * {@code nanoTime}'s clock.
     *
     * @throws IllegalArgumentException when the template has more than one HTTP API (the local runtime serves one),
     *                                  or a limit is not a number
     */
    static RouteThrottle of(LocalDeployment deployment, LongSupplier nanoTime) {
        Map<String, Map<String, Object>> apis = deployment.template().resourcesOfType("AWS::Serverless::HttpApi");
        if (apis.size() > 1) {
            throw new IllegalArgumentException("the template has " + apis.size() + " HTTP APIs " + apis.keySet()
                    + "; the local runtime serves one");
        }
        Map<String, Limit> routeLimits = new HashMap<>();
        Optional<Limit> defaultLimit = Optional.empty();
        for (Map.Entry<String, Map<String, Object>> api : apis.entrySet()) {
            Map<String, Object> properties = api.getValue();
            defaultLimit = limit(deployment, properties.get("DefaultRouteSettings"), api.getKey() + " DefaultRouteSettings");
            if (properties.get("RouteSettings") instanceof Map<?, ?> routes) {
                routes.forEach((routeKey, settings) -> limit(deployment, settings,
                        api.getKey() + " RouteSettings " + routeKey).ifPresent(limit -> routeLimits.put((String) routeKey, limit)));
            }
        }
        return new RouteThrottle(routeLimits, defaultLimit, nanoTime);
    }

    /** Whether a request of {@code routeKey} ({@code POST /v1/installs}, {@code $default}) may pass now, taking a token. */
    boolean admit(String routeKey) {
        Limit limit = routeLimits.containsKey(routeKey) ? routeLimits.get(routeKey) : defaultLimit.orElse(null);
        if (limit == null) {
            return true;
        }
        long now = nanoTime.getAsLong();
        return buckets.computeIfAbsent(routeKey, key -> new Bucket(limit, now)).take(now);
    }

    /** A route's settings as a limit; none when they set no throttling (a route may set only one of the two). */
    private static Optional<Limit> limit(LocalDeployment deployment, Object settings, String context) {
        if (!(settings instanceof Map<?, ?> map)
                || !map.containsKey("ThrottlingRateLimit") && !map.containsKey("ThrottlingBurstLimit")) {
            return Optional.empty();
        }
        try {
            double rate = map.containsKey("ThrottlingRateLimit")
                    ? Double.parseDouble(deployment.resolve(map.get("ThrottlingRateLimit"), context)) : Double.MAX_VALUE;
            int burst = map.containsKey("ThrottlingBurstLimit")
                    ? Integer.parseInt(deployment.resolve(map.get("ThrottlingBurstLimit"), context)) : Integer.MAX_VALUE;
            return Optional.of(new Limit(rate, burst));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(context + ": a throttling limit is not a number: " + e.getMessage(), e);
        }
    }

    /** The tokens of one route: at most its burst, one more every 1/rate seconds. */
    private static final class Bucket {

        private final Limit limit;
        private double tokens;
        private long refilledAt;

        Bucket(Limit limit, long now) {
            this.limit = limit;
            this.tokens = limit.burst();
            this.refilledAt = now;
        }

        synchronized boolean take(long now) {
            double seconds = (now - refilledAt) / (double) TimeUnit.SECONDS.toNanos(1);
            tokens = Math.min(limit.burst(), tokens + seconds * limit.ratePerSecond());
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}
