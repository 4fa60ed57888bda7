package org.loanledger.query.appeal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.loanledger.query.support.AccountEvents.T0;
import static org.loanledger.query.support.AccountEvents.appealDecided;
import static org.loanledger.query.support.AccountEvents.appealFiled;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.query.appeal.AppealsStore.QueuedAppeal;
import org.loanledger.query.support.InMemoryMongo;
import org.loanledger.shared.account.AppealDecided;
import org.loanledger.shared.account.AppealDecision;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.personal.InMemoryPersonalKeys;
import org.loanledger.shared.personal.PersonalText;
import org.loanledger.shared.personal.PersonalTextCipher;

class AppealsProjectionTest {

    /** Appeals in these tests are due 72 hours after they are filed. */
    static final Duration SERVICE_LEVEL = Duration.ofHours(72);

    InMemoryMongo mongo;
    AppealsStore store;
    AppealsProjection projection;

    @BeforeEach
    void setUp() {
        mongo = new InMemoryMongo();
        store = new AppealsStore(mongo.database(), new PersonalTextCipher(new InMemoryPersonalKeys()));
        projection = new AppealsProjection(store);
    }

    @AfterEach
    void tearDown() {
        mongo.close();
    }

    private List<QueuedAppeal> all() {
        return store.find(null, null, T0, 0, 500).appeals();
    }

    private List<Document> rawDocuments() {
        return mongo.database().getCollection(AppealsStore.COLLECTION).find().into(new ArrayList<>());
    }

    @Nested
    class Filing {

        @Test
        void aFiledAppealIsOpenWithItsDeadlineAndNoDecision() {
            AppealFiled filed = appealFiled("acc-1", "ap-1", 2, 3);

            projection.on(filed, 3L);

            assertThat(all()).containsExactly(new QueuedAppeal("acc-1", "ap-1", 2, AppealStatus.OPEN,
                    filed.occurredAt(), filed.occurredAt().plus(SERVICE_LEVEL), null, null, null, null));
        }

        @Test
        void theCustomersStatementIsNotKept() {
            AppealFiled filed = appealFiled("acc-1", "ap-1", 2, 3);

            projection.on(filed, 3L);

            assertThat(rawDocuments()).singleElement()
                    .satisfies(d -> assertThat(d.toJson()).doesNotContain(filed.statement().text()).doesNotContain("statement"));
        }

        @Test
        void instantsKeepTheirRecordedPrecision() {
            Instant at = Instant.parse("2026-01-05T09:00:00.123456789Z");
            projection.on(new AppealFiled("acc-1", "ap-1", 1, PersonalText.clear("s"), at.plus(SERVICE_LEVEL), at, "lender", "k"), 2L);

            assertThat(all()).singleElement().satisfies(a -> {
                assertThat(a.filedAt()).isEqualTo(at);
                assertThat(a.dueBy()).isEqualTo(at.plus(SERVICE_LEVEL));
            });
        }
    }

    @Nested
    class Decision {

        @Test
        void anUpheldAppealRecordsWhenWhoAndWhy() {
            projection.on(appealFiled("acc-1", "ap-1", 2, 3), 3L);
            AppealDecided decided = appealDecided("acc-1", "ap-1", AppealDecision.UPHOLD, "repayments were on time", 10);

            projection.on(decided, 4L);

            assertThat(all()).singleElement().satisfies(a -> {
                assertThat(a.status()).isEqualTo(AppealStatus.UPHELD);
                assertThat(a.decidedAt()).isEqualTo(decided.occurredAt());
                assertThat(a.decidedBy()).isEqualTo("ops");
                assertThat(a.decisionNote()).isEqualTo("repayments were on time");
                assertThat(a.restrictionSequence()).isEqualTo(2);
            });
        }

        @Test
        void aRejectedAppealIsRejected() {
            projection.on(appealFiled("acc-1", "ap-1", 2, 3), 3L);

            projection.on(appealDecided("acc-1", "ap-1", AppealDecision.REJECT, "velocity rule applies", 10), 4L);

            assertThat(all()).singleElement().extracting(QueuedAppeal::status).isEqualTo(AppealStatus.REJECTED);
        }

        @Test
        void aDecisionOnAnAppealNeverFiledIsRefusedAndWritesNothing() {
            assertThatThrownBy(() -> projection.on(appealDecided("acc-1", "ap-9", AppealDecision.UPHOLD, "n", 10), 4L))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("ap-9");

            assertThat(rawDocuments()).isEmpty();
        }

        @Test
        void appealsOfDifferentAccountsWithTheSameIdAreKeptApart() {
            projection.on(appealFiled("acc-1", "ap-1", 2, 3), 3L);
            projection.on(appealFiled("acc-2", "ap-1", 1, 4), 2L);

            projection.on(appealDecided("acc-2", "ap-1", AppealDecision.REJECT, "n", 10), 3L);

            assertThat(all()).extracting(QueuedAppeal::accountId, QueuedAppeal::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("acc-1", AppealStatus.OPEN),
                            org.assertj.core.groups.Tuple.tuple("acc-2", AppealStatus.REJECTED));
        }
    }

    @Nested
    class DuplicateDelivery {

