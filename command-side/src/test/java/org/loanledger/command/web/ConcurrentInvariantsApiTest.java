package org.loanledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.loanledger.command.web.CommandApi.newAccountId;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.command.web.CommandApi.Reply;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.RepaymentReceived;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Two hundred requests at once on one account, over real connections: many borrowings, borrowings racing a freeze,
 * repayments and borrowings racing limit changes. Afterwards the account's stored events are folded one by one to
 * prove DOMAIN.md's invariants held at every step (no borrowing beyond the limit at its moment, none while frozen,
 * no repayment beyond what was owed, outstanding never negative), and every accepted request is exactly one stored
 * event carrying its request id, every refused one none.
 */
@RunningCommandSide
class ConcurrentInvariantsApiTest {

    private static final Path DATA_DIR = LedgerDataDirs.fresh(ConcurrentInvariantsApiTest.class);

    private static final int REQUESTS = 200;

    private static final long SEED = Long.getLong("ledger.race.seed", System.nanoTime());

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", DATA_DIR::toString);
        // Every request of a race is decided, none turned away as overload: this is about the account, not the bound.
        registry.add("ledger.command.max-in-flight", () -> String.valueOf(4 * REQUESTS));
    }

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    DataSource dataSource;

    @Autowired
    EventStore eventStore;

    @LocalServerPort
    int port;

    CommandApi api;
    ParallelClients clients;
    Random random;
    String accountId;

    @BeforeEach
    void clients() {
        api = new CommandApi(webTestClient, dataSource);
        clients = new ParallelClients(port);
        random = new Random(SEED);
        accountId = newAccountId();
    }

    @AfterEach
    void stopClients() throws InterruptedException {
        clients.close();
    }

    /** One request of a race, by the caller a front-end or ops would use for it. */
    record Sent(String action, String key, String amount, java.net.http.HttpRequest request) {
    }

    record Outcome(Sent sent, Reply reply) {

        boolean accepted() {
            return reply.status() >= 200 && reply.status() < 300;
        }
    }

    private Sent borrow(String amount) {
        String key = "race-" + UUID.randomUUID();
        return new Sent("borrow", key, amount, clients.request("POST", CommandApi.path(accountId, "borrowings"),
                ParallelClients.LENDER, key, "{\"amount\":\"" + amount + "\",\"termDays\":30}"));
    }

    private Sent repay(String amount) {
        String key = "race-" + UUID.randomUUID();
        return new Sent("repay", key, amount, clients.request("POST", CommandApi.path(accountId, "repayments"),
                ParallelClients.LENDER, key, "{\"amount\":\"" + amount + "\"}"));
    }

    private Sent freeze() {
        String key = "race-" + UUID.randomUUID();
        return new Sent("freeze", key, null, clients.request("POST", CommandApi.path(accountId, "freeze"),
                ParallelClients.OPS, key, "{\"reasonCode\":\"MANUAL_REVIEW\",\"note\":\"held while borrowing\"}"));
    }

    private Sent changeLimit(String limit) {
        String key = "race-" + UUID.randomUUID();
        return new Sent("limit", key, limit, clients.request("PUT", CommandApi.path(accountId, "credit-limit"),
                ParallelClients.OPS, key,
                "{\"creditLimit\":\"" + limit + "\",\"reasonCode\":\"MANUAL_REVIEW\",\"note\":\"limit review\"}"));
    }

    /** An amount of {@code fromUnits} to {@code toUnits} whole units with random cents. */
    private String amount(int fromUnits, int toUnits) {
        return (fromUnits + random.nextInt(toUnits - fromUnits)) + "." + String.format("%02d", random.nextInt(100));
    }

    private List<Outcome> race(List<Sent> sent) throws Exception {
        List<Reply> replies = ParallelClients.answers(clients.release(sent.stream().map(Sent::request).toList()));
        return IntStream.range(0, sent.size()).mapToObj(i -> new Outcome(sent.get(i), replies.get(i))).toList();
    }

    private static String seedNote() {
        return "race of seed " + SEED + " (repeat the amounts with -Dledger.race.seed=" + SEED + ")";
    }

    /**
     * Folds the account's stored events one at a time, checking each borrowing and repayment against the state it
     * was decided on, then matches the events to the answers: one event per accepted request, with the version the
     * answer gave and the outstanding it reported; none for a refused request; nothing stored that no one was told.
     */
    private List<AccountState> assertInvariantsAndOneEventPerAcceptedRequest(List<Outcome> outcomes, long setupEvents,
                                                                             Set<String> refusalCodes) {
        List<? extends DomainEventMessage<?>> stored = eventStore.readEvents(accountId, 0).asStream().toList();
        List<AccountState> states = new ArrayList<>();
        AccountState state = AccountState.unopened(accountId);
        for (DomainEventMessage<?> message : stored) {
            AccountEvent event = (AccountEvent) message.getPayload();
            String at = seedNote() + ": event " + message.getSequenceNumber() + " " + event;
            assertThat(message.getSequenceNumber()).as(at).isEqualTo(state.nextSequence());
            if (event instanceof FundsBorrowed borrowed) {
                assertThat(state.status()).as("status when borrowing, %s", at).isEqualTo(AccountStatus.ACTIVE);
                assertThat(state.outstanding().plus(borrowed.amount()).greaterThan(state.creditLimit()))
                        .as("outstanding %s plus %s over the limit %s, %s", state.outstanding(), borrowed.amount(),
                                state.creditLimit(), at).isFalse();
            }
            if (event instanceof RepaymentReceived repaid) {
                assertThat(repaid.amount().greaterThan(state.outstanding()))
                        .as("repaying %s of %s outstanding, %s", repaid.amount(), state.outstanding(), at).isFalse();
            }
            state = AccountFold.evolve(state, event);
            assertThat(state.outstanding().negative()).as("outstanding %s after %s", state.outstanding(), at).isFalse();
            states.add(state);
        }

        Map<String, List<DomainEventMessage<?>>> byRequest = stored.stream()
                .filter(m -> ((AccountEvent) m.getPayload()).requestId() != null)
                .collect(Collectors.groupingBy(m -> ((AccountEvent) m.getPayload()).requestId()));
        Set<String> accepted = new HashSet<>();
        for (Outcome outcome : outcomes) {
            Reply reply = outcome.reply();
            List<DomainEventMessage<?>> events = byRequest.getOrDefault(outcome.sent().key(), List.of());
            String what = seedNote() + ": " + outcome.sent().action() + " " + outcome.sent().amount() + " -> "
                    + reply.status() + " " + reply.raw();
            if (outcome.accepted()) {
                accepted.add(outcome.sent().key());
                assertThat(events).as("events of the accepted %s", what).hasSize(1);
                long sequence = events.get(0).getSequenceNumber();
                assertThat(reply.body().path("version").asLong()).as("version answered, %s", what).isEqualTo(sequence);
                assertThat(reply.body().path("outstanding").asText()).as("outstanding answered, %s", what)
                        .isEqualTo(states.get((int) sequence).outstanding().toPlainString());
            } else {
                assertThat(events).as("events of the refused %s", what).isEmpty();
                assertThat(reply.status()).as(what).isEqualTo(HttpStatus.CONFLICT.value());
                assertThat(reply.headers().getContentType()).as(what).isNotNull();
                assertThat(reply.headers().getContentType().isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .as(what).isTrue();
                assertThat(reply.body().path("code").asText()).as(what).isIn(refusalCodes);
            }
        }
        assertThat(stored.subList((int) setupEvents, stored.size()))
                .as("%s: every event after the setup answers an accepted request", seedNote())
                .allSatisfy(m -> assertThat(accepted).contains(((AccountEvent) m.getPayload()).requestId()));
        assertThat(stored).as(seedNote()).hasSize((int) setupEvents + accepted.size());
        return states;
    }

    private static long count(List<Outcome> outcomes, String action, boolean accepted) {
        return outcomes.stream().filter(o -> o.sent().action().equals(action) && o.accepted() == accepted).count();
    }

    @Nested
    class ManyBorrowings {

        @Test
        void twoHundredParallelBorrowingsNeverTakeOutstandingOverTheLimit() throws Exception {
            api.open(accountId, "1000.00");
            List<Sent> sent = IntStream.range(0, REQUESTS).mapToObj(i -> borrow(amount(1, 15))).toList();

            List<Outcome> outcomes = race(sent);

            List<AccountState> states = assertInvariantsAndOneEventPerAcceptedRequest(outcomes, 1,
                    Set.of("INSUFFICIENT_AVAILABLE_LIMIT"));
            AccountState last = states.get(states.size() - 1);
            BigDecimal borrowed = outcomes.stream().filter(Outcome::accepted)
                    .map(o -> new BigDecimal(o.sent().amount())).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(last.outstanding().amount()).as(seedNote()).isEqualByComparingTo(borrowed);
            assertThat(count(outcomes, "borrow", true)).as("borrowings accepted, %s", seedNote()).isPositive();
            assertThat(count(outcomes, "borrow", false)).as("borrowings refused at the limit, %s", seedNote())
                    .isPositive();
        }
    }

    @Nested
    class BorrowingsAgainstAFreeze {

        @Test
        void noBorrowingIsRecordedOnceTheFreezeIs() throws Exception {
            api.open(accountId, "100000.00");
            List<Sent> firstWave = IntStream.range(0, REQUESTS / 2).mapToObj(i -> borrow(amount(1, 10))).toList();
            List<Sent> secondWave = new ArrayList<>();
            secondWave.add(freeze());
            IntStream.range(1, REQUESTS / 2).forEach(i -> secondWave.add(borrow(amount(1, 10))));

            // The freeze goes out while the first borrowings are still being decided and the rest race it.
            List<Future<Reply>> first = clients.release(firstWave.stream().map(Sent::request).toList());
            await().atMost(ParallelClients.BOUND)
                    .until(() -> first.stream().filter(Future::isDone).count() >= REQUESTS / 10);
            List<Future<Reply>> second = clients.release(secondWave.stream().map(Sent::request).toList());
            List<Reply> replies = new ArrayList<>(ParallelClients.answers(first));
            replies.addAll(ParallelClients.answers(second));
            List<Sent> sent = new ArrayList<>(firstWave);
            sent.addAll(secondWave);
            List<Outcome> outcomes = IntStream.range(0, sent.size())
                    .mapToObj(i -> new Outcome(sent.get(i), replies.get(i))).toList();

            assertInvariantsAndOneEventPerAcceptedRequest(outcomes, 1, Set.of("ACCOUNT_FROZEN"));
            List<? extends DomainEventMessage<?>> stored = eventStore.readEvents(accountId, 0).asStream().toList();
            long frozenAt = stored.stream().filter(m -> m.getPayload() instanceof AccountFrozen)
                    .mapToLong(DomainEventMessage::getSequenceNumber).findFirst().orElseThrow();
            assertThat(stored).as("%s: borrowings after the freeze at %d", seedNote(), frozenAt)
                    .noneMatch(m -> m.getSequenceNumber() > frozenAt && m.getPayload() instanceof FundsBorrowed);
            assertThat(count(outcomes, "freeze", true)).isEqualTo(1);
            assertThat(count(outcomes, "borrow", true)).as("borrowed before the freeze, %s", seedNote())
                    .isGreaterThanOrEqualTo(REQUESTS / 10);
            assertThat(count(outcomes, "borrow", false)).as("refused as frozen, %s", seedNote()).isPositive();
        }
    }

    @Nested
    class RepaymentsAgainstLimitChanges {

        @Test
        void repaymentsAndBorrowingsRacingLimitChangesKeepEveryInvariant() throws Exception {
            api.open(accountId, "10000.00");
            for (int i = 0; i < 20; i++) {
                api.borrow(accountId, "200.00");
            }
            String[] limits = {"2000.00", "3000.00", "4500.00", "6000.00", "9000.00", "12000.00"};
            List<Sent> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                switch (i % 5) {
                    case 0, 2 -> sent.add(repay(amount(10, 100)));
                    case 1 -> sent.add(changeLimit(limits[random.nextInt(limits.length)]));
                    default -> sent.add(borrow(amount(10, 200)));
                }
            }

            List<Outcome> outcomes = race(sent);

            assertInvariantsAndOneEventPerAcceptedRequest(outcomes, 21,
                    Set.of("INSUFFICIENT_AVAILABLE_LIMIT", "REPAYMENT_EXCEEDS_OUTSTANDING"));
            assertThat(count(outcomes, "limit", true)).as("limit changes, %s", seedNote()).isEqualTo(REQUESTS / 5);
            assertThat(count(outcomes, "repay", true)).as("repayments accepted, %s", seedNote()).isPositive();
            assertThat(count(outcomes, "borrow", true)).as("borrowings accepted, %s", seedNote()).isPositive();
        }
    }
}
