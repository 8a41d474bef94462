package io.userlink.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.userlink.app.App;
import io.userlink.install.DeviceClass;
import io.userlink.install.Platform;
import io.userlink.install.RegisteredInstall;
import io.userlink.install.Registration;
import io.userlink.support.TestUserlink.TestApp;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the placeholders in {@code events/} stand for (see events/README.md): an app with an API key, and an
 * Android phone install linked to the external id {@code customer-42}. Replaying an event through it
 * exercises the route's success path.
 */
public final class DemoWorld {

    public static final String EXTERNAL_ID = "customer-42";

    private final TestUserlink userlink;
    private final TestApp app;
    private final RegisteredInstall install;
    private final String userId;

    private DemoWorld(TestUserlink userlink) {
        this.userlink = userlink;
        this.app = userlink.createApp();
        App registered = userlink.components().apps().find(app.appId()).orElseThrow();
        this.install = userlink.components().installService().register(registered,
                new Registration(Platform.ANDROID, DeviceClass.PHONE, "1.0.0", Optional.of("Pixel 9")));
        this.userId = userlink.components().linkService().link(registered, install.install().installId(), EXTERNAL_ID).userId();
    }

    public static DemoWorld create(TestUserlink userlink) {
        return new DemoWorld(userlink);
    }

    /** The event with every placeholder replaced. */
    public APIGatewayV2HTTPEvent substitute(APIGatewayV2HTTPEvent event) {
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        String authorization = headers.getOrDefault("authorization", "");
        if (authorization.startsWith("Basic ")) {
            Events.withBasicAuth(event, app.appId(), app.appSecret());
            headers = new HashMap<>(event.getHeaders());
        } else if (authorization.startsWith("Bearer ulk_app-replacewithyours")) {
            headers.put("authorization", "Bearer " + app.apiKey());
        } else if (authorization.equals("Bearer REPLACE_WITH_INSTALL_ACCESS_TOKEN")) {
            headers.put("authorization", "Bearer " + install.tokens().accessToken().value());
        }
        event.setHeaders(headers);
        event.setRawPath(replaceIds(event.getRawPath()));
        event.getRequestContext().getHttp().setPath(event.getRawPath());
        if (event.getPathParameters() != null) {
            Map<String, String> parameters = new HashMap<>();
            event.getPathParameters().forEach((name, value) -> parameters.put(name, replaceIds(value)));
            event.setPathParameters(parameters);
        }
        if (event.getBody() != null && event.getBody().contains("ulc_replacewithyours")) {
            App registered = userlink.components().apps().find(app.appId()).orElseThrow();
            String code = userlink.components().authCodeService().issue(registered, EXTERNAL_ID).code();
            event.setBody(event.getBody().replace("ulc_replacewithyours", code));
        }
        return event;
    }

    private String replaceIds(String text) {
        return text.replace("ins-replacewithyours", install.install().installId()).replace("usr-replacewithyours", userId);
    }
}
