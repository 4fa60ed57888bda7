package org.loanledger.support.personal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.loanledger.shared.personal.PersonalKeys;
import org.loanledger.shared.personal.PersonalTextCipher;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Customers' keys in a table ({@code db/h2-personal-keys.sql}). Nothing is cached: both services read the same
 * table, and a key the query side kept in memory would keep showing text its customer had erased.
 */
public class JdbcPersonalKeys implements PersonalKeys, AutoCloseable {

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public JdbcPersonalKeys(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** Closes the pool when the key store owns one. */
    @Override
    public void close() throws Exception {
        if (dataSource instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Override
    public Key current(String subject) {
        Optional<Key> existing = first(subject);
        if (existing.isPresent()) {
            return existing.get();
        }
        SecretKey secret = PersonalTextCipher.newKey();
        String id = UUID.randomUUID().toString();
        jdbc.update("INSERT INTO PersonalDataKey (keyId, subject, secret, createdAt) VALUES (?, ?, ?, ?)",
                id, subject, secret.getEncoded(), OffsetDateTime.now(ZoneOffset.UTC));
        // Two writers may create a first key for one customer at once; both keys are valid and both are erased
        // together, but every writer then seals with the oldest so that the table stops growing.
        return first(subject).orElseThrow(() -> new IllegalStateException("a key just written is missing"));
    }

    @Override
    public Optional<SecretKey> find(String keyId) {
        List<byte[]> secrets = jdbc.query("SELECT secret FROM PersonalDataKey WHERE keyId = ?",
                (rs, row) -> rs.getBytes(1), keyId);
        return secrets.stream().findFirst().map(bytes -> new SecretKeySpec(bytes, "AES"));
    }

    @Override
    public int erase(String subject) {
        return jdbc.update("DELETE FROM PersonalDataKey WHERE subject = ?", subject);
    }

    private Optional<Key> first(String subject) {
        return jdbc.query("SELECT keyId, secret FROM PersonalDataKey WHERE subject = ? ORDER BY createdAt, keyId LIMIT 1",
                (rs, row) -> new Key(rs.getString(1), new SecretKeySpec(rs.getBytes(2), "AES")), subject)
                .stream().findFirst();
    }
}
