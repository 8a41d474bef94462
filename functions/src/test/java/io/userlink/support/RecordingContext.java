package io.userlink.support;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Lambda's context for a handler under test: a named log stream, and a logger that keeps every line it is given. */
public final class RecordingContext implements Context {

    private final String logStreamName;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final LambdaLogger logger = new LambdaLogger() {
        @Override
        public void log(String message) {
            lines.add(message);
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            log(level + " " + message);
        }
    };

    public RecordingContext(String logStreamName) {
        this.logStreamName = logStreamName;
    }

    public RecordingContext() {
        this("2026/12/05/[$LATEST]stream");
    }

    /** The lines logged so far, each with its level first where the handler gave one. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    @Override public String getLogStreamName() { return logStreamName; }
    @Override public String getAwsRequestId() { return "request"; }
    @Override public String getLogGroupName() { return "/aws/lambda/userlink-test"; }
    @Override public String getFunctionName() { return "userlink-test"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() { return null; }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return 30_000; }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public LambdaLogger getLogger() { return logger; }
}
