package org.loanledger.command.appeal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.web.CommandApi.newAccountId;
import static org.loanledger.command.web.CommandApi.newKey;
import static org.loanledger.command.web.CommandApi.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.command.web.CommandApi;
import org.loanledger.command.web.MovableClock;
import org.loanledger.command.web.RunningUnderRiskPolicy;
import org.loanledger.command.web.StoredAccounts;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.AppealDecided;
import org.loanledger.shared.account.AppealDecision;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.ReasonCode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Appeals over HTTP: a lender files one for the customer against the restriction in force, ops decide it within
 * the service level, and the refusals a client can meet on the way.
 */
@RunningUnderRiskPolicy
class AppealApiTest {

    private static final String LENDER_TOKEN = "lender-dev-token";
    private static final String AUDITOR_TOKEN = "auditor-dev-token";
    private static final String STATEMENT = """
            {"statement":"I logged in from my new phone; it was me"}""";

    @Autowired
    WebTestClient webTestClient;

    @Autowired
    DataSource dataSource;

    @Autowired
    EventStore eventStore;

    @Autowired
    MovableClock clock;

    CommandApi api;
    StoredAccounts stored;
    String accountId;

    @BeforeEach
    void client() {
        api = new CommandApi(webTestClient, dataSource);
        stored = new StoredAccounts(eventStore);
        accountId = newAccountId();
    }

    /** Opens an account and has the policy freeze it for a high login anomaly: the freeze is event 2. */
    private void frozenByASignal() {
        api.open(accountId, "3000.00");
        JsonNode view = api.post(path(accountId, "risk-signals"), newKey(), """
                {"type":"LOGIN_ANOMALY","severity":"HIGH","source":"fraud-desk","observedAt":"%s"}"""
                .formatted(clock.instant().minusSeconds(30))).expect(HttpStatus.OK);
        assertThat(view.path("status").asText()).isEqualTo("FROZEN");
    }

    private CommandApi.Reply fileAsLender(String key) {
        return api.postAs(LENDER_TOKEN, path(accountId, "appeals"), key, STATEMENT);
    }

    private static String decisionPath(String accountId, String appealId) {
        return path(accountId, "appeals/" + appealId + "/decision");
    }

    private static String decision(String decision) {
        return """
                {"decision":"%s","note":"checked the device with the customer"}""".formatted(decision);
    }

    private CommandApi.Reply borrow() {
        return api.post(path(accountId, "borrowings"), newKey(), """
                {"amount":"100.00","termDays":30}""");
    }

    @Nested
    class Filing {

        @Test
        void aLenderFilesAnAppealThatOpsMustDecideWithin72Hours() {
            frozenByASignal();
            Instant filedAt = clock.instant();

            JsonNode filed = fileAsLender(newKey()).expect(HttpStatus.CREATED);

            assertThat(filed.path("appealId").asText()).isEqualTo("ap-3");
            assertThat(filed.path("restrictionSequence").asLong()).isEqualTo(2);
            assertThat(Instant.parse(filed.path("dueBy").asText())).isEqualTo(filedAt.plus(Duration.ofHours(72)));
            assertThat(filed.path("version").asLong()).isEqualTo(3);
            AppealFiled event = stored.event(accountId, 3, AppealFiled.class);
            assertThat(event.actor()).isEqualTo("lender-dev");
            assertThat(event.statement().text()).isEqualTo("I logged in from my new phone; it was me");
            assertThat(stored.state(accountId).openAppeals()).hasSize(1);
        }

        @Test
        void repeatingTheFilingWithItsKeyAnswersTheSameAppeal() {
            frozenByASignal();
            String key = newKey();
            JsonNode first = fileAsLender(key).expect(HttpStatus.CREATED);

            JsonNode repeated = fileAsLender(key).expect(HttpStatus.CREATED);

            assertThat(repeated).isEqualTo(first);
            assertThat(api.storedEvents(accountId)).isEqualTo(4);
        }

        @Test
        void appealingAnAccountWithNoRestrictionIsRefused() {
            api.open(accountId, "3000.00");

            JsonNode problem = api.refused(HttpStatus.CONFLICT, "NOT_RESTRICTED", () -> fileAsLender(newKey()));

            assertThat(problem.path("accountStatus").asText()).isEqualTo("ACTIVE");
        }

