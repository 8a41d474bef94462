package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.audit.SecurityEvent;
import io.userlink.audit.SecurityEvent.LoginFailure;
import io.userlink.audit.SecurityEvent.PasswordCheck;
import io.userlink.config.SecurityLog;
import io.userlink.error.AuthenticationException;
import io.userlink.error.ErrorCode;
import io.userlink.error.RetryLaterException;
import io.userlink.error.UserlinkException;
import io.userlink.http.Request;
import io.userlink.mail.MailNotAcceptedException;
import io.userlink.support.Events;
import io.userlink.support.RecordingContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The frame every route shares: what a failure answers, and what only the log learns. */
class ApiHandlerTest {

    /** A route that fails as it is told to. */
    private static final class Failing extends ApiHandler {
        private final RuntimeException failure;

        Failing(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        protected APIGatewayV2HTTPResponse handle(Request request) {
            throw failure;
        }
    }

    /** A route that records a failed sign-in to the function's security log, then refuses the request. */
    private static final class RecordingAFailedSignIn extends ApiHandler {
        private final SecurityLog log = new SecurityLog();

        @Override
        protected APIGatewayV2HTTPResponse handle(Request request) {
            log.record(SecurityEvent.loginFailed("app-1", Optional.of("usr-1"), "ins-1", PasswordCheck.SIGN_IN,
                    LoginFailure.WRONG_PASSWORD));
            throw new UserlinkException(ErrorCode.INVALID_LOGIN, "The email address or the password is wrong.");
        }
    }

    private final RecordingContext context = new RecordingContext();

    @Test
    void respondWhenTheRouteFailsUnexpectedlyThenA500ThatTellsNothingAndTheWholeTraceInTheLog() {
        RuntimeException failure = new IllegalStateException("key ring 'ulk_app.k1_s3cr3t' unreadable");

        APIGatewayV2HTTPResponse response = new Failing(failure).respond(new APIGatewayV2HTTPEvent(), context);

        assertEquals(500, response.getStatusCode());
        assertEquals("application/problem+json", response.getHeaders().get("Content-Type"));
        Map<String, Object> problem = Events.body(response);
        assertEquals("INTERNAL_ERROR", problem.get("code"));
        assertEquals("An unexpected error occurred; it has been logged.", problem.get("detail"));
        assertFalse(response.getBody().contains("s3cr3t") || response.getBody().contains("IllegalStateException"),
                response.getBody());
        String logged = String.join("\n", context.lines());
        assertTrue(logged.startsWith("ERROR unexpected failure: java.lang.IllegalStateException: key ring"), logged);
        assertTrue(logged.contains("\tat io.userlink.handler.ApiHandlerTest"), "the stack trace, for the person on call");
    }

    @Test
    void respondWhenACredentialIsRefusedThenThe401EveryRefusalGetsAndItsReasonInTheLogOnly() {
        APIGatewayV2HTTPResponse response = new Failing(new AuthenticationException("API key unknown, revoked or expired"))
                .respond(new APIGatewayV2HTTPEvent(), context);

        assertEquals(401, response.getStatusCode());
        assertEquals("INVALID_CREDENTIALS", Events.body(response).get("code"));
        assertFalse(response.getBody().contains("revoked"), response.getBody());
        assertEquals(List.of("INFO credential refused: API key unknown, revoked or expired"), context.lines());
    }

    /** Many refusals from one address are guessing: the line names the address as a security event's does. */
    @Test
    void respondWhenACredentialIsRefusedFromAnAddressThenTheLineNamesIt() {
        new Failing(new AuthenticationException("API key unknown, revoked or expired")).respond(from("198.51.100.7"), context);
        new Failing(new AuthenticationException("API key unknown, revoked or expired")).respond(from("x\ny"), context);

        assertEquals(List.of("INFO credential refused: API key unknown, revoked or expired ip=198.51.100.7",
                "INFO credential refused: API key unknown, revoked or expired"), context.lines());
    }

