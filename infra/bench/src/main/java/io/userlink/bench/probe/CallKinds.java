package io.userlink.bench.probe;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Notes the kind of every AWS call a probe's JVM makes, in {@link FloorProbe}'s vocabulary ({@code get},
 * {@code cget}, {@code tx:7}, {@code sm}...), so the benchmark can check that a floor makes the calls its
 * function makes, and how long each took. Registered for every SDK client of the probes' JVMs by the SDK's
 * global interceptor file in the probes jar, so function and floor carry the same small cost. A call that ends in an
 * error is not noted, nor its time on the wire (the SDK then skips {@code afterExecution}).
 */
public final class CallKinds implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("userlink.probe.started");
    private static final ExecutionAttribute<Long> SENT = new ExecutionAttribute<>("userlink.probe.sent");
    private static final ExecutionAttribute<Long> ON_THE_WIRE = new ExecutionAttribute<>("userlink.probe.wire");

    /**
     * One call: its kind, the time it took, and the part of it on the wire: from the request's first byte sent to
     * the response's headers read, over every attempt (connecting and the TLS handshake included), as against the
     * SDK's own work of marshalling, signing and reading the response.
     */
    private record Call(String kind, long nanos, long wireNanos) {}

    private static final List<Call> CALLS = new ArrayList<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(SENT, System.nanoTime());
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        long attempt = System.nanoTime() - attributes.getAttribute(SENT);
        attributes.putAttribute(ON_THE_WIRE, attributes.getOptionalAttribute(ON_THE_WIRE).orElse(0L) + attempt);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        long nanos = System.nanoTime() - attributes.getAttribute(STARTED);
        long wireNanos = attributes.getOptionalAttribute(ON_THE_WIRE).orElse(0L);
        String kind = switch (context.request()) {
            case GetItemRequest r -> Boolean.TRUE.equals(r.consistentRead()) ? "cget" : "get";
            case QueryRequest r -> "query";
            case UpdateItemRequest r -> "update";
            case PutItemRequest r -> "put";
            case DeleteItemRequest r -> "delete";
            case TransactWriteItemsRequest r -> "tx:" + r.transactItems().size();
            case BatchWriteItemRequest r -> "batch:" + r.requestItems().values().stream().mapToInt(List::size).sum();
            case GetSecretValueRequest r -> "sm";
            default -> context.request().getClass().getSimpleName();
        };
        synchronized (CALLS) {
            CALLS.add(new Call(kind, nanos, wireNanos));
        }
    }

    /** The calls made so far, comma-separated, in order. */
    static String made() {
        synchronized (CALLS) {
            return String.join(",", CALLS.stream().map(Call::kind).toList());
        }
    }

    /** How many calls were made so far: a mark for {@link #secretReadNanosSince} and {@link #wireNanosSince}. */
    static int count() {
        synchronized (CALLS) {
            return CALLS.size();
        }
    }

    /** The time spent in Secrets Manager reads since the {@code mark}-th call. */
    static long secretReadNanosSince(int mark) {
        synchronized (CALLS) {
            return CALLS.subList(mark, CALLS.size()).stream().filter(call -> call.kind().equals("sm"))
                    .mapToLong(Call::nanos).sum();
        }
    }

    /** The time the calls since the {@code mark}-th spent on the wire. */
    static long wireNanosSince(int mark) {
        synchronized (CALLS) {
            return CALLS.subList(mark, CALLS.size()).stream().mapToLong(Call::wireNanos).sum();
        }
    }
}
