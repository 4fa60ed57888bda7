package org.loanledger.query.release;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.loanledger.query.explanation.AccountTimeline;
import org.loanledger.query.explanation.RecordedEvent;
import org.loanledger.shared.account.AccountEvent;
import org.loanledger.shared.json.LedgerJson;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.loanledger.support.eventstore.LedgerUpcasters;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code ./ledger verify-replay}: before a release goes live, replays every account in a copy of the store through
 * the current code and compares each account's states and restriction explanations with the digests the previous
 * release recorded ({@code --record} writes them). It reports the accounts checked, those that would change, and for
 * each the first event where it diverges, and exits 1 when anything differs that the allow-list does not name.
 *
 * <pre>
 * verify-replay --data-dir DIR [--digests FILE] [--allow FILE] [--record]
 * verify-replay --postgres-url JDBC_URL --digests FILE [--allow FILE] [--record]
 * </pre>
 * The digests default to {@code DIR/replay-digests.json}; the allow-list is one account id per line, for changes a
 * release makes on purpose.
 */
public final class VerifyReplay {

    private final ObjectMapper json = LedgerJson.storageMapper();

    public static void main(String[] args) throws Exception {
        // A command-line report: the libraries' start-up chatter would drown it.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        System.exit(new VerifyReplay().run(args, System.out));
    }

    /** Runs the check; returns the process exit code (0 nothing unexpected, 1 differences, 2 bad usage). */
    public int run(String[] args, PrintStream out) throws Exception {
        Path dataDir = null;
        String postgresUrl = null;
        Path digests = null;
        Path allow = null;
        boolean record = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--postgres-url" -> postgresUrl = args[++i];
                case "--digests" -> digests = Path.of(args[++i]);
                case "--allow" -> allow = Path.of(args[++i]);
                case "--record" -> record = true;
                default -> {
                    out.println("verify-replay: unknown argument " + args[i]);
                    return 2;
                }
            }
        }
        if ((dataDir == null) == (postgresUrl == null) || (postgresUrl != null && digests == null)) {
            out.println("usage: verify-replay --data-dir DIR [--digests FILE] [--allow FILE] [--record]");
            out.println("       verify-replay --postgres-url JDBC_URL --digests FILE [--allow FILE] [--record]"
                    + "   (user and password from LEDGER_POSTGRES_USER, LEDGER_POSTGRES_PASSWORD)");
            return 2;
        }
        if (digests == null) {
            digests = dataDir.resolve("replay-digests.json");
        }
        DataSource dataSource = dataDir != null ? EmbeddedEventStoreFiles.dataSource(dataDir.toString(), 2)
                : postgres(postgresUrl);
        try {
            Map<String, ReplayDigest> current = replayAll(dataSource);
            if (record) {
                Files.writeString(digests, json.writeValueAsString(current));
                out.println("verify-replay: recorded " + current.size() + " accounts in " + digests);
                return 0;
            }
            if (!Files.exists(digests)) {
                out.println("verify-replay: no recorded digests at " + digests + "; record them with the previous release first");
                return 2;
            }
            Map<String, ReplayDigest> recorded = json.readValue(Files.readString(digests), new TypeReference<TreeMap<String, ReplayDigest>>() {
            });
            Set<String> allowed = allow == null ? Set.of() : new LinkedHashSet<>(Files.readAllLines(allow).stream()
                    .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
            return report(current, recorded, allowed, out);
        } finally {
            if (dataSource instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    /** The postgres profile's event store, read-only in spirit: the check only reads. */
    private static DataSource postgres(String url) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("verify-replay");
        config.setJdbcUrl(url);
        config.setUsername(System.getenv().getOrDefault("LEDGER_POSTGRES_USER", "ledger"));
        config.setPassword(System.getenv().getOrDefault("LEDGER_POSTGRES_PASSWORD", ""));
        config.setMaximumPoolSize(2);
        config.setReadOnly(true);
        return new HikariDataSource(config);
    }

    /** Compares and prints; returns 1 if an account differs without being allowed to. */
    int report(Map<String, ReplayDigest> current, Map<String, ReplayDigest> recorded, Set<String> allowed, PrintStream out) {
        List<ReplayDigest.Divergence> divergences = new ArrayList<>();
        for (ReplayDigest now : current.values()) {
            ReplayDigest before = recorded.get(now.accountId());
            if (before != null) {
                ReplayDigest.Divergence divergence = now.divergenceFrom(before);
                if (divergence != null) {
                    divergences.add(divergence);
                }
            }
        }
        long missing = recorded.keySet().stream().filter(id -> !current.containsKey(id)).count();
        out.println("verify-replay: " + current.size() + " accounts checked, " + divergences.size()
                + " would change, " + missing + " recorded accounts missing from the store");
        int unexpected = 0;
        for (ReplayDigest.Divergence d : divergences) {
            boolean ok = allowed.contains(d.accountId());
            unexpected += ok ? 0 : 1;
            out.println("  " + d.accountId() + ": " + d.what().toLowerCase() + " differs from event " + d.firstSequence()
                    + (ok ? " (allowed)" : ""));
        }
        return unexpected > 0 || missing > 0 ? 1 : 0;
    }

    Map<String, ReplayDigest> replayAll(DataSource dataSource) {
        Serializer serializer = JacksonSerializer.builder().objectMapper(LedgerJson.storageMapper()).build();
        ConnectionProvider connections = dataSource::getConnection;
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(connections)
                .transactionManager(NoTransactionManager.instance())
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .upcasterChain(LedgerUpcasters.chain())
                .build();
        List<String> accounts = new JdbcTemplate(dataSource).queryForList(
                "SELECT DISTINCT aggregateIdentifier FROM DomainEventEntry ORDER BY aggregateIdentifier", String.class);
        Map<String, ReplayDigest> digests = new TreeMap<>();
        for (String accountId : accounts) {
            DomainEventStream stream = engine.readEvents(accountId, 0);
            List<RecordedEvent> events = new ArrayList<>();
            while (stream.hasNext()) {
                DomainEventMessage<?> message = stream.next();
                if (message.getPayload() instanceof AccountEvent event) {
                    events.add(new RecordedEvent(message.getSequenceNumber(), event, message.getMetaData()));
                }
            }
            digests.put(accountId, ReplayDigest.of(AccountTimeline.of(accountId, events)));
        }
        return digests;
    }
}
