package org.loanledger.command.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loanledger.command.CommandSideApplication;
import org.loanledger.command.web.LedgerDataDirs;
import org.loanledger.support.security.BearerTokens;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The development tokens of API.md are public knowledge, so outside the embedded default the command side must
 * not start with one configured: it fails at startup, naming the token's caller, rather than serve anyone who
 * read the documentation.
 */
class DevelopmentTokensStartupTest {

    /** The settings every start here shares: a port and store of its own, and an immediate stop. */
    private static List<String> baseArguments() {
        return new ArrayList<>(List.of(
                "--server.port=0",
                "--server.shutdown=immediate",
                "--ledger.data-dir=" + LedgerDataDirs.fresh(DevelopmentTokensStartupTest.class),
                "--ledger.deadlines.sweep-interval=1h"));
    }

    private static SpringApplicationBuilder commandSide() {
        return new SpringApplicationBuilder(CommandSideApplication.class).logStartupInfo(false);
    }

    @Test
    void theDefaultDevelopmentTokensAreRefusedWhenDevelopmentTokensAreNotAllowed() {
        List<String> arguments = baseArguments();
        arguments.add("--ledger.security.allow-development-tokens=false");

        assertThatThrownBy(() -> commandSide().run(arguments.toArray(String[]::new)).close())
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("development token of 'lender-dev'")
                .hasMessageContaining("only allowed in the embedded default");
    }

    @Test
    void aDevelopmentTokenIsRefusedInTheAxonServerProfile() {
        List<String> arguments = baseArguments();
        arguments.addAll(List.of(
                "--spring.profiles.active=axonserver",
                "--axon.axonserver.servers=localhost:1",
                "--ledger.security.tokens[0].name=ops-copied-from-dev",
                "--ledger.security.tokens[0].role=OPS",
                "--ledger.security.tokens[0].sha256=" + BearerTokens.sha256("ops-dev-token")));

        assertThatThrownBy(() -> commandSide().run(arguments.toArray(String[]::new)).close())
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("development token of 'ops-copied-from-dev'");
    }

    @Test
    void tokensOfItsOwnAreAcceptedWhenDevelopmentTokensAreNotAllowed() {
        List<String> arguments = baseArguments();
        arguments.addAll(List.of(
                "--ledger.security.allow-development-tokens=false",
                "--ledger.security.tokens[0].name=ops-production",
                "--ledger.security.tokens[0].role=OPS",
                "--ledger.security.tokens[0].sha256=" + BearerTokens.sha256("a-long-random-production-secret")));

        try (ConfigurableApplicationContext started = commandSide().run(arguments.toArray(String[]::new))) {
            BearerTokens tokens = started.getBean(BearerTokens.class);
            assertThat(tokens.find("a-long-random-production-secret")).hasValueSatisfying(
                    token -> assertThat(token.name()).isEqualTo("ops-production"));
            assertThat(tokens.find("ops-dev-token")).isEmpty();
        }
    }
}
