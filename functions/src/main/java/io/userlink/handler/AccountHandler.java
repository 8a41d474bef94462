package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.account.AccountService;
import io.userlink.auth.Authenticator;
import io.userlink.auth.SdkCaller;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.JsonObject;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.http.Responses.EntityTag;
import io.userlink.user.Account;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/accounts/me} reads the signed-in user's account, with an {@code ETag}; {@code PATCH
 * /v1/accounts/me} applies a JSON Merge Patch (RFC 7396) to its attributes and agreements, honouring
 * {@code If-Match} (RFC 9110 §13.1.1).
 */
public final class AccountHandler extends ApiHandler {

    private static final Pattern VERSION_TAG = Pattern.compile("\"(\\d{1,18})\"");

    private final Authenticator authenticator;
    private final AccountService accounts;

    public AccountHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.PUBLIC_KEYS));
        InvokePriming.rehearse(this, AccountHandler::new, AccountHandler::primingRequest);
    }

    public AccountHandler(Components components) {
        this(components.authenticator(), components.accountService());
    }

    public AccountHandler(Authenticator authenticator, AccountService accounts) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.accounts = Objects.requireNonNull(accounts);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("GET", "/v1/accounts/me").bearer(rehearsal.account().tokens().accessToken().value());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        SdkCaller caller = authenticator.sdk(request.authorization());
        Account account = "PATCH".equals(request.method()) ? patch(request, caller) : accounts.account(caller.token());
        return Responses.json(200, Rendering.account(account), EntityTag.of(account.version()));
    }

    private Account patch(Request request, SdkCaller caller) {
        JsonObject body = request.jsonBody();
        body.requireOnly(Set.of("attributes", "agreements"), Map.of(
                "email", "the address changes through POST /v1/accounts/me/email, with a link mailed to the new one",
                "user_id", "it is the account's id", "email_confirmed", "only a confirmation sets it"));
        return accounts.update(caller.token(), body.optionalObject("attributes"), body.optionalObject("agreements"),
                expectedVersion(request));
    }

    /** The version {@code If-Match} names; empty for none or {@code *} (any current account). */
    private static Optional<Long> expectedVersion(Request request) {
        Optional<String> ifMatch = request.header("If-Match").map(String::strip);
        if (ifMatch.isEmpty() || ifMatch.get().equals("*")) {
            return Optional.empty();
        }
        Matcher tag = VERSION_TAG.matcher(ifMatch.get());
        if (!tag.matches()) {
            // A tag we never issued (a weak one, a list) can never match the current account.
            throw new UserlinkException(ErrorCode.PRECONDITION_FAILED,
                    "If-Match must be the ETag of the account as last read, such as \"3\".");
        }
        return Optional.of(Long.parseLong(tag.group(1)));
    }
}
