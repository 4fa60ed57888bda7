package org.loanledger.shared.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordComponentsTest {

    record Drawdown(String id, long cents, List<String> notes) {
    }

    @Test
    void readsEveryComponentInDeclarationOrder() {
        Drawdown drawdown = new Drawdown("d-1", 1_000, List.of("first"));

        List<RecordComponents.Component> components = RecordComponents.of(Drawdown.class);

        assertThat(components).extracting(RecordComponents.Component::name).containsExactly("id", "cents", "notes");
        assertThat(components).extracting(component -> component.read(drawdown))
                .containsExactly("d-1", 1_000L, List.of("first"));
    }

    @Test
    void looksEachTypeUpOnce() {
        assertThat(RecordComponents.of(Drawdown.class)).isSameAs(RecordComponents.of(Drawdown.class));
    }

    @Test
    void refusesATypeThatIsNotARecord() {
        assertThatThrownBy(() -> RecordComponents.of(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String is not a record");
    }
}
