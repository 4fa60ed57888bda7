package org.loanledger.command.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.web.CommandApi.newAccountId;
import static org.loanledger.command.web.CommandApi.newKey;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loanledger.command.web.CommandApi;
import org.loanledger.command.web.RunningUnderRiskPolicy;
import org.loanledger.command.web.StoredAccounts;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.Restriction;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Maintenance batches over HTTP at the size ops use them: a thousand accounts frozen for {@code SYSTEM_MAINTENANCE}
 * and lifted again, each batch lifting only its own freezes, and a resubmitted batch applying nothing twice.
 */
@RunningUnderRiskPolicy
class MaintenanceBatchApiTest {

    private static final int ACCOUNTS = 1000;

    /** Clients opening accounts at once: enough to keep the command side busy on two cores. */
    private static final int OPENING_CLIENTS = 8;

    private static final Duration OPENING_TIMEOUT = Duration.ofSeconds(120);

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    DataSource dataSource;

    @Autowired
    EventStore eventStore;

    CommandApi api;
    StoredAccounts stored;

    @BeforeEach
    void client() {
        api = new CommandApi(webTestClient, dataSource);
        stored = new StoredAccounts(eventStore);
    }

    /**
     * Short ids, so that a thousand of them fit in one request under the 16 KiB body limit; the prefix keeps them
     * apart from every other test's accounts.
     */
    private static List<String> accountIds(int count) {
        String prefix = "b" + UUID.randomUUID().toString().substring(0, 5) + "-";
        return IntStream.range(0, count).mapToObj(i -> prefix + "%04d".formatted(i)).toList();
    }

    private void open(List<String> accountIds) {
        Flux.fromIterable(accountIds)
                .flatMap(id -> Mono.fromRunnable(() -> api.open(id, "1000.00")).subscribeOn(Schedulers.boundedElastic()),
                        OPENING_CLIENTS)
                .then()
                .block(OPENING_TIMEOUT);
    }

    private static String batchId(String name) {
        return "mb-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Submits the batch and waits for it; every account must have been applied, none refused. */
    private void apply(String batchId, String action, List<String> accountIds, String note) {
        JsonNode accepted = api.submitBatch(batchId, action, accountIds, note);
        assertThat(accepted.path("batchId").asText()).isEqualTo(batchId);
        assertThat(accepted.path("accounts").asInt()).isEqualTo(accountIds.size());
        JsonNode progress = api.awaitBatch(batchId);
        assertThat(progress.path("refused").isEmpty()).as("refused accounts in %s", progress).isTrue();
        assertThat(progress.path("applied").asInt()).isEqualTo(accountIds.size());
    }

    private void assertFrozenBy(List<String> accountIds, String... batchIds) {
        for (String accountId : accountIds) {
            AccountState state = stored.state(accountId);
            assertThat(state.status()).as("status of %s", accountId).isEqualTo(AccountStatus.FROZEN);
            assertThat(state.restrictions()).as("restrictions of %s", accountId)
                    .allSatisfy(r -> assertThat(r.reasonCode()).isEqualTo(ReasonCode.SYSTEM_MAINTENANCE))
                    .extracting(Restriction::batchId).containsExactly(batchIds);
        }
    }

    private void assertActive(List<String> accountIds) {
        for (String accountId : accountIds) {
            AccountState state = stored.state(accountId);
            assertThat(state.status()).as("status of %s", accountId).isEqualTo(AccountStatus.ACTIVE);
            assertThat(state.restrictions()).as("restrictions of %s", accountId).isEmpty();
        }
    }

    @Test
    void aThousandAccountsAreFrozenAndLiftedByTheirBatchAndAResubmittedBatchAppliesNothingTwice() {
        List<String> accounts = accountIds(ACCOUNTS);
        List<String> alsoInB = accounts.subList(0, 10);
        open(accounts);
        String batchA = batchId("a");
        String batchB = batchId("b");

        apply(batchA, "FREEZE", accounts, "moving accounts to the new core ledger");
        assertFrozenBy(accounts, batchA);

        long afterFreeze = api.storedEvents();
        apply(batchA, "FREEZE", accounts, "moving accounts to the new core ledger");
        assertThat(api.storedEvents()).as("events after resubmitting the freeze").isEqualTo(afterFreeze);

        apply(batchB, "FREEZE", alsoInB, "re-indexing the repayment schedules");
        assertFrozenBy(alsoInB, batchA, batchB);
        apply(batchB, "LIFT", alsoInB, "re-indexing done");
        assertFrozenBy(alsoInB, batchA);

        apply(batchA, "LIFT", accounts, "migration complete");
        assertActive(accounts);

        long afterLift = api.storedEvents();
        apply(batchA, "FREEZE", accounts, "moving accounts to the new core ledger");
        apply(batchA, "LIFT", accounts, "migration complete");
        assertThat(api.storedEvents()).as("events after resubmitting both batches").isEqualTo(afterLift);
    }

    @Test
    void anAccountFrozenByABatchRefusesBorrowingUntilTheBatchIsLifted() {
        List<String> accounts = accountIds(2);
        open(accounts);
        String batch = batchId("borrow");
        apply(batch, "FREEZE", accounts, "moving accounts to the new core ledger");

        JsonNode refused = api.refused(HttpStatus.CONFLICT, "ACCOUNT_FROZEN", () -> api.post(
                CommandApi.path(accounts.get(0), "borrowings"), newKey(), """
                        {"amount":"10.00","termDays":30}"""));
        assertThat(refused.path("reasonCode").asText()).isEqualTo("SYSTEM_MAINTENANCE");

        apply(batch, "LIFT", accounts, "migration complete");
        api.post(CommandApi.path(accounts.get(0), "borrowings"), newKey(), """
                {"amount":"10.00","termDays":30}""").expect(HttpStatus.CREATED);
    }

    @Test
    void anAccountTheBatchCannotApplyToIsReportedWhileTheOthersAreApplied() {
        List<String> accounts = accountIds(2);
        open(accounts);
        String missing = newAccountId();
        String batch = batchId("partly");

        api.submitBatch(batch, "FREEZE", List.of(accounts.get(0), missing, accounts.get(1)), "migration");
        JsonNode progress = api.awaitBatch(batch);

        assertThat(progress.path("applied").asInt()).isEqualTo(2);
        assertThat(progress.path("refused").path(missing).asText()).isEqualTo("ACCOUNT_NOT_FOUND");
        assertFrozenBy(accounts, batch);
    }

    @Test
    void liftingABatchOnAnAccountItNeverFrozeIsReportedAndChangesNothing() {
        List<String> accounts = accountIds(1);
        open(accounts);
        String batchA = batchId("a");
        apply(batchA, "FREEZE", accounts, "migration");

        String other = batchId("other");
        api.submitBatch(other, "LIFT", accounts, "not this one");
        JsonNode progress = api.awaitBatch(other);

        assertThat(progress.path("refused").path(accounts.get(0)).asText()).isEqualTo("NOT_RESTRICTED");
        assertFrozenBy(accounts, batchA);
    }

    @Test
    void aLenderMayNotSubmitABatch() {
        List<String> accounts = accountIds(1);
        open(accounts);

        api.refused(HttpStatus.FORBIDDEN, "FORBIDDEN", () -> api.postAs("lender-dev-token", "/api/maintenance-batches",
                newKey(), """
                        {"accountIds":["%s"],"action":"FREEZE","note":"not allowed"}""".formatted(accounts.get(0))));
        assertActive(accounts);
    }
}