    /** Every 5xx counts towards the API's alarm, so the one a dependency causes says in the log what ran out. */
    @Test
    void respondWhenADependencyRanOutThenThe503WithRetryAfterAndWhatRanOutInTheLogOnly() {
        RetryLaterException throttled = RetryLaterException.unavailable("The service is busy; retry shortly.",
                Duration.ofSeconds(2), "DynamoDB throttled or contended: Rate exceeded (Request ID: REQ-1)");

        APIGatewayV2HTTPResponse response = new Failing(throttled).respond(new APIGatewayV2HTTPEvent(), context);

        assertEquals(503, response.getStatusCode());
        assertEquals("2", response.getHeaders().get("Retry-After"));
        assertEquals("The service is busy; retry shortly.", Events.body(response).get("detail"));
        assertFalse(response.getBody().contains("DynamoDB") || response.getBody().contains("REQ-1"), response.getBody());
        assertEquals(List.of("WARN answered 503: DynamoDB throttled or contended: Rate exceeded (Request ID: REQ-1)"),
                context.lines());
    }

    /** A background function's log names a failure by the reason it gives for the log, else by its kind alone. */
    @Test
    void describedWhenAFailureGivesAReasonForTheLogThenTheReasonElseItsKindOnly() {
        assertEquals("SES refused the mail: MessageRejected (status 400, request id R-1)", ApiHandler.described(
                new MailNotAcceptedException("SES refused the mail: MessageRejected (status 400, request id R-1)")));
        assertEquals("IllegalStateException", ApiHandler.described(new IllegalStateException("to bea@example.com")));
    }

    /** Too many failed sign-ins is the caller's own doing (429): no alarm counts it, and the log stays quiet. */
    @Test
    void respondWhenTheCallerMustWaitForItsOwnDoingThenItsProblemAndNothingLogged() {
        APIGatewayV2HTTPResponse response = new Failing(new RetryLaterException(ErrorCode.TOO_MANY_FAILED_LOGINS,
                "Too many failed sign-ins; try again later.", Duration.ofMinutes(15)))
                .respond(new APIGatewayV2HTTPEvent(), context);

        assertEquals(429, response.getStatusCode());
        assertEquals(List.of(), context.lines());
    }

    @Test
    void respondWhenTheRouteRefusesTheRequestThenItsProblemAndNothingLogged() {
        APIGatewayV2HTTPResponse response = new Failing(new UserlinkException(ErrorCode.MALFORMED_BODY, "The request needs a body."))
                .respond(new APIGatewayV2HTTPEvent(), context);

        assertEquals(400, response.getStatusCode());
        assertEquals("The request needs a body.", Events.body(response).get("detail"));
        assertEquals(List.of(), context.lines());
    }

    /** A security event goes to the request's log line by line, with the address API Gateway saw the client at. */
    @Test
    void respondWhenTheRouteRecordsASecurityEventThenOneLineWithTheClientsAddress() {
        RecordingAFailedSignIn route = new RecordingAFailedSignIn();

        APIGatewayV2HTTPResponse response = route.respond(from("198.51.100.7"), context);

        assertEquals(401, response.getStatusCode());
        assertEquals(List.of("INFO security authn_login_fail app=app-1 user=usr-1 install=ins-1 operation=sign-in"
                + " reason=wrong-password ip=198.51.100.7"), context.lines());
        route.respond(from("2001:db8::7"), context);
        assertTrue(context.lines().getLast().endsWith(" ip=2001:db8::7"), context.lines().getLast());
    }

    /** The address comes from API Gateway; whatever else a local event carries there cannot forge a line. */
    @Test
    void respondWhenTheSourceAddressIsNoAddressThenTheLineLeavesItOut() {
        new RecordingAFailedSignIn().respond(from("198.51.100.7\nINFO security authn_login_success app=app-1"), context);
        new RecordingAFailedSignIn().respond(new APIGatewayV2HTTPEvent(), context);

        assertEquals(List.of("INFO security authn_login_fail app=app-1 user=usr-1 install=ins-1 operation=sign-in"
                        + " reason=wrong-password", "INFO security authn_login_fail app=app-1 user=usr-1 install=ins-1"
                        + " operation=sign-in reason=wrong-password"), context.lines());
    }

    private static APIGatewayV2HTTPEvent from(String sourceIp) {
        return APIGatewayV2HTTPEvent.builder().withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withSourceIp(sourceIp).build()).build())
                .build();
    }
}
