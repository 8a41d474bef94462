package io.userlink.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.userlink.account.AccountService.LoggedIn;
import io.userlink.app.App;
import io.userlink.install.AnonymousInstall;
import io.userlink.install.DeviceClass;
import io.userlink.install.Platform;
import io.userlink.install.Registration;
import io.userlink.local.EventPlaceholders;
import io.userlink.support.TestUserlink.TestApp;
import io.userlink.token.AccessToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the placeholders in {@code events/} stand for: an app with an API key, and an Android phone install
 * linked to the external id {@code customer-42}. Replaying an event through it exercises the route's success
 * path.
 */
public final class DemoWorld {

    private final EventPlaceholders.Values values;

    private DemoWorld(TestUserlink userlink) {
        TestApp app = userlink.createApp();
        // As the local runtime's demo app: registration automatic, password reset and address changes possible.
        App registered = userlink.administration().updateSettings(app.appId(), settings -> settings.withAccountMail(
                settings.accountMail().withConfirmationLink("userlink-demo://confirm?token={token}")
                        .withPasswordResetLink("userlink-demo://reset-password?token={token}")));
        AnonymousInstall install = userlink.components().installService().register(registered,
                new Registration(Platform.ANDROID, DeviceClass.PHONE, "1.0.0", Optional.of("Pixel 9")));
        String installId = install.install().installId();
        String userId = userlink.components().linkService().link(registered, installId, EventPlaceholders.EXTERNAL_ID)
                .userId().orElseThrow();
        Supplier<String> accountUserToken = EventPlaceholders.once(() -> ((LoggedIn) userlink.components().accountService()
                .register(registered, token(userlink, newInstall(userlink, registered)), EventPlaceholders.ACCOUNT_EMAIL,
                        EventPlaceholders.ACCOUNT_PASSWORD, Map.of(), Map.of()))
                .tokens().orElseThrow().accessToken().value());
        values = new EventPlaceholders.Values(app.appId(), app.appSecret(), app.apiKey(),
                install.tokens().accessToken().value(), install.tokens().refreshToken(), installId, userId,
                () -> userlink.components().authCodeService().issue(registered, EventPlaceholders.EXTERNAL_ID).code(),
                () -> {
                    accountUserToken.get();
                    return newInstall(userlink, registered).tokens().accessToken().value();
                },
                accountUserToken);
    }

    private static AnonymousInstall newInstall(TestUserlink userlink, App app) {
        return userlink.components().installService().register(app,
                new Registration(Platform.IOS, DeviceClass.PHONE, "1.0.0", Optional.empty()));
    }

    private static AccessToken token(TestUserlink userlink, AnonymousInstall install) {
        return userlink.components().authenticator().sdk(Optional.of("Bearer " + install.tokens().accessToken().value())).token();
    }

    public static DemoWorld create(TestUserlink userlink) {
        return new DemoWorld(userlink);
    }

    /** An {@code events/} file with its placeholders replaced, read by the Lambda runtime's serializer. */
    public APIGatewayV2HTTPEvent load(String fileName) {
        try {
            String json = Files.readString(TestAws.template().getParent().resolve("events").resolve(fileName));
            return LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, getClass().getClassLoader())
                    .fromJson(EventPlaceholders.substitute(json, values));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
