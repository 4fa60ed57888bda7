package org.loanledger.command.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Production callers with JWTs ({@code ledger.security.mode=jwt}): a token signed by the configured key, not expired,
 * is the caller its subject names, with the roles its claim lists; anything else is 401, a missing role 403.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.shutdown=immediate", "ledger.risk.active-policy=permissive", "ledger.security.mode=jwt"})
class JwtCallersApiTest {

    private static final KeyPair PROVIDER = JwtProvider.keys();
    private static final KeyPair STRANGER = JwtProvider.keys();

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        JwtProvider.trust(PROVIDER, JwtCallersApiTest.class, registry);
    }

    private static String jwt(KeyPair signer, String subject, List<String> roles, Instant expires) throws Exception {
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .subject(subject).claim("roles", roles).expirationTime(Date.from(expires)).build());
        token.sign(new RSASSASigner(signer.getPrivate()));
        return token.serialize();
    }

    private WebTestClient.ResponseSpec open(String authorization, String accountId) {
        return client.post().uri("/api/accounts").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, authorization).header("Idempotency-Key", "open-" + accountId)
                .bodyValue("{\"accountId\":\"" + accountId + "\",\"customerId\":\"c-1\",\"currency\":\"CNY\",\"creditLimit\":\"100.00\"}")
                .exchange();
    }

    private static Instant inAnHour() {
        return Instant.now().plus(Duration.ofHours(1));
    }

    @Test
    void aValidTokenIsTheCallerItsSubjectNamesWithItsRoles() throws Exception {
        open("Bearer " + jwt(PROVIDER, "front-end-7", List.of("LENDER"), inAnHour()), "jwt-1")
                .expectStatus().isCreated();
        client.post().uri("/api/accounts/jwt-1/freeze").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt(PROVIDER, "alice", List.of("OPS"), inAnHour()))
                .header("Idempotency-Key", "freeze-1").bodyValue("{\"reasonCode\":\"MANUAL_REVIEW\",\"note\":\"check\"}")
                .exchange().expectStatus().isOk();
    }

    @Test
    void aRoleTheTokenDoesNotListIsForbidden() throws Exception {
        open("Bearer " + jwt(PROVIDER, "reader", List.of("AUDITOR"), inAnHour()), "jwt-2")
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("FORBIDDEN");
    }

    @Test
    void aTokenSignedByAnotherKeyAnExpiredTokenAndADevelopmentTokenAreRefused() throws Exception {
        open("Bearer " + jwt(STRANGER, "mallory", List.of("OPS"), inAnHour()), "jwt-3")
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        open("Bearer " + jwt(PROVIDER, "late", List.of("OPS"), Instant.now().minus(Duration.ofHours(1))), "jwt-4")
                .expectStatus().isUnauthorized();
        open("Bearer ops-dev-token", "jwt-5").expectStatus().isUnauthorized();
    }
}
