package io.userlink.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CloudFormation's custom resource protocol as the local account plays it: requests, responses and their checks. */
class LocalCustomResourcesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> PROPERTIES = Map.of("ServiceToken", "arn:aws:lambda:us-east-1:000000000000:function:f");

    @TempDir
    Path directory;

    private final List<Map<String, Object>> requests = new ArrayList<>();

    @Test
    void deployWhenNewThenCreatesOnceAndWhenPropertiesChangeThenUpdatesWithThePhysicalId() {
        try (LocalAws aws = LocalAws.start(SamTemplate.locate(Path.of("")))) {
            aws.customResources().deploy("Thing", "Custom::Thing", PROPERTIES, aws.endpoint(), answering(aws, this::success));
            aws.customResources().deploy("Thing", "Custom::Thing", PROPERTIES, aws.endpoint(), answering(aws, this::success));
            Map<String, String> changed = new LinkedHashMap<>(PROPERTIES);
            changed.put("Size", "2");
            aws.customResources().deploy("Thing", "Custom::Thing", changed, aws.endpoint(), answering(aws, this::success));

            assertEquals(2, requests.size(), "nothing sent while the properties stay the same");
            assertEquals("Create", requests.get(0).get("RequestType"));
            assertEquals(PROPERTIES, requests.get(0).get("ResourceProperties"));
            assertEquals("Update", requests.get(1).get("RequestType"));
            assertEquals("physical-Thing", requests.get(1).get("PhysicalResourceId"));
            assertEquals(PROPERTIES, requests.get(1).get("OldResourceProperties"));
            assertEquals(changed, requests.get(1).get("ResourceProperties"));
        }
    }

    @Test
    void deployWhenTheDataDirectoryHasTheResourceThenSendsNothing() {
        Path data = directory.resolve("data");
        try (LocalAws aws = LocalAws.start(SamTemplate.locate(Path.of("")), data, Map.of(), LocalAws.Mail.quiet())) {
            aws.customResources().deploy("Thing", "Custom::Thing", PROPERTIES, aws.endpoint(), answering(aws, this::success));
        }
        try (LocalAws aws = LocalAws.start(SamTemplate.locate(Path.of("")), data, Map.of(), LocalAws.Mail.quiet())) {
            aws.customResources().deploy("Thing", "Custom::Thing", PROPERTIES, aws.endpoint(), answering(aws, this::success));
        }

        assertEquals(1, requests.size());
    }

    @Test
    void deployWhenFailedThenTheDeploymentFailsWithTheReasonAndTheNextOneCreatesAgain() {
        try (LocalAws aws = LocalAws.start(SamTemplate.locate(Path.of("")))) {
            IllegalStateException failed = assertThrows(IllegalStateException.class, () -> aws.customResources()
                    .deploy("Thing", "Custom::Thing", PROPERTIES, aws.endpoint(), answering(aws, request -> {
                        Map<String, Object> response = success(request);
                        response.put("Status", "FAILED");
                        response.put("Reason", "the ring is damaged");
                        return response;
                    })));
            aws.customResources().deploy("Thing", "Custom::Thing", PROPERTIES, aws.endpoint(), answering(aws, this::success));

            assertTrue(failed.getMessage().endsWith("the custom resource failed: the ring is damaged"), failed.getMessage());
            assertEquals(List.of("Create", "Create"), requests.stream().map(request -> request.get("RequestType")).toList());
        }
    }

    @Test
    void deployWhenTheFunctionNeverAnswersThenInvokedThreeTimesAsLambdaRetriesAndFails() {
        try (LocalAws aws = LocalAws.start(SamTemplate.locate(Path.of("")))) {
            IllegalStateException failed = assertThrows(IllegalStateException.class, () -> aws.customResources()
                    .deploy("Thing", "Custom::Thing", PROPERTIES, aws.endpoint(), request -> {
                        requests.add(request);
                        throw new IllegalStateException("function error");
                    }));

            assertEquals(3, requests.size());
            assertTrue(failed.getMessage().contains("ServiceTimeout"), failed.getMessage());
            assertTrue(failed.getMessage().contains("function error"), failed.getMessage());
        }
    }

    @Test
    void deployWhenTheResponseIsNotOneCloudFormationAcceptsThenRefused() {
        Map<String, Function<Map<String, Object>, Map<String, Object>>> invalid = Map.of(
                "another RequestId", request -> with(success(request), "RequestId", "another"),
                "no PhysicalResourceId", request -> with(success(request), "PhysicalResourceId", ""),
                "an unknown Status", request -> with(success(request), "Status", "OK"),
                "over 4,096 bytes", request -> with(success(request), "Reason", "x".repeat(5_000)));
        try (LocalAws aws = LocalAws.start(SamTemplate.locate(Path.of("")))) {
            invalid.forEach((what, answer) -> assertThrows(IllegalStateException.class, () -> aws.customResources()
                    .deploy("Thing", "Custom::Thing", PROPERTIES, aws.endpoint(), answering(aws, answer)), what));
        }
    }

    private Map<String, Object> success(Map<String, Object> request) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Status", "SUCCESS");
        response.put("PhysicalResourceId", "physical-" + request.get("LogicalResourceId"));
        response.put("StackId", request.get("StackId"));
        response.put("RequestId", request.get("RequestId"));
        response.put("LogicalResourceId", request.get("LogicalResourceId"));
        return response;
    }

    private static Map<String, Object> with(Map<String, Object> response, String member, Object value) {
        response.put(member, value);
        return response;
    }

    /** A function that PUTs {@code answer}'s response to the request's URL, as the rotation function does. */
    private Consumer<Map<String, Object>> answering(LocalAws aws, Function<Map<String, Object>, Map<String, Object>> answer) {
        return request -> {
            requests.add(request);
            String url = String.valueOf(request.get("ResponseURL"));
            assertTrue(url.startsWith(aws.endpoint().toString()), url);
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<Void> stored = client.send(HttpRequest.newBuilder(URI.create(url))
                        .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(answer.apply(request)))).build(),
                        HttpResponse.BodyHandlers.discarding());
                assertEquals(200, stored.statusCode());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }
}
