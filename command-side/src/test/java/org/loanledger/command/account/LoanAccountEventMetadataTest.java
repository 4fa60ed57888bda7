package org.loanledger.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.loanledger.command.account.AccountTestData.ACCOUNT;
import static org.loanledger.command.account.AccountTestData.CLOCK;
import static org.loanledger.command.account.AccountTestData.CUSTOMER;
import static org.loanledger.command.account.AccountTestData.CUSTOMER_ACTOR;
import static org.loanledger.command.account.AccountTestData.NOW;
import static org.loanledger.command.account.AccountTestData.OPS_ACTOR;
import static org.loanledger.command.account.AccountTestData.actor;
import static org.loanledger.command.account.AccountTestData.by;
import static org.loanledger.command.account.AccountTestData.dec;
import static org.loanledger.command.account.AccountTestData.opened;

import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.AccountCommand;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.BorrowCommand;
import org.loanledger.shared.account.ChangeCreditLimitCommand;
import org.loanledger.shared.account.FreezeAccountCommand;
import org.loanledger.shared.account.OpenAccountCommand;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RepayCommand;
import org.loanledger.shared.account.UnfreezeAccountCommand;
import org.loanledger.shared.integrity.Canonical;
import org.loanledger.shared.integrity.HashChain;

/** Every event the aggregate applies carries its hash-chain link and, when it answered a request, the request's hash. */
class LoanAccountEventMetadataTest {

    private FixtureConfiguration<LoanAccount> fixture;

    @BeforeEach
    void setUp() {
        fixture = LoanAccountTest.fixture(CLOCK);
    }

    @Test
    void everyAppliedEventLinksToThePreviousOneAndCarriesItsRequestHash() {
        OpenAccountCommand open = new OpenAccountCommand(ACCOUNT, CUSTOMER, "EUR", dec("1000"), "r-open");
        BorrowCommand borrow = new BorrowCommand(ACCOUNT, dec("300"), "EUR", 30, "r-borrow");
        FreezeAccountCommand freeze = new FreezeAccountCommand(ACCOUNT, ReasonCode.RISK_RULE, "velocity", null);
        RepayCommand repay = new RepayCommand(ACCOUNT, dec("120.50"), null, "r-repay");
        UnfreezeAccountCommand unfreeze = new UnfreezeAccountCommand(ACCOUNT, ReasonCode.APPEAL_UPHELD, "upheld",
                "r-unfreeze");
        ChangeCreditLimitCommand cut = new ChangeCreditLimitCommand(ACCOUNT, dec("100"), "EUR",
                ReasonCode.MODEL_RESCORE, "model v7", "r-cut");
        Map<String, AccountCommand> byKey = Map.of("r-open", open, "r-borrow", borrow, "r-repay", repay,
                "r-unfreeze", unfreeze, "r-cut", cut);

        fixture.givenCommands(by(OPS_ACTOR, open), by(CUSTOMER_ACTOR, borrow), by(OPS_ACTOR, freeze),
                        by(CUSTOMER_ACTOR, repay), by(OPS_ACTOR, unfreeze))
                .when(cut, actor(OPS_ACTOR))
                .expectSuccessfulHandlerExecution();

        List<? extends DomainEventMessage<?>> stored = fixture.getEventStore().readEvents(ACCOUNT).asStream().toList();
        assertThat(stored).hasSize(6);
        String previous = HashChain.GENESIS;
        for (int i = 0; i < stored.size(); i++) {
            DomainEventMessage<?> message = stored.get(i);
            AccountEvent event = (AccountEvent) message.getPayload();
            assertThat(message.getSequenceNumber()).isEqualTo(i);
            assertThat(message.getMetaData().get(HashChain.METADATA_KEY)).as("link of event %d", i)
                    .isEqualTo(HashChain.link(previous, i, event.occurredAt(), event));
            if (event.requestId() == null) {
                assertThat(message.getMetaData()).as("event %d answered no request", i)
                        .doesNotContainKey(LoanAccount.REQUEST_HASH);
            } else {
                assertThat(message.getMetaData().get(LoanAccount.REQUEST_HASH)).as("request hash of event %d", i)
                        .isEqualTo(LoanAccount.requestHash(byKey.get(event.requestId())));
            }
            previous = (String) message.getMetaData().get(HashChain.METADATA_KEY);
        }
        assertThat(stored).extracting(m -> ((AccountEvent) m.getPayload()).requestId())
                .containsExactly("r-open", "r-borrow", null, "r-repay", "r-unfreeze", "r-cut");
    }

    @Test
    void theChainContinuesFromTheLinkStoredWithTheLastEvent() {
        String storedHead = Canonical.sha256("a link written by an earlier version of the account");
        BorrowCommand borrow = new BorrowCommand(ACCOUNT, dec("10"), "EUR", 30, null);

        fixture.given(List.of(GenericEventMessage.asEventMessage(opened("1000"))
                        .withMetaData(MetaData.with(HashChain.METADATA_KEY, storedHead))))
                .when(borrow, actor(CUSTOMER_ACTOR))
                .expectSuccessfulHandlerExecution();

        DomainEventMessage<?> appended = fixture.getEventStore().readEvents(ACCOUNT).asStream().toList().get(1);
        assertThat(appended.getMetaData().get(HashChain.METADATA_KEY))
                .isEqualTo(HashChain.link(storedHead, 1, NOW, appended.getPayload()))
                .isNotEqualTo(HashChain.link(HashChain.GENESIS, 1, NOW, appended.getPayload()));
    }

    @Test
    void aRepeatedRequestAppendsNothingSoTheChainIsUnchanged() {
        OpenAccountCommand open = new OpenAccountCommand(ACCOUNT, CUSTOMER, "EUR", dec("1000"), "r-open");
        BorrowCommand borrow = new BorrowCommand(ACCOUNT, dec("300"), "EUR", 30, "r-borrow");

        fixture.givenCommands(by(OPS_ACTOR, open), by(CUSTOMER_ACTOR, borrow))
                .when(borrow, actor(CUSTOMER_ACTOR))
                .expectNoEvents();

        assertThat(fixture.getEventStore().readEvents(ACCOUNT).asStream().toList()).hasSize(2);
    }
}
