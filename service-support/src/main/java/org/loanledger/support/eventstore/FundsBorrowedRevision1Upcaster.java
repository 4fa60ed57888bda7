package org.loanledger.support.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.loanledger.shared.account.FundsBorrowed;

/**
 * Reads a {@code FundsBorrowed} of revision 1 as revision 2: revision 2 added {@code channel}, which revision 1 did
 * not record, so it is read as null ("not recorded"), never guessed. Events are kept forever; this is how an event
 * written by an older release stays readable by every later one.
 */
public class FundsBorrowedRevision1Upcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(FundsBorrowed.class.getName(), "1");
    private static final SimpleSerializedType REVISION_2 = new SimpleSerializedType(FundsBorrowed.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ((ObjectNode) payload).putNull("channel");
            return payload;
        });
    }
}
