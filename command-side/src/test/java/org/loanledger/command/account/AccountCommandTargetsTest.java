package org.loanledger.command.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.math.BigDecimal;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.BorrowCommand;
import org.loanledger.shared.account.RepayCommand;

class AccountCommandTargetsTest {

    private final AccountCommandTargets targets = new AccountCommandTargets();
    private final AnnotationCommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();

    @Test
    void anAccountCommandIsForItsAccountWithNoExpectedVersionAsAxonResolvesIt() {
        for (Object command : new Object[] {
                new BorrowCommand("acc-1", new BigDecimal("10.00"), null, 30, "key-1"),
                new RepayCommand("acc-2", new BigDecimal("10.00"), null, "key-2")}) {
            var message = GenericCommandMessage.asCommandMessage(command);

            assertThat(targets.resolveTarget(message)).isEqualTo(axons.resolveTarget(message));
            assertThat(targets.resolveTarget(message).getVersion()).isNull();
        }
        assertThat(targets.resolveTarget(GenericCommandMessage.asCommandMessage(
                new RepayCommand("acc-2", new BigDecimal("10.00"), null, "key-2"))).getIdentifier()).isEqualTo("acc-2");
    }

    @Test
    void aCommandWithoutAnAccountIsRefusedAsAxonRefusesIt() {
        var message = GenericCommandMessage.asCommandMessage(new RepayCommand(null, new BigDecimal("10.00"), null, "key"));

        Throwable refusal = catchThrowable(() -> axons.resolveTarget(message));

        assertThat(refusal).isNotNull();
        assertThatThrownBy(() -> targets.resolveTarget(message)).isInstanceOf(refusal.getClass())
                .hasMessage(refusal.getMessage());
    }

    @Test
    void anyOtherCommandIsResolvedAsAxonWould() {
        var message = GenericCommandMessage.asCommandMessage(new Other("x-1"));

        assertThat(targets.resolveTarget(message).getIdentifier()).isEqualTo("x-1");
    }

    record Other(@TargetAggregateIdentifier String id) {
    }
}
