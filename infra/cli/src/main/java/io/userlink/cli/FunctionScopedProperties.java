package io.userlink.cli;

import static software.amazon.awssdk.core.SdkSystemSetting.AWS_CONTAINER_AUTHORIZATION_TOKEN;
import static software.amazon.awssdk.core.SdkSystemSetting.AWS_CONTAINER_CREDENTIALS_FULL_URI;

import java.util.Map;
import java.util.Properties;

/**
 * The JVM's system properties, with the AWS SDK's container credential settings answered per function.
 * The SDK reads where to fetch a SnapStart function's credentials, and the token to present, from the
 * process ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}, or the
 * system properties it checks first), and Lambda gives each function a process. Here several functions
 * share one JVM, so a read of those properties on a thread that runs a function (its context class loader is
 * the function's, as Lambda's runtime sets it) gets that function's variables.
 */
final class FunctionScopedProperties extends Properties {

    /** The SDK's system property to Lambda's variable, for where to fetch the credentials and the token. */
    private static final Map<String, String> SDK_SETTINGS = Map.of(
            AWS_CONTAINER_CREDENTIALS_FULL_URI.property(), AWS_CONTAINER_CREDENTIALS_FULL_URI.environmentVariable(),
            AWS_CONTAINER_AUTHORIZATION_TOKEN.property(), AWS_CONTAINER_AUTHORIZATION_TOKEN.environmentVariable());

    private FunctionScopedProperties() {}

    /** Puts function-scoped properties in place of the JVM's, keeping every property set so far. */
    static synchronized void install() {
        if (!(System.getProperties() instanceof FunctionScopedProperties)) {
            FunctionScopedProperties scoped = new FunctionScopedProperties();
            scoped.putAll(System.getProperties());
            System.setProperties(scoped);
        }
    }

    @Override
    public String getProperty(String key) {
        String variable = SDK_SETTINGS.get(key);
        if (variable != null && Thread.currentThread().getContextClassLoader() instanceof FunctionClassLoader function) {
            String value = function.apply(variable);
            if (value != null) {
                return value;
            }
        }
        return super.getProperty(key);
    }

    @Override
    public String getProperty(String key, String defaultValue) {
        String value = getProperty(key);
        return value != null ? value : defaultValue;
    }
}
