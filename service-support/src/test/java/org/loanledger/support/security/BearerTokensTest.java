package org.loanledger.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BearerTokensTest {

    private static TokenProperties.Token token(String name, Role role, String secret) {
        return new TokenProperties.Token(name, role, BearerTokens.sha256(secret));
    }

    @Test
    void findsACallerByTheHashOfItsToken() {
        BearerTokens tokens = new BearerTokens(new TokenProperties(List.of(
                token("front-end-1", Role.LENDER, "s3cret-lender"), token("alice", Role.OPS, "s3cret-ops")), false));

        assertThat(tokens.find("s3cret-ops")).get().extracting(TokenProperties.Token::name).isEqualTo("alice");
        assertThat(tokens.find("s3cret-lender")).get().extracting(TokenProperties.Token::role).isEqualTo(Role.LENDER);
        assertThat(tokens.find("s3cret-auditor")).isEmpty();
    }

    @Test
    void developmentTokensAreRefusedWhereTheyAreNotAllowed() {
        TokenProperties withDevelopmentToken = new TokenProperties(List.of(token("ops-dev", Role.OPS, "ops-dev-token")), false);

        assertThatThrownBy(() -> new BearerTokens(withDevelopmentToken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("development token")
                .hasMessageContaining("ops-dev");
    }

    @Test
    void developmentTokensWorkInTheEmbeddedDefault() {
        BearerTokens tokens = new BearerTokens(new TokenProperties(List.of(token("ops-dev", Role.OPS, "ops-dev-token")), true));

        assertThat(tokens.find("ops-dev-token")).isPresent();
    }

    @Test
    void aTokenWithoutAValidHashIsAConfigurationError() {
        TokenProperties broken = new TokenProperties(List.of(new TokenProperties.Token("alice", Role.OPS, "not-a-hash")), true);

        assertThatThrownBy(() -> new BearerTokens(broken)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SHA-256");
    }
}
