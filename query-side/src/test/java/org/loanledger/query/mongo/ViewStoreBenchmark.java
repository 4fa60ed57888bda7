package org.loanledger.query.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loanledger.query.support.ProcessCpu;

/**
 * What the embedded view store costs per document written, the way the views write: history entries inserted 500 at
 * a time, and account documents replaced by {@code _id} 250 at a time, once in a collection with only the
 * {@code _id} index (account-limits, portfolio) and once beside two non-unique indexes (restricted-accounts). Each
 * on the stock H2 backend and on the view store's ({@link ViewStoreBackend}), in one JVM: memory allocated per
 * document by every thread (client and server), and CPU per document of the process, median of the measured rounds.
 *
 * <p>Not part of the normal test run (the name does not end in Test); {@code ./ledger bench-view-store}, and record
 * the printed table in query-side/BENCHMARKS.md.
 */
class ViewStoreBenchmark {

    private static final int BATCHES_PER_ROUND = 40;
    /** The accounts the replacements write in turn. */
    private static final int ACCOUNTS = 10_000;
    private static final int WARM_UP_ROUNDS = Integer.getInteger("benchmark.warmUpRounds", 6);
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 9);

    @TempDir
    Path dir;

    private record Result(double kilobytesPerDocument, double cpuMicrosPerDocument) {
    }

    private enum Workload { HISTORY_INSERTS, REPLACEMENTS, REPLACEMENTS_BESIDE_NON_UNIQUE_INDEXES }

    @Test
    void allocationAndCpuPerDocumentWritten() throws Exception {
        StringBuilder report = new StringBuilder("View store benchmark, ").append(Instant.now()).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cpus, ").append(WARM_UP_ROUNDS)
                .append(" rounds of warm-up, median of ").append(ROUNDS).append(" rounds of ")
                .append(BATCHES_PER_ROUND).append(" batches\n\n")
                .append("| writes | stock H2 backend: KB allocated, CPU µs per document | view store's backend |\n")
                .append("|---|---|---|\n");
        for (Workload workload : Workload.values()) {
            Result stock = measure(workload, file -> new H2Backend(file), "stock");
            Result views = measure(workload, file -> new ViewStoreBackend(file), "views");
            report.append(String.format("| %s | %.1f KB, %.1f µs | %.1f KB, %.1f µs |%n",
                    workload.name().toLowerCase().replace('_', ' '), stock.kilobytesPerDocument(),
                    stock.cpuMicrosPerDocument(), views.kilobytesPerDocument(), views.cpuMicrosPerDocument()));
        }
        Path out = Path.of("target", "view-store-benchmark.md");
        Files.writeString(out, report);
        System.out.println(report);
    }

    private Result measure(Workload workload, Function<String, H2Backend> backends, String name) {
        H2Backend backend = backends.apply(dir.resolve(name + "-" + workload + ".mv").toString());
        MongoServer server = new MongoServer(backend);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> collection = client.getDatabase("views").getCollection("documents");
            if (workload == Workload.REPLACEMENTS_BESIDE_NON_UNIQUE_INDEXES) {
                collection.createIndex(Indexes.ascending("status", "_id"));
                collection.createIndex(Indexes.ascending("reasonCodes", "_id"));
            }
            double[] kilobytes = new double[ROUNDS];
            double[] micros = new double[ROUNDS];
            long next = 0;
            for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
                long allocatedBefore = allocated();
                long cpuBefore = ProcessCpu.nanos();
                int documents = 0;
                for (int batch = 0; batch < BATCHES_PER_ROUND; batch++) {
                    int written = workload == Workload.HISTORY_INSERTS
                            ? insertHistory(collection, next) : replaceAccounts(collection, next);
                    next += written;
                    documents += written;
                }
                if (round >= WARM_UP_ROUNDS) {
                    kilobytes[round - WARM_UP_ROUNDS] = (allocated() - allocatedBefore) / 1024.0 / documents;
                    micros[round - WARM_UP_ROUNDS] = (ProcessCpu.nanos() - cpuBefore) / 1e3 / documents;
                }
            }
            long expected = workload == Workload.HISTORY_INSERTS ? next : Math.min(next, ACCOUNTS);
            assertThat(collection.countDocuments()).isEqualTo(expected);
            return new Result(median(kilobytes), median(micros));
        } finally {
            server.shutdownNow();
            backend.close();
        }
    }

    /** 500 entries of accounts of ten events, as account-history inserts them. */
    private static int insertHistory(MongoCollection<Document> collection, long first) {
        List<Document> entries = new ArrayList<>(500);
        for (long n = first; n < first + 500; n++) {
            String account = "acc-" + n / 10;
            entries.add(new Document("_id", account + "/" + n % 10).append("accountId", account)
                    .append("sequence", n % 10).append("type", "FundsBorrowed").append("at", "2026-01-01T00:00:00Z")
                    .append("actor", "lender").append("summary", "borrowed 10.00 for 30 days")
                    .append("fields", new Document("accountId", account).append("drawdownId", "d-" + n)
                            .append("amount", "10.00").append("termDays", 30)
                            .append("occurredAt", "2026-01-01T00:00:00Z").append("actor", "lender")));
        }
        collection.insertMany(entries, new InsertManyOptions().ordered(false));
        return entries.size();
    }

    /** 250 accounts replaced by id, in turn over 10,000, as the per-account views write them. */
    private static int replaceAccounts(MongoCollection<Document> collection, long first) {
        List<WriteModel<Document>> writes = new ArrayList<>(250);
        for (long n = first; n < first + 250; n++) {
            String account = "acc-" + n % ACCOUNTS;
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", account), new Document("_id", account)
                    .append("status", n % 3 == 0 ? "FROZEN" : "ACTIVE").append("reasonCodes", List.of("RISK_RULE"))
                    .append("version", n).append("state", "{\"accountId\":\"" + account
                            + "\",\"status\":\"ACTIVE\",\"creditLimit\":\"5000.00\",\"outstanding\":\"" + n + ".00\"}"),
                    new ReplaceOptions().upsert(true)));
        }
        collection.bulkWrite(writes);
        return writes.size();
    }

    /** Bytes allocated so far by every live thread of this JVM (the client's and the embedded server's). */
    private static long allocated() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.getThreadAllocatedBytes(threads.getAllThreadIds())).filter(b -> b > 0).sum();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
