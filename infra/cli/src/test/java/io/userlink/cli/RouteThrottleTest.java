package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.local.LocalDeployment;
import io.userlink.local.SamTemplate;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** API Gateway's route throttling as {@code serve} applies it: the template's limits, the buckets, the 429. */
class RouteThrottleTest {

    private static final SamTemplate TEMPLATE = SamTemplate.read(SamTemplate.locate(Path.of("")));

    /** The functions' clock, moved by the tests. */
    private final AtomicLong nanos = new AtomicLong();

    /** The template's defaults: sign-in 40 at once and 20 a second, registration 100 and 50, other routes 500 and 250. */
    @Test
    void admitWhenARoutesBurstIsSpentThenRefusedUntilItsRateRefillsATokenEachRouteApart() {
        RouteThrottle throttle = RouteThrottle.of(LocalDeployment.names(TEMPLATE), nanos::get);

        assertEquals(40, admittedAtOnce(throttle, "POST /v1/accounts/sign-in"));
        assertEquals(100, admittedAtOnce(throttle, "POST /v1/installs"));
        assertEquals(500, admittedAtOnce(throttle, "GET /v1/users/{user_id}"));
        assertEquals(500, admittedAtOnce(throttle, "$default"));

        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(49));
        assertFalse(throttle.admit("POST /v1/accounts/sign-in"), "a token comes every 50 ms at 20 a second");
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertEquals(1, admittedAtOnce(throttle, "POST /v1/accounts/sign-in"));
        nanos.addAndGet(TimeUnit.HOURS.toNanos(1));
        assertEquals(40, admittedAtOnce(throttle, "POST /v1/accounts/sign-in"), "a bucket holds no more than its burst");
    }

    @Test
    void serveWhenARoutesBucketIsEmptyThenApiGateways429AndTheFunctionIsNotInvoked() throws Exception {
        RouteThrottle oneAtOnceOneASecond = new RouteThrottle(Map.of(), Optional.of(new RouteThrottle.Limit(1, 1)), nanos::get);
        LambdaFunction notFound = new LambdaFunction(TEMPLATE.function("NotFoundFunction").orElseThrow(), Map.of(), false,
                LambdaFunction.Configuration.LAMBDA_DEFAULTS);
        try (LocalHttpApi api = LocalHttpApi.bind(0, new PrintStream(OutputStream.nullOutputStream()), Set.of())) {
            api.start(new RouteTable(List.of(new SamTemplate.Route("NotFoundFunction", "ANY", "$default"))),
                    oneAtOnceOneASecond, id -> notFound, null);
            URI anyPath = api.baseUrl().resolve("/v1/no-such-route");

            HttpResponse<String> first = Http.get(anyPath);
            // API Gateway's own answers are not in openapi.yaml (its introduction says so): not validated against it.
            HttpResponse<String> second = Http.sendUnchecked("GET", anyPath, null, null, null);
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
            HttpResponse<String> aSecondLater = Http.get(anyPath);

            assertEquals(404, first.statusCode(), first.body());
            assertEquals(429, second.statusCode());
            assertEquals("{\"message\":\"Too Many Requests\"}", second.body());
            assertEquals(Optional.of("application/json"), second.headers().firstValue("Content-Type"));
            assertTrue(second.headers().firstValue("Retry-After").isEmpty(), "API Gateway sends none");
            assertEquals(404, aSecondLater.statusCode(), aSecondLater.body());
        }
    }

    private static int admittedAtOnce(RouteThrottle throttle, String routeKey) {
        int admitted = 0;
        while (throttle.admit(routeKey)) {
            admitted++;
        }
        return admitted;
    }
}
