package io.userlink.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Records a DynamoDB client's calls: the requests as the caller made them, the time spent inside each call
 * (marshalling, HTTP, the stand-in's work), and the capacity DynamoDB reports for it, asked for with
 * {@code ReturnConsumedCapacity=TOTAL}. Single-threaded use.
 */
final class CallRecorder implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("userlink.bench.started");

    private final List<SdkRequest> requests = new ArrayList<>();
    private final AtomicLong calls = new AtomicLong();
    private final DoubleAdder capacityUnits = new DoubleAdder();
    private final AtomicLong callNanos = new AtomicLong();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        requests.add(context.request());
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        calls.incrementAndGet();
        return switch (context.request()) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            default -> context.request();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        callNanos.addAndGet(System.nanoTime() - attributes.getAttribute(STARTED));
        switch (context.response()) {
            case GetItemResponse r -> add(r.consumedCapacity());
            case PutItemResponse r -> add(r.consumedCapacity());
            case UpdateItemResponse r -> add(r.consumedCapacity());
            case QueryResponse r -> add(r.consumedCapacity());
            case TransactWriteItemsResponse r -> r.consumedCapacity().forEach(this::add);
            case BatchWriteItemResponse r -> r.consumedCapacity().forEach(this::add);
            default -> { }
        }
    }

    /** The requests made since the last call of this method, in order. */
    List<SdkRequest> takeRequests() {
        List<SdkRequest> taken = List.copyOf(requests);
        requests.clear();
        return taken;
    }

    /** The time spent inside calls since the last call of this method. */
    long takeCallNanos() {
        return callNanos.getAndSet(0);
    }

    long calls() {
        return calls.get();
    }

    double capacityUnits() {
        return capacityUnits.sum();
    }

    void reset() {
        requests.clear();
        calls.set(0);
        capacityUnits.reset();
        callNanos.set(0);
    }

    private void add(ConsumedCapacity capacity) {
        if (capacity != null && capacity.capacityUnits() != null) {
            capacityUnits.add(capacity.capacityUnits());
        }
    }
}
