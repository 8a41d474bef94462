package io.userlink.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.userlink.support.ApiContract;
import io.userlink.support.Events;
import io.userlink.support.TestUserlink;
import io.userlink.token.KeyRing;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JwksHandlerIT {

    @Test
    void handleThenServesThePublicHalvesOfEveryRingKeyAndNoPrivateMember() throws Exception {
        // given
        TestUserlink userlink = TestUserlink.local();
        KeyRing ring = userlink.components().keyRing().keyRing();

        // when
        APIGatewayV2HTTPResponse response = ApiContract.invoke(new JwksHandler(userlink.components().keyRing()),
                Events.load("jwks.json"));

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
}
