package org.loanledger.query.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.json.LedgerJson;

/**
 * The fold's state as views keep it: the ledger's storage JSON in a string field, so amounts stay exact (BSON
 * would turn plain JSON decimals into doubles) and the next event can be folded onto it.
 */
public final class AccountStateJson {

    private static final ObjectMapper MAPPER = LedgerJson.storageMapper();

    private AccountStateJson() {
    }

    public static String write(AccountState state) {
        try {
            return MAPPER.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the state of account " + state.accountId(), e);
        }
    }

    public static AccountState read(String json) {
        try {
            return MAPPER.readValue(json, AccountState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored account state is not readable", e);
        }
    }
}
