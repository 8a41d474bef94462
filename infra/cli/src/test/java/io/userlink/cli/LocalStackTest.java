package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.userlink.local.SamTemplate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalStackTest {

    private final SamTemplate template = SamTemplate.read(ServeProcess.PROJECT.resolve("template.yaml"));
    private final LocalStack stack = new LocalStack(template);

    @Test
    void environmentWhenResolvedThenRefsAndSubsGetTheLocalNames() {
        SamTemplate.Function function = template.function("RegisterInstallFunction").orElseThrow();

        Map<String, String> environment = stack.environment(function, Map.of("TOKEN_ISSUER", "http://127.0.0.1:3000"));

        assertEquals("userlink", environment.get("TABLE_NAME"));
        assertEquals("userlink/key-ring", environment.get("KEY_RING_SECRET_ID"));
        assertEquals("userlink/apps/", environment.get("APP_CREDENTIALS_SECRET_PREFIX"));
        assertEquals("http://127.0.0.1:3000", environment.get("TOKEN_ISSUER"));
        assertEquals("60", environment.get("CREDENTIALS_CACHE_SECONDS"));
    }

    @Test
    void environmentWhenAParameterHasNoDefaultAndNoOverrideThenSaysWhich() {
        SamTemplate.Function function = template.function("RegisterInstallFunction").orElseThrow();

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> stack.environment(function, Map.of()));

        assertEquals("template parameter TokenIssuer has no default; the local runtime needs one", error.getMessage());
    }
}
