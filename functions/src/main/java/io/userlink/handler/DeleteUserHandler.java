package io.userlink.handler;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.userlink.app.Scope;
import io.userlink.auth.ApiKeyCaller;
import io.userlink.auth.Authenticator;
import io.userlink.config.Components;
import io.userlink.config.Priming;
import io.userlink.config.Rehearsal;
import io.userlink.handler.InvokePriming.PrimingRequest;
import io.userlink.http.Identifiers;
import io.userlink.http.Request;
import io.userlink.http.Responses;
import io.userlink.identity.UserDeletion;
import java.util.Objects;

/** {@code DELETE /v1/users/{user_id}}: a customer backend deletes a user (API key, {@code user.delete}). */
public final class DeleteUserHandler extends ApiHandler {

    private final Authenticator authenticator;
    private final UserDeletion deletion;

    public DeleteUserHandler() {
        this(Components.fromEnvironment(Priming.TABLE, Priming.APP_CREDENTIALS));
        InvokePriming.rehearse(this, DeleteUserHandler::new, DeleteUserHandler::primingRequest);
    }

    public DeleteUserHandler(Components components) {
        this(components.authenticator(), components.userDeletion());
    }

    public DeleteUserHandler(Authenticator authenticator, UserDeletion deletion) {
        this.authenticator = Objects.requireNonNull(authenticator);
        this.deletion = Objects.requireNonNull(deletion);
    }

    /** What this route is invoke-primed with: a request of the rehearsal's that takes its success path. */
    static PrimingRequest primingRequest(Rehearsal rehearsal) {
        return PrimingRequest.of("DELETE", "/v1/users/{user_id}").pathParameter("user_id", rehearsal.newAccount().userId())
                .authorization(rehearsal.apiKeyAuthorization());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(Request request) {
        ApiKeyCaller caller = authenticator.apiKey(request.authorization(), Scope.USER_DELETE);
        deletion.delete(caller.app(), Identifiers.pathId(request, "user_id"));
        return Responses.noContent();
    }
}
