package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.userlink.config.Settings;
import io.userlink.local.LocalDeployment;
import io.userlink.local.LocalSecretsManager;
import io.userlink.secrets.KeyRingRotation;
import io.userlink.secrets.SecretsManagerPublicKeysStore;
import io.userlink.support.ApiContract;
import io.userlink.support.Events;
import io.userlink.support.TestApi;
import io.userlink.support.TestAws;
import io.userlink.support.TestUserlink.TestApp;
import io.userlink.support.TestUserlink;
import io.userlink.token.KeyRing;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

class JwksHandlerIT {

    @Test
    void handleThenServesThePublicHalvesOfEveryRingKeyAndNoPrivateMember() throws Exception {
        // given
        TestUserlink userlink = TestUserlink.local();
        KeyRing ring = userlink.components().keyRing().keyRing();

        // when
        APIGatewayV2HTTPResponse response = jwks(userlink);

        // then
        JWKSet served = JWKSet.parse(response.getBody());
        assertEquals(Set.of(ring.current().getKeyID(), ring.next().getKeyID()),
                served.getKeys().stream().map(JWK::getKeyID).collect(Collectors.toSet()));
        for (JWK key : served.getKeys()) {
            assertFalse(key.isPrivate(), key.getKeyID());
            assertEquals("RS256", key.getAlgorithm().getName());
            assertEquals("sig", key.getKeyUse().identifier());
        }
        for (String privateMember : List.of("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"")) {
            assertFalse(response.getBody().contains(privateMember), privateMember);
        }
    }

    /**
     * A rotation by Secrets Manager, which runs the rotation function's four steps, then the functions' key ring
     * cache period on the injected clock: tokens signed before and after both verify with an independent JOSE library
     * (jose4j) against the JWKS.
     */
    @Test
    void tokensWhenSignedBeforeAndAfterAKeyRotationThenBothVerifyAgainstTheServedJwks() throws Exception {
        // given
        TestUserlink userlink = TestUserlink.local();
        TestApi api = new TestApi(userlink);
        TestApp app = userlink.createApp();
        String before = api.register(app, "android", "phone").string("access_token");

        // when
        Settings settings = userlink.components().settings();
        KeyRingRotation rotation = new KeyRingRotation(userlink.secretsManager(), new SecureRandom(),
                settings.keyRingSecretId(), settings.publicKeysSecretId());
        TestAws.local().secretsManager().onRotation(settings.keyRingSecretId(), new LocalSecretsManager.RotationFunction(
                LocalDeployment.functionArn("RotateKeyRingFunction"),
                event -> rotation.step(event.get("SecretId"), event.get("ClientRequestToken"), event.get("Step"))));
        userlink.secretsManager().rotateSecret(r -> r.secretId(settings.keyRingSecretId()));
        userlink.clock().advance(settings.keyRingCachePeriod().plus(Duration.ofSeconds(1)));
        String after = api.register(app, "android", "phone").string("access_token");

        // then
        assertNotEquals(kid(before), kid(after), "the new token is signed by the promoted key");
        JsonWebKeySet served = new JsonWebKeySet(jwks(userlink).getBody());
        assertEquals(3, served.getJsonWebKeys().size(), "next, current and previous");
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setExpectedIssuer(TestUserlink.ISSUER.toString())
                .setExpectedAudience(app.appId())
                .setExpectedType(true, "at+jwt")
                .setEvaluationTime(org.jose4j.jwt.NumericDate.fromSeconds(userlink.clock().instant().getEpochSecond()))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(served.getJsonWebKeys()))
                .build();
        assertEquals("install", consumer.processToClaims(before).getStringClaimValue("scope"));
        assertEquals("install", consumer.processToClaims(after).getStringClaimValue("scope"));
    }

    private static APIGatewayV2HTTPResponse jwks(TestUserlink userlink) {
        Settings settings = userlink.components().settings();
        return ApiContract.invoke(new JwksHandler(new SecretsManagerPublicKeysStore(userlink.secretsManager(),
                settings.publicKeysSecretId(), settings.keyRingCachePeriod(), userlink.clock())), Events.load("jwks.json"));
    }

    private static String kid(String jwt) throws Exception {
        return ((JsonWebSignature) JsonWebSignature.fromCompactSerialization(jwt)).getKeyIdHeaderValue();
    }
}
