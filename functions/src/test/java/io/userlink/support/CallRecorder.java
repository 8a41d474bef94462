package io.userlink.support;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * An SDK interceptor that counts calls per operation and can fail the next calls of an operation with a
 * given exception, as DynamoDB does under throttling or transaction conflicts that DynamoDB Local never
 * produces.
 */
public final class CallRecorder implements ExecutionInterceptor {

    private record Fault(String operation, AtomicInteger passing, AtomicInteger remaining,
                         Supplier<RuntimeException> exception) {}

    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final AtomicReference<Fault> fault = new AtomicReference<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        Fault armed = fault.get();
        if (armed != null && armed.operation().equals(operation) && armed.passing().getAndDecrement() <= 0
                && armed.remaining().getAndDecrement() > 0) {
            throw armed.exception().get();
        }
    }

    /** Calls of an operation (e.g. {@code GetItem}) since the last {@link #reset()}. */
    public int count(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    /** The calls of each operation since the last {@link #reset()}, by operation name. */
    public Map<String, Integer> counts() {
        return new TreeMap<>(calls.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().get())));
    }

    public int total() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Makes the next {@code times} calls of {@code operation} throw. */
    public void failNext(String operation, int times, Supplier<RuntimeException> exception) {
        failAfter(operation, 0, times, exception);
    }

    /** Lets the next {@code passing} calls of {@code operation} through, then makes {@code times} calls throw. */
    public void failAfter(String operation, int passing, int times, Supplier<RuntimeException> exception) {
        fault.set(new Fault(operation, new AtomicInteger(passing), new AtomicInteger(times), exception));
    }

    public void reset() {
        calls.clear();
        fault.set(null);
    }
}
