package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.app.DevicePolicy;
import io.userlink.app.Scope;
import io.userlink.auth.ApiKeyCaller;
import io.userlink.auth.Authenticator;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.error.ErrorCode;
import io.userlink.error.UserlinkException;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Identifiers;
import io.userlink.http.JsonObject;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.identity.HistoryPosition;
import io.userlink.identity.HistoryWindow;
import io.userlink.identity.UserDirectory;
import io.userlink.identity.UserRecord;
import io.userlink.install.Install;
import io.userlink.user.Account;
import io.userlink.user.EmailAddress;
import io.userlink.user.HistoryEntry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code GET /v1/users/{user_id}}, {@code GET /v1/users?external_id=} and {@code GET /v1/users?email=}: a customer
 * backend reads a user with its account, its installs, which is active, and the newest entries of its history, or the
 * ones before a cursor ({@code history_limit}, {@code history_before}; API key, {@code user.read}).
 */
public final class LookupUserHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final UserDirectory directory;

    public LookupUserHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.APP_CREDENTIALS));
        InvokePriming.rehearse(this, LookupUserHandler::new, LookupUserHandler::primingRequest);
    }

    public LookupUserHandler(Components components) {
        this(components.authenticator(), components.userDirectory());
    }

    public LookupUserHandler(Authenticator authenticator, UserDirectory directory) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.directory = Objects.requireNonNull(directory);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("GET", "/v1/users/{user_id}").pathParameter("user_id", rehearsal.account().userId())
                .authorization(rehearsal.apiKeyAuthorization());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        ApiKeyCaller caller = authenticator.apiKey(request.authorization(), Scope.USER_READ);
        HistoryWindow window = historyWindow(request);
        UserRecord record;
        if (request.pathParameter("user_id").isPresent()) {
            record = directory.byId(caller.app(), Identifiers.pathId(request, "user_id"), window);
        } else if (request.queryParameter("email").isPresent()) {
            record = directory.byEmail(caller.app(), EmailAddress.parse(Identifiers.externalIdParameter(request, "email"))
                    .orElseThrow(() -> new UserlinkException(ErrorCode.INVALID_FIELD, "`email` must be an email address.")),
                    window);
        } else {
            record = directory.byExternalId(caller.app(), Identifiers.externalIdParameter(request, "external_id"), window);
        }
        return Responses.json(200, document(record));
    }

    private static HistoryWindow historyWindow(Request request) {
        int limit = request.queryParameter("history_limit").map(LookupUserHandler::historyLimit)
                .orElse(HistoryWindow.MAX_LIMIT);
        return new HistoryWindow(limit, request.queryParameter("history_before").map(cursor -> HistoryPosition
                .fromCursor(cursor).orElseThrow(() -> new UserlinkException(ErrorCode.INVALID_FIELD,
                        "`history_before` must be the `history_before` of an earlier answer, as it was."))));
    }

    private static int historyLimit(String value) {
        if (value.matches("[0-9]{1,4}")) {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= HistoryWindow.MAX_LIMIT) {
                return limit;
            }
        }
        throw new UserlinkException(ErrorCode.INVALID_FIELD,
                "`history_limit` must be a whole number from 1 to " + HistoryWindow.MAX_LIMIT + ".");
    }

    /** The user document of {@code GET /v1/users}; the admin CLI's {@code users show --output json} prints it too. */
    public static Map<String, Object> document(UserRecord record) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", record.user().userId());
        body.put("external_id", record.user().externalId().orElse(null));
        body.put("account", record.account().map(LookupUserHandler::account).orElse(null));
        body.put("created_at", Rendering.timestamp(record.user().createdAt()));
        body.put("installs", record.installs().stream().map(LookupUserHandler::install).toList());
        body.put("history", record.history().stream().map(LookupUserHandler::event).toList());
        body.put("history_before", record.earlierHistory().map(HistoryPosition::cursor).orElse(null));
        return body;
    }

    /** What a support person needs of an account: never its attributes, agreements or password hash. */
    private static Map<String, Object> account(Account account) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("email", account.email().value());
        json.put("email_confirmed", account.emailConfirmed());
        json.put("activation_pending", account.activationPending());
        json.put("created_at", Rendering.timestamp(account.createdAt()));
        return json;
    }

    private static Map<String, Object> install(Install install) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("install_id", install.installId());
        json.put("platform", JsonObject.wireName(install.platform()));
        json.put("device_class", JsonObject.wireName(install.deviceClass()));
        Rendering.activity(json, install);
        json.put("linked_at", Rendering.timestamp(install.linkedAt()));
        json.put("deactivated_at", Rendering.timestamp(install.deactivatedAt()));
        return json;
    }

    private static Map<String, Object> event(HistoryEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("at", Rendering.timestamp(entry.at()));
        json.put("event", entry.event().name());
        json.put("install_id", entry.installId());
        json.put("reason", entry.reason().map(Enum::name).orElse(null));
        json.put("device_policy", entry.devicePolicy().map(DevicePolicy::value).orElse(null));
        return json;
    }
}
