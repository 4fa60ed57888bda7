package org.loanledger.shared.account;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A command the ledger refused, and why: the stable code, the account, and the values the decision was made on
 * (current values and the limit that was hit). A refused command records nothing.
 */
public class CommandRefusedException extends RuntimeException {

    private final RefusalCode code;
    private final String accountId;
    private final Map<String, String> values;

    public CommandRefusedException(RefusalCode code, String accountId, String message, Map<String, String> values) {
        super(message, null, false, false);
        this.code = code;
        this.accountId = accountId;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public CommandRefusedException(RefusalCode code, String accountId, String message) {
        this(code, accountId, message, Map.of());
    }

    public RefusalCode code() {
        return code;
    }

    public String accountId() {
        return accountId;
    }

    /** The values the refusal was decided on, in a stable order, as the API writes them. */
    public Map<String, String> values() {
        return values;
    }
}
