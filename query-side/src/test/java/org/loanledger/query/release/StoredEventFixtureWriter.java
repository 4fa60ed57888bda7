package org.loanledger.query.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.serialization.Revision;
import org.loanledger.shared.account.AccountClosed;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.AppealDecided;
import org.loanledger.shared.account.AppealDecision;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.CreditLimitChanged;
import org.loanledger.shared.account.CreditScoreRecorded;
import org.loanledger.shared.account.DrawdownOverdue;
import org.loanledger.shared.account.FundsBorrowed;
import org.loanledger.shared.account.PersonalDataErased;
import org.loanledger.shared.account.PrincipalReason;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.account.RepaymentAllocation;
import org.loanledger.shared.account.RepaymentReceived;
import org.loanledger.shared.account.RiskDecision;
import org.loanledger.shared.account.RiskSignalRecorded;
import org.loanledger.shared.integrity.HashChain;
import org.loanledger.shared.json.LedgerJson;
import org.loanledger.shared.money.Money;
import org.loanledger.shared.personal.PersonalText;

/**
 * Writes {@code stored-events/account-history.json}: one account's events, of every event type and every revision
 * ever released, exactly as the event store holds them (payload and metadata JSON, type, revision). Run once when a
 * revision is released, then the file is kept as it is: it is the record of what older releases wrote.
 *
 * <p>{@code java -cp <test classpath> org.loanledger.query.release.StoredEventFixtureWriter <file>}
 */
public final class StoredEventFixtureWriter {

    private static final String ACC = "fixture-acc-1";
    private static final Set<Class<?>> PERSONAL_TEXT_REVISION_2 = Set.of(AccountFrozen.class, AccountUnfrozen.class,
            CreditLimitChanged.class, AccountClosed.class, AppealFiled.class, AppealDecided.class);
    private static final Instant START = Instant.parse("2026-11-01T09:00:00Z");

    public static void main(String[] args) throws Exception {
        ObjectMapper json = LedgerJson.storageMapper();
        ArrayNode entries = json.createArrayNode();
        String head = HashChain.GENESIS;
        List<Function<Instant, AccountEvent>> history = List.of(
                t -> new AccountOpened(ACC, "cust-1", "CNY", Money.of("CNY", "5000.00"), t, "lender-dev", "k0"),
                t -> new FundsBorrowed(ACC, "dd-1", Money.of("CNY", "1500.00"), 30, LocalDate.of(2026, 12, 1), t, "lender-dev", "k1"),
                t -> new FundsBorrowed(ACC, "dd-2", Money.of("CNY", "500.00"), 60, LocalDate.of(2026, 12, 31), "APP", t, "lender-dev", "k2"),
                t -> new RepaymentReceived(ACC, Money.of("CNY", "500.00"), List.of(new RepaymentAllocation("dd-1",
                        Money.of("CNY", "500.00"), Money.of("CNY", "1000.00"), LocalDate.of(2026, 12, 1), true, false)),
                        true, true, t, "lender-dev", "k3"),
                t -> new AccountFrozen(ACC, ReasonCode.MANUAL_REVIEW, PersonalText.clear("documents requested"), t, "ops-dev", "k4"),
                t -> new AccountUnfrozen(ACC, ReasonCode.MANUAL_REVIEW, PersonalText.clear("documents received"), List.of(4L), t, "ops-dev", "k5"),
                t -> new CreditScoreRecorded(ACC, "model-2026.2", 512, List.of("THIN_FILE"), LocalDate.of(2026, 10, 31), t, "ops-dev", "k6"),
                t -> new CreditLimitChanged(ACC, Money.of("CNY", "5000.00"), Money.of("CNY", "0.00"), ReasonCode.MODEL_RESCORE,
                        PersonalText.clear("rule MODEL_SCORE of risk policy 2026-11"), true, List.of(), new RiskDecision("2026-11", "MODEL_SCORE",
                        "model-2026.2", List.of(new PrincipalReason("CREDIT_SCORE", "the credit score of model model-2026.2",
                        "512", "below 550", "model model-2026.2", LocalDate.of(2026, 10, 31))), List.of(6L), null, null, 550),
                        t, "risk-policy", "k6"),
                t -> new AppealFiled(ACC, "ap-8", 7, PersonalText.clear("I have always repaid on time"), t.plusSeconds(72 * 3600), t, "lender-dev", "k7"),
                t -> new AppealDecided(ACC, "ap-8", AppealDecision.REJECT, PersonalText.clear("the score stands"), t, "ops-dev", "k8"),
                t -> new RiskSignalRecorded(ACC, "DEVICE_CHANGE", "LOW", "fraud-engine", t.minusSeconds(60), t, "ops-dev", "k9"),
                t -> new DrawdownOverdue(ACC, "dd-1", LocalDate.of(2026, 12, 1), Money.of("CNY", "1000.00"), t, "ledger", null),
                t -> new RepaymentReceived(ACC, Money.of("CNY", "1500.00"), List.of(
                        new RepaymentAllocation("dd-1", Money.of("CNY", "1000.00"), Money.of("CNY", "0.00"), LocalDate.of(2026, 12, 1), false, true),
                        new RepaymentAllocation("dd-2", Money.of("CNY", "500.00"), Money.of("CNY", "0.00"), LocalDate.of(2026, 12, 31), true, true)),
                        true, false, t, "lender-dev", "k10"),
                t -> new AccountClosed(ACC, ReasonCode.CUSTOMER_REQUEST, PersonalText.clear("customer asked to close"), t, "ops-dev", "k11"),
                // Notes before this event were written in clear, before sealing existed: an erasure cannot reach them.
                t -> new PersonalDataErased(ACC, "cust-1", t, "ops-dev", "k12"));
        for (int sequence = 0; sequence < history.size(); sequence++) {
            AccountEvent event = history.get(sequence).apply(START.plusSeconds(3600L * sequence));
            head = HashChain.link(head, sequence, event.occurredAt(), event);
            ObjectNode payload = (ObjectNode) json.readTree(json.writeValueAsString(event));
            String revision = event.getClass().getAnnotation(Revision.class).value();
            if (event instanceof FundsBorrowed borrowed && borrowed.channel() == null) {
                // Written as revision 1 did: it had no channel.
                payload.remove("channel");
                revision = "1";
            }
            if (PERSONAL_TEXT_REVISION_2.contains(event.getClass()) && payload.findValue("cipher") == null) {
                // Written as revision 1 did: its free text in clear, before sealing existed.
                revision = "1";
            }
            Map<String, Object> metaData = new LinkedHashMap<>();
            metaData.put("actor", event.actor());
            metaData.put(HashChain.METADATA_KEY, head);
            ObjectNode entry = entries.addObject();
            entry.put("aggregateIdentifier", ACC);
            entry.put("sequenceNumber", sequence);
            entry.put("eventIdentifier", "fixture-event-" + sequence);
            entry.put("timeStamp", event.occurredAt().toString());
            entry.put("payloadType", event.getClass().getName());
            entry.put("payloadRevision", revision);
            entry.put("payload", json.writeValueAsString(payload));
            entry.put("metaData", json.writeValueAsString(metaData));
        }
        Files.writeString(Path.of(args[0]), json.writerWithDefaultPrettyPrinter().writeValueAsString(entries) + "\n");
    }
}
