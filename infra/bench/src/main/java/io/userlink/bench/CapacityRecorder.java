package io.userlink.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
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
 * Asks DynamoDB for the capacity every call consumes ({@code ReturnConsumedCapacity=TOTAL}) and adds it up,
 * with the number of calls.
 */
final class CapacityRecorder implements ExecutionInterceptor {

    private final AtomicLong calls = new AtomicLong();
    private final DoubleAdder capacityUnits = new DoubleAdder();

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        calls.incrementAndGet();
        return switch (context.request()) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
            default -> context.request();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        switch (context.response()) {
            case GetItemResponse r -> add(r.consumedCapacity());
            case PutItemResponse r -> add(r.consumedCapacity());
            case UpdateItemResponse r -> add(r.consumedCapacity());
            case QueryResponse r -> add(r.consumedCapacity());
            case TransactWriteItemsResponse r -> r.consumedCapacity().forEach(this::add);
            default -> { }
        }
    }

    long calls() {
        return calls.get();
    }

    double capacityUnits() {
        return capacityUnits.sum();
    }

    void reset() {
        calls.set(0);
        capacityUnits.reset();
    }

    private void add(ConsumedCapacity capacity) {
        if (capacity != null && capacity.capacityUnits() != null) {
            capacityUnits.add(capacity.capacityUnits());
        }
    }
}