        @Test
        void aSecondAppealAgainstTheSameRestrictionIsRefusedWhileTheFirstIsOpen() {
            frozenByASignal();
            JsonNode first = fileAsLender(newKey()).expect(HttpStatus.CREATED);

            JsonNode problem = api.refused(HttpStatus.CONFLICT, "APPEAL_ALREADY_OPEN", () -> fileAsLender(newKey()));

            assertThat(problem.path("appealId").asText()).isEqualTo(first.path("appealId").asText());
            assertThat(problem.path("dueBy").asText()).isEqualTo(first.path("dueBy").asText());
        }

        @Test
        void anAuditorMayNotFileAnAppeal() {
            frozenByASignal();

            api.refused(HttpStatus.FORBIDDEN, "FORBIDDEN",
                    () -> api.postAs(AUDITOR_TOKEN, path(accountId, "appeals"), newKey(), STATEMENT));
        }
    }

    @Nested
    class Deciding {

        private String appealId;

        @BeforeEach
        void fileAnAppeal() {
            frozenByASignal();
            appealId = fileAsLender(newKey()).expect(HttpStatus.CREATED).path("appealId").asText();
        }

        @Test
        void upholdingTheAppealLiftsTheFreezeAndTheAccountMayBorrowAgain() {
            api.refused(HttpStatus.CONFLICT, "ACCOUNT_FROZEN", AppealApiTest.this::borrow);

            JsonNode view = api.post(decisionPath(accountId, appealId), newKey(), decision("UPHOLD"))
                    .expect(HttpStatus.OK);

            assertThat(view.path("status").asText()).isEqualTo("ACTIVE");
            assertThat(view.path("version").asLong()).isEqualTo(5);
            AppealDecided decided = stored.event(accountId, 4, AppealDecided.class);
            assertThat(decided.decision()).isEqualTo(AppealDecision.UPHOLD);
            assertThat(decided.actor()).isEqualTo("ops-dev");
            AccountUnfrozen lifted = stored.event(accountId, 5, AccountUnfrozen.class);
            assertThat(lifted.reasonCode()).isEqualTo(ReasonCode.APPEAL_UPHELD);
            assertThat(lifted.liftedRestrictions()).containsExactly(2L);
            assertThat(lifted.note().text()).isEqualTo("checked the device with the customer");
            borrow().expect(HttpStatus.CREATED);
        }

        @Test
        void rejectingTheAppealKeepsTheFreeze() {
            JsonNode view = api.post(decisionPath(accountId, appealId), newKey(), decision("REJECT"))
                    .expect(HttpStatus.OK);

            assertThat(view.path("status").asText()).isEqualTo("FROZEN");
            assertThat(view.path("version").asLong()).isEqualTo(4);
            assertThat(stored.event(accountId, 4, AppealDecided.class).decision()).isEqualTo(AppealDecision.REJECT);
            assertThat(stored.state(accountId).openAppeals()).isEmpty();
            JsonNode refused = api.refused(HttpStatus.CONFLICT, "ACCOUNT_FROZEN", AppealApiTest.this::borrow);
            assertThat(refused.path("reasonCode").asText()).isEqualTo("RISK_RULE");
        }

        @Test
        void aLenderMayNotDecideAnAppeal() {
            api.refused(HttpStatus.FORBIDDEN, "FORBIDDEN",
                    () -> api.postAs(LENDER_TOKEN, decisionPath(accountId, appealId), newKey(), decision("UPHOLD")));

            assertThat(stored.state(accountId).openAppeals()).extracting(a -> a.appealId()).containsExactly(appealId);
        }

        @Test
        void decidingAnAppealThatDoesNotExistIsRefused() {
            JsonNode problem = api.refused(HttpStatus.NOT_FOUND, "APPEAL_NOT_FOUND",
                    () -> api.post(decisionPath(accountId, "ap-99"), newKey(), decision("UPHOLD")));

            assertThat(problem.path("appealId").asText()).isEqualTo("ap-99");
        }

        @Test
        void decidingAnAppealTwiceIsRefused() {
            api.post(decisionPath(accountId, appealId), newKey(), decision("REJECT")).expect(HttpStatus.OK);

            api.refused(HttpStatus.NOT_FOUND, "APPEAL_NOT_FOUND",
                    () -> api.post(decisionPath(accountId, appealId), newKey(), decision("UPHOLD")));
        }
    }
}
