package org.loanledger.support.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.function.Function;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.loanledger.shared.account.AccountClosed;
import org.loanledger.shared.account.AccountFrozen;
import org.loanledger.shared.account.AccountUnfrozen;
import org.loanledger.shared.account.AppealDecided;
import org.loanledger.shared.account.AppealFiled;
import org.loanledger.shared.account.CreditLimitChanged;

/**
 * Reads the events with free text (notes, appeal statements) of revision 1 as revision 2. Revision 2 stores
 * personal text sealed, as an object; revision 1 wrote it as a plain string, which revision 2 reads as text in
 * clear, so the payload is taken as it is. The revision tells an operator which stored events may still hold
 * personal text in clear: those of revision 1, which an erasure cannot reach.
 */
public class PersonalTextRevision1Upcaster extends SingleEventUpcaster {

    private static final Set<String> TYPES = Set.of(AccountFrozen.class.getName(), AccountUnfrozen.class.getName(),
            CreditLimitChanged.class.getName(), AccountClosed.class.getName(), AppealFiled.class.getName(),
            AppealDecided.class.getName());

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return "1".equals(representation.getType().getRevision()) && TYPES.contains(representation.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(new SimpleSerializedType(representation.getType().getName(), "2"),
                JsonNode.class, Function.identity());
    }
}
