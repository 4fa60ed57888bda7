package org.loanledger.shared.personal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AppealDecision;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.ChangeCreditLimitCommand;
import org.loanledger.shared.account.CloseAccountCommand;
import org.loanledger.shared.account.DecideAppealCommand;
import org.loanledger.shared.account.FileAppealCommand;
import org.loanledger.shared.account.FreezeAccountCommand;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.UnfreezeAccountCommand;
import org.loanledger.shared.integrity.HashChain;
import org.loanledger.shared.json.LedgerJson;

class PersonalTextStorageTest {

    private static final Instant T0 = Instant.parse("2026-11-01T09:00:00Z");
    private static final String STATEMENT = "I was in hospital in Hangzhou, my ID is 330106";

    private final InMemoryPersonalKeys keys = new InMemoryPersonalKeys();
    private final ObjectMapper json = LedgerJson.storageMapper(keys);

    private AppealFiled appeal() {
        return new AppealFiled("acc-1", "ap-3", 2, PersonalText.of("cust-1", STATEMENT), T0.plusSeconds(3600), T0,
                "lender-dev", "k1");
    }

    @Nested
    class WhenWritten {

        @Test
        void theStoredJsonHoldsNoClearText() throws Exception {
            String stored = json.writeValueAsString(appeal());

            assertThat(stored).doesNotContain("hospital").doesNotContain("330106")
                    .contains("\"subject\":\"cust-1\"").contains("\"cipher\"");
        }

        @Test
        void textTheLedgerWroteItselfStaysInClear() throws Exception {
            var frozen = new AccountFrozen("acc-1", ReasonCode.RISK_RULE, PersonalText.clear("rule R1 of risk policy 7"),
                    T0, "risk-policy", null);

            assertThat(json.readTree(json.writeValueAsString(frozen)).get("note").asText())
                    .isEqualTo("rule R1 of risk policy 7");
        }

        @Test
        void logsNeverShowTheText() {
            assertThat(appeal().toString()).doesNotContain("hospital").contains("[personal text]");
        }

        @Test
        void commandsCarryingPersonalTextNeverPrintIt() {
            List<Object> commands = List.of(
                    new FreezeAccountCommand("acc-1", ReasonCode.MANUAL_REVIEW, STATEMENT, "k1"),
                    new UnfreezeAccountCommand("acc-1", ReasonCode.MANUAL_REVIEW, STATEMENT, "k2"),
                    new ChangeCreditLimitCommand("acc-1", new BigDecimal("10.00"), "CNY", ReasonCode.MANUAL_REVIEW,
                            STATEMENT, "k3"),
                    new CloseAccountCommand("acc-1", ReasonCode.CUSTOMER_REQUEST, STATEMENT, "k4"),
                    new FileAppealCommand("acc-1", STATEMENT, 2L, "k5"),
                    new DecideAppealCommand("acc-1", "ap-1", AppealDecision.REJECT, STATEMENT, "k6"));

            assertThat(commands).allSatisfy(command -> assertThat(command.toString())
                    .doesNotContain("hospital").contains("acc-1").contains("[personal text]"));
        }
    }

    @Nested
    class WhenRead {

        @Test
        void itReadsBackWhileTheCustomersKeyExists() throws Exception {
            AppealFiled read = json.readValue(json.writeValueAsString(appeal()), AppealFiled.class);

            assertThat(read.statement().text()).isEqualTo(STATEMENT);
            assertThat(read.statement().erased()).isFalse();
        }

        @Test
        void itReadsAsErasedOnceTheKeyIsDeleted() throws Exception {
            String stored = json.writeValueAsString(appeal());

            assertThat(keys.erase("cust-1")).isEqualTo(1);
            AppealFiled read = json.readValue(stored, AppealFiled.class);

            assertThat(read.statement().erased()).isTrue();
            assertThat(read.statement().text()).isNull();
            assertThat(read.statement().toString()).isEqualTo("[erased]");
        }

        @Test
        void aStringWrittenBeforeSealingExistedReadsAsClearText() throws Exception {
            ObjectNode stored = (ObjectNode) json.readTree(json.writeValueAsString(appeal()));
            stored.put("statement", "written in clear");

            AppealFiled read = json.treeToValue(stored, AppealFiled.class);

            assertThat(read.statement()).isEqualTo(PersonalText.clear("written in clear"));
            assertThat(read.statement().personal()).isFalse();
        }

        @Test
        void aCiphertextMovedToAnotherEventDoesNotOpen() throws Exception {
            JsonNode first = json.readTree(json.writeValueAsString(appeal()));
            ObjectNode second = (ObjectNode) json.readTree(json.writeValueAsString(appeal()));
            ((ObjectNode) second.get("statement")).put("cipher", first.get("statement").get("cipher").asText());

            AppealFiled read = json.treeToValue(second, AppealFiled.class);

            assertThat(read.statement().state()).isEqualTo(PersonalText.State.TAMPERED);
            assertThat(read.statement().text()).isNull();
        }
    }

    @Nested
    class TheHashChain {

        @Test
        void aLinkVerifiesBeforeAndAfterTheKeyIsDeleted() throws Exception {
            AppealFiled written = appeal();
            String link = HashChain.link(HashChain.GENESIS, 3, T0, written);
            String stored = json.writeValueAsString(written);

            String before = HashChain.link(HashChain.GENESIS, 3, T0, json.readValue(stored, AppealFiled.class));
            keys.erase("cust-1");
            String after = HashChain.link(HashChain.GENESIS, 3, T0, json.readValue(stored, AppealFiled.class));

            assertThat(List.of(before, after)).containsOnly(link);
        }

        @Test
        void aChangedSealBreaksTheLink() throws Exception {
            AppealFiled written = appeal();
            String link = HashChain.link(HashChain.GENESIS, 3, T0, written);
            ObjectNode stored = (ObjectNode) json.readTree(json.writeValueAsString(written));
            ((ObjectNode) stored.get("statement")).put("seal", "0".repeat(64));
            keys.erase("cust-1");

            AppealFiled forged = json.treeToValue(stored, AppealFiled.class);

            assertThat(HashChain.link(HashChain.GENESIS, 3, T0, forged)).isNotEqualTo(link);
        }

        @Test
        void theSameTextSealsDifferentlyEachTime() {
            assertThat(PersonalText.of("cust-1", "ok").seal()).isNotEqualTo(PersonalText.of("cust-1", "ok").seal());
        }
    }
}
