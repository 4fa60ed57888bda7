package org.loanledger.command.erasure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.loanledger.shared.account.AccountOpened;
import org.loanledger.shared.json.LedgerJson;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds a customer's accounts from their openings in the embedded event store. It reads every opening: erasure is
 * rare and done by ops, and reading the events themselves needs no index that could miss an account.
 */
@Component
@ConditionalOnProperty(name = "ledger.event-store", havingValue = "embedded", matchIfMissing = true)
public class EmbeddedCustomerAccounts implements CustomerAccounts {

    private static final ObjectMapper JSON = LedgerJson.storageMapper();

    private final JdbcTemplate jdbc;

    public EmbeddedCustomerAccounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<String> of(String customerId) {
        List<String> accounts = new ArrayList<>();
        jdbc.query("SELECT aggregateIdentifier, payload FROM DomainEventEntry WHERE payloadType = ? ORDER BY globalIndex",
                rs -> {
                    JsonNode opened = read(rs.getBytes(2));
                    if (customerId.equals(opened.path("customerId").asText(null))) {
                        accounts.add(rs.getString(1));
                    }
                }, AccountOpened.class.getName());
        return accounts;
    }

    private static JsonNode read(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new UncheckedIOException("an account opening could not be read", e);
        }
    }
}
