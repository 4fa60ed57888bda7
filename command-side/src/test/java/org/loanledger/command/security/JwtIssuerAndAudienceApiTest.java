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
 * With {@code ledger.security.jwt.issuer} and {@code audience} set, a token signed by the provider's key is accepted
 * only when it was issued by that issuer for this ledger: the same provider's tokens for other applications are 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.shutdown=immediate", "ledger.risk.active-policy=permissive", "ledger.security.mode=jwt",
                "ledger.security.jwt.issuer=https://id.example.com/", "ledger.security.jwt.audience=loan-ledger"})
class JwtIssuerAndAudienceApiTest {

    private static final KeyPair PROVIDER = JwtProvider.keys();

    @Autowired
    WebTestClient client;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        JwtProvider.trust(PROVIDER, JwtIssuerAndAudienceApiTest.class, registry);
    }

    private static String jwt(String issuer, List<String> audience) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("front-end-7").claim("roles", List.of("LENDER"))
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))));
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (audience != null) {
            claims.audience(audience);
        }
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        token.sign(new RSASSASigner(PROVIDER.getPrivate()));
        return token.serialize();
    }

    private WebTestClient.ResponseSpec open(String token, String accountId) {
        return client.post().uri("/api/accounts").contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).header("Idempotency-Key", "open-" + accountId)
                .bodyValue("{\"accountId\":\"" + accountId + "\",\"customerId\":\"c-1\",\"currency\":\"CNY\",\"creditLimit\":\"100.00\"}")
                .exchange();
    }

    @Test
    void aTokenOfTheIssuerForThisLedgerIsAccepted() throws Exception {
        open(jwt("https://id.example.com/", List.of("loan-ledger", "other")), "aud-1").expectStatus().isCreated();
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() throws Exception {
        open(jwt("https://elsewhere.example.com/", List.of("loan-ledger")), "aud-2")
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("UNAUTHENTICATED");
        open(jwt(null, List.of("loan-ledger")), "aud-3").expectStatus().isUnauthorized();
    }

    @Test
    void aTokenForAnotherApplicationIsRefused() throws Exception {
        open(jwt("https://id.example.com/", List.of("payments")), "aud-4").expectStatus().isUnauthorized();
        open(jwt("https://id.example.com/", null), "aud-5").expectStatus().isUnauthorized();
    }
}
