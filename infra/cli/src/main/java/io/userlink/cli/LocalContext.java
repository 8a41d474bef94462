package io.userlink.cli;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The Lambda context of one local invocation: a request id, the function's name and memory, the time left until its
 * {@code Timeout} ({@code deadline} on {@code nanoTime}'s scale), and a logger to stderr.
 */
record LocalContext(String functionName, String requestId, PrintStream log, int memorySizeMb, long deadline,
                    LongSupplier nanoTime) implements Context {

    static LocalContext of(String functionName, PrintStream log, int memorySizeMb, long deadline, LongSupplier nanoTime) {
        return new LocalContext(functionName, UUID.randomUUID().toString(), log, memorySizeMb, deadline, nanoTime);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + io.userlink.local.LocalDeployment.REGION + ":000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - nanoTime.getAsLong()));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memorySizeMb;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                log.println(functionName + " " + requestId + " " + message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
