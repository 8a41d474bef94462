package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.userlink.config.Components;
import io.userlink.config.Rehearsal;
import io.userlink.config.Settings;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.mail.MailSender;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each route that is invoke-primed over a rehearsal, and the mail sender: every priming request takes the route's
 * success path, every priming mail is sent, and none of the invocations fails or logs.
 */
class RehearsedRoutesTest {

    private static final Settings SETTINGS = new Settings("table", "key-ring", "public-keys", "apps/", URI.create("https://issuer.test"),
            Duration.ofSeconds(60), Duration.ofSeconds(300));

    static Stream<Arguments> routes() {
        return Stream.of(
                route(components -> new JwksHandler(components.publicKeys()), JwksHandler::primingRequest, 200),
                route(RegisterInstallHandler::new, RegisterInstallHandler::primingRequest, 201),
                route(RefreshTokenHandler::new, RefreshTokenHandler::primingRequest, 200),
                route(LinkInstallHandler::new, LinkInstallHandler::primingRequest, 200),
                route(InstallStatusHandler::new, InstallStatusHandler::primingRequest, 200),
                route(IssueAuthCodeHandler::new, IssueAuthCodeHandler::primingRequest, 201),
                route(CreateUserHandler::new, CreateUserHandler::primingRequest, 201),
                route(ResetInstallHandler::new, ResetInstallHandler::primingRequest, 200),
                route(RegisterAccountHandler::new, RegisterAccountHandler::primingRequest, 201),
                route(SignInHandler::new, SignInHandler::primingRequest, 200),
                route(AccountHandler::new, AccountHandler::primingRequest, 200),
                route(SignOutHandler::new, SignOutHandler::primingRequest, 200),
                route(ChangePasswordHandler::new, ChangePasswordHandler::primingRequest, 204),
                route(DeleteAccountHandler::new, DeleteAccountHandler::primingRequest, 204),
                route(ChangeEmailHandler::new, ChangeEmailHandler::primingRequest, 202),
                route(IntrospectTokenHandler::new, IntrospectTokenHandler::primingRequest, 200),
                route(ResendConfirmationHandler::new, ResendConfirmationHandler::primingRequest, 202),
                route(RequestPasswordResetHandler::new, RequestPasswordResetHandler::primingRequest, 202),
                route(ConfirmAccountHandler::new, ConfirmAccountHandler::primingRequest, 200),
                route(ResetPasswordHandler::new, ResetPasswordHandler::primingRequest, 204),
                route(LookupUserHandler::new, LookupUserHandler::primingRequest, 200),
                route(DeleteUserHandler::new, DeleteUserHandler::primingRequest, 204));
    }

    private static Arguments route(Function<Components, ApiHandler> build, Function<Rehearsal, PrimingRequest> request,
                                   int firstStatus) {
        return Arguments.of(build, request, firstStatus);
    }

    @ParameterizedTest
    @MethodSource("routes")
    void primeOverARehearsalThenEveryRequestTakesTheRoutesPathAndNothingIsLogged(
            Function<Components, ApiHandler> build, Function<Rehearsal, PrimingRequest> request, int status)
            throws IOException {
        Rehearsal rehearsal = Rehearsal.of(SETTINGS);
        ApiHandler handler = build.apply(rehearsal.components());
        for (int asked = 0; asked < 3; asked++) {
            ByteArrayOutputStream response = new ByteArrayOutputStream();

            int answered = handler.serve(new ByteArrayInputStream(request.apply(rehearsal).event()), response, null);

            assertEquals(status, answered, response.toString(StandardCharsets.UTF_8));
        }
        assertPrimesQuietly(InvokePriming.Rehearsed.answeredBy(handler, () -> request.apply(rehearsal)));
    }

    @Test
    void primeTheMailSenderOverARehearsalThenEveryInvocationSendsAMailAndNothingIsLogged() throws IOException {
        Rehearsal rehearsal = Rehearsal.of(SETTINGS);
        MailSender ses = rehearsal.mailSender();
        List<String> sent = new ArrayList<>();
        MailSender counting = (to, mail, outboxId) -> {
            sent.add(outboxId);
            return ses.send(to, mail, outboxId);
        };

        assertPrimesQuietly(InvokePriming.Rehearsed.mailSenderOf(rehearsal, counting));

        assertEquals(InvokePriming.INVOCATIONS, Set.copyOf(sent).size(), "one new mail sent by each invocation");
    }

    @Test
    void primeTheMailSenderWhenSesRefusesThenPrimingStopsAtTheFirstMail() {
        Rehearsal rehearsal = Rehearsal.of(SETTINGS);
        MailSender refusing = (to, mail, outboxId) -> {
            throw new IllegalStateException("SES refused the rehearsal's mail");
        };

        int answered = new InvokePriming(() -> InvokePriming.Rehearsed.mailSenderOf(rehearsal, refusing)).prime();

        assertEquals(0, answered, "a mail reported for retry is not an answer");
    }

    /** All of priming's invocations answered, and none logged: a publish's log is not filled with refusals. */
    private static void assertPrimesQuietly(InvokePriming.Rehearsed rehearsed) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream standardError = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            assertEquals(InvokePriming.INVOCATIONS, new InvokePriming(() -> rehearsed).prime());
        } finally {
            System.setErr(standardError);
        }
        assertEquals("", log.toString(StandardCharsets.UTF_8), "a publish's log is not filled with refusals");
    }
}