        @Test
        void aRedeliveredFilingDoesNotReopenADecidedAppeal() {
            AppealFiled filed = appealFiled("acc-1", "ap-1", 2, 3);
            projection.on(filed, 3L);
            projection.on(appealDecided("acc-1", "ap-1", AppealDecision.UPHOLD, "ok", 10), 4L);
            List<Document> once = rawDocuments();

            projection.on(filed, 3L);

            assertThat(rawDocuments()).isEqualTo(once);
            assertThat(all()).singleElement().extracting(QueuedAppeal::status).isEqualTo(AppealStatus.UPHELD);
        }

        @Test
        void aRedeliveredDecisionChangesNothing() {
            projection.on(appealFiled("acc-1", "ap-1", 2, 3), 3L);
            AppealDecided decided = appealDecided("acc-1", "ap-1", AppealDecision.REJECT, "stands", 10);
            projection.on(decided, 4L);
            List<Document> once = rawDocuments();

            projection.on(decided, 4L);

            assertThat(rawDocuments()).isEqualTo(once);
        }

        @Test
        void aWholeBatchRedeliveredInOneUnitOfWorkGivesTheSameQueue() {
            AppealFiled first = appealFiled("acc-1", "ap-1", 2, 3);
            AppealDecided decided = appealDecided("acc-1", "ap-1", AppealDecision.UPHOLD, "ok", 10);
            AppealFiled second = appealFiled("acc-1", "ap-2", 6, 20);
            inOneBatch(() -> {
                projection.on(first, 3L);
                projection.on(decided, 4L);
                projection.on(second, 7L);
            });
            List<Document> once = rawDocuments();

            inOneBatch(() -> {
                projection.on(first, 3L);
                projection.on(decided, 4L);
                projection.on(first, 3L);
                projection.on(second, 7L);
            });

            assertThat(rawDocuments()).isEqualTo(once);
            assertThat(all()).extracting(QueuedAppeal::appealId, QueuedAppeal::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("ap-1", AppealStatus.UPHELD),
                            org.assertj.core.groups.Tuple.tuple("ap-2", AppealStatus.OPEN));
        }

        private void inOneBatch(Runnable handlers) {
            DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch")).execute(handlers);
        }
    }

    @Nested
    class Queue {

        AppealFiled early;
        AppealFiled late;
        AppealFiled decided;

        @BeforeEach
        void threeAppeals() {
            early = appealFiled("acc-1", "ap-early", 1, 0);
            late = appealFiled("acc-2", "ap-late", 1, 600);
            decided = appealFiled("acc-3", "ap-decided", 1, 300);
            projection.on(late, 2L);
            projection.on(early, 2L);
            projection.on(decided, 2L);
            projection.on(appealDecided("acc-3", "ap-decided", AppealDecision.REJECT, "n", 400), 3L);
        }

        @Test
        void listsTheEarliestDeadlineFirst() {
            assertThat(all()).extracting(QueuedAppeal::appealId).containsExactly("ap-early", "ap-decided", "ap-late");
        }

        @Test
        void overdueMeansOpenAndDueBeforeNow() {
            Instant now = early.dueBy().plusSeconds(1);

            var overdue = store.find(AppealStatus.OPEN, true, now, 0, 50);

            assertThat(overdue.appeals()).extracting(QueuedAppeal::appealId).containsExactly("ap-early");
            assertThat(overdue.total()).isEqualTo(1);
            assertThat(overdue.appeals().get(0).overdueAt(now)).isTrue();
        }

        @Test
        void anAppealDueExactlyNowIsNotOverdueYet() {
            assertThat(store.find(null, true, early.dueBy(), 0, 50).appeals()).isEmpty();
            assertThat(store.find(null, true, early.dueBy().plusNanos(1), 0, 50).appeals())
                    .extracting(QueuedAppeal::appealId).containsExactly("ap-early");
        }

        @Test
        void aDecidedAppealIsNeverOverdue() {
            Instant farLater = late.dueBy().plus(Duration.ofDays(30));

            assertThat(store.find(null, true, farLater, 0, 50).appeals()).extracting(QueuedAppeal::appealId)
                    .containsExactly("ap-early", "ap-late");
            assertThat(store.find(null, false, farLater, 0, 50).appeals()).extracting(QueuedAppeal::appealId)
                    .containsExactly("ap-decided");
        }

        @Test
        void filtersByStatus() {
            assertThat(store.find(AppealStatus.REJECTED, null, T0, 0, 50).appeals())
                    .extracting(QueuedAppeal::appealId).containsExactly("ap-decided");
            assertThat(store.find(AppealStatus.UPHELD, null, T0, 0, 50).total()).isZero();
        }

        @Test
        void pagesKeepTheTotal() {
            var second = store.find(null, null, T0, 1, 2);

            assertThat(second.appeals()).extracting(QueuedAppeal::appealId).containsExactly("ap-late");
            assertThat(second.total()).isEqualTo(3);
        }

        @Test
        void aResetEmptiesTheQueue() {
            projection.reset();

            assertThat(store.find(null, null, T0, 0, 50).total()).isZero();
        }
    }
}
