package org.loanledger.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.loanledger.query.account.AccountLimitsStore;
import org.loanledger.query.history.AccountHistoryStore;
import org.loanledger.query.ops.PortfolioController;
import org.loanledger.query.ops.PortfolioStore;
import org.loanledger.query.ops.RestrictedAccountsStore;
import org.loanledger.query.projection.ProjectionAdmin;
import org.loanledger.query.projection.Projections;
import org.loanledger.query.support.CommandSideProcess;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.Restriction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.loanledger.query.support.Callers;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The real command side in a child process and this query side in-process, on one data directory: a random sequence
 * of commands, then every view must equal the fold of each account's events, before and after a full rebuild.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EndToEndViewsTest {

    private static final Logger log = LoggerFactory.getLogger(EndToEndViewsTest.class);
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final int ACCOUNTS = 8;
    private static final int COMMANDS = 160;

    static Path dataDir;
    static CommandSideProcess commandSide;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", () -> dataDir.toString());
    }

    @BeforeAll
    static void startCommandSide() throws Exception {
        dataDir = java.nio.file.Files.createTempDirectory("end-to-end");
        commandSide = new CommandSideProcess(dataDir, dataDir.resolve("command-side.log"));
    }

    @AfterAll
    static void stopCommandSide() {
        if (commandSide != null) {
            commandSide.close();
        }
    }

    @Autowired
    WebTestClient client;
    @Autowired
    EventStore eventStore;
    @Autowired
    ProjectionAdmin admin;
    @Autowired
    AccountLimitsStore accountLimits;
    @Autowired
    AccountHistoryStore history;
    @Autowired
    RestrictedAccountsStore restricted;
    @Autowired
    PortfolioStore portfolio;

    @Test
    void everyViewEqualsTheFoldOfTheAccountsEventsBeforeAndAfterARebuild() throws Exception {
        long seed = System.nanoTime();
        log.info("random command sequence seed {}", seed);
        List<String> accounts = driveRandomCommands(new Random(seed));

        awaitCaughtUp();
        assertViewsEqualTheFold(accounts, seed);

        for (String name : Projections.ALL) {
            Callers.asOps(client).post().uri("/api/admin/projections/" + name + "/rebuild").exchange().expectStatus().isAccepted();
        }
        await().atMost(BOUND).untilAsserted(() -> assertThat(admin.statuses())
                .allSatisfy(s -> assertThat(s.replaying()).isFalse()));
        awaitCaughtUp();
        assertViewsEqualTheFold(accounts, seed);
    }

    private List<String> driveRandomCommands(Random random) throws Exception {
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String id = "e2e-" + i;
            var response = commandSide.send("POST", "/api/accounts", """
                    {"accountId":"%s","customerId":"cust-%d","currency":"CNY","creditLimit":"%d.00"}"""
                    .formatted(id, i, 1000 + random.nextInt(9000)));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            accounts.add(id);
        }
        int accepted = 0;
        for (int i = 0; i < COMMANDS; i++) {
            String id = accounts.get(random.nextInt(accounts.size()));
            String amount = (1 + random.nextInt(2000)) + "." + String.format("%02d", random.nextInt(100));
            var response = switch (random.nextInt(7)) {
                case 0, 1 -> commandSide.send("POST", "/api/accounts/" + id + "/borrowings",
                        "{\"amount\":\"" + amount + "\",\"termDays\":" + (1 + random.nextInt(90)) + "}");
                case 2, 3 -> commandSide.send("POST", "/api/accounts/" + id + "/repayments",
                        "{\"amount\":\"" + amount + "\"}");
                case 4 -> commandSide.send("POST", "/api/accounts/" + id + "/freeze",
                        "{\"reasonCode\":\"" + (random.nextBoolean() ? "RISK_RULE" : "MANUAL_REVIEW")
                                + "\",\"note\":\"e2e\"}");
                case 5 -> commandSide.send("POST", "/api/accounts/" + id + "/unfreeze",
                        "{\"reasonCode\":\"APPEAL_UPHELD\",\"note\":\"e2e\"}");
                default -> commandSide.send("PUT", "/api/accounts/" + id + "/credit-limit",
                        "{\"creditLimit\":\"" + (random.nextInt(4) == 0 ? "0" : amount) + "\",\"reasonCode\":\""
                                + (random.nextBoolean() ? "MODEL_RESCORE" : "MANUAL_REVIEW") + "\",\"note\":\"e2e\"}");
            };
            assertThat(response.statusCode()).as(response.body()).isIn(200, 201, 409);
            if (response.statusCode() != 409) {
                accepted++;
            }
        }
        log.info("{} of {} random commands were accepted", accepted, COMMANDS);
        assertThat(accepted).isGreaterThan(COMMANDS / 4);
        return accounts;
    }

    private void awaitCaughtUp() {
        await().atMost(BOUND).untilAsserted(() -> assertThat(admin.statuses())
                .hasSize(Projections.ALL.size())
                .allSatisfy(s -> assertThat(s.lagEvents()).isZero()));
    }

    private void assertViewsEqualTheFold(List<String> accounts, long seed) {
        Map<String, Long> byStatus = new TreeMap<>(Map.of("ACTIVE", 0L, "FROZEN", 0L, "CLOSED", 0L));
        Map<String, Long> byReason = new TreeMap<>();
        BigDecimal limits = BigDecimal.ZERO;
        BigDecimal outstanding = BigDecimal.ZERO;
        Map<String, AccountState> opsList = new TreeMap<>();
        restricted.find(null, null, 0, 500).accounts().forEach(s -> opsList.put(s.accountId(), s));
        for (String id : accounts) {
            List<AccountEvent> events = new ArrayList<>();
            eventStore.readEvents(id, 0).asStream().forEach(m -> events.add((AccountEvent) m.getPayload()));
            AccountState folded = AccountFold.replay(id, events);

            assertThat(accountLimits.find(id)).as("account-limits of %s (seed %d)", id, seed).contains(folded);
            assertThat(opsList.get(id)).as("restricted-accounts of %s (seed %d)", id, seed).isEqualTo(folded);
            List<Document> entries = history.page(id, -1, 500).orElseThrow();
            assertThat(entries).as("history of %s (seed %d)", id, seed).hasSize(events.size());
            for (int i = 0; i < events.size(); i++) {
                assertThat(entries.get(i).get("sequence", Number.class).longValue()).isEqualTo(i);
                assertThat(entries.get(i).getString("type")).isEqualTo(events.get(i).getClass().getSimpleName());
            }

            byStatus.merge(folded.status().name(), 1L, Long::sum);
            folded.restrictions().stream().map(Restriction::reasonCode)
                    .forEach(r -> byReason.merge(r.name(), 1L, Long::sum));
            limits = limits.add(folded.creditLimit().amount());
            outstanding = outstanding.add(folded.outstanding().amount());
        }
        var totals = PortfolioController.of(portfolio.totals().orElseThrow());
        assertThat(totals.accountsByStatus()).as("portfolio (seed %d)", seed).isEqualTo(byStatus);
        assertThat(totals.restrictionsByReasonCode()).as("portfolio (seed %d)", seed).isEqualTo(byReason);
        assertThat(totals.totals()).hasSize(1);
        var cny = totals.totals().get(0);
        assertThat(cny.accounts()).isEqualTo(accounts.size());
        assertThat(new BigDecimal(cny.totalCreditLimit())).isEqualByComparingTo(limits);
        assertThat(new BigDecimal(cny.totalOutstanding())).isEqualByComparingTo(outstanding);
    }
}
