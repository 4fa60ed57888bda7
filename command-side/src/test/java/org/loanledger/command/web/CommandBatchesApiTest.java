package org.loanledger.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.loanledger.command.account.AccountCommandBatches;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The running command side decides account commands in batches: every command of the API goes through them, and
 * each one's events are stored with its answer.
 */
@RunningCommandSide
class CommandBatchesApiTest {

    private static final Path DATA_DIR = LedgerDataDirs.fresh(CommandBatchesApiTest.class);

    private static final int ACCOUNTS = 30;

    @DynamicPropertySource
    static void ledger(DynamicPropertyRegistry registry) {
        registry.add("ledger.data-dir", DATA_DIR::toString);
    }

    @Autowired
    private WebTestClient client;

    @Autowired
    private DataSource eventStore;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private AccountCommandBatches batches;

    @Test
    void everyAccountCommandOfTheApiIsDecidedInABatchAndStoredWithItsAnswer() throws Exception {
        CommandApi api = new CommandApi(client, eventStore);
        DistributionSummary sizes = meters.get("ledger.command.batch.size").summary();
        double decidedBefore = sizes.totalAmount();
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(CommandApi.newAccountId());
        }

        ExecutorService clients = Executors.newFixedThreadPool(10);
        try {
            List<Future<JsonNode>> borrowings = new ArrayList<>();
            for (String account : accounts) {
                borrowings.add(clients.submit(() -> {
                    api.open(account, "1000.00");
                    return api.borrow(account, "25.00");
                }));
            }
            for (Future<JsonNode> borrowing : borrowings) {
                JsonNode view = borrowing.get(60, TimeUnit.SECONDS);
                assertThat(view.path("version").asLong()).as("the borrowing's sequence").isEqualTo(1);
                assertThat(CommandApi.amount(view, "outstanding")).isEqualTo("25.00");
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(sizes.totalAmount() - decidedBefore).as("commands decided in batches")
                .isEqualTo(2.0 * ACCOUNTS);
        JdbcTemplate jdbc = new JdbcTemplate(eventStore);
        for (String account : accounts) {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM DomainEventEntry WHERE aggregateIdentifier = ?",
                    Long.class, account)).as("events stored for %s", account).isEqualTo(2);
        }
        assertThat(batches.isRunning()).isTrue();
    }

    @Test
    void theAxonServerProfileDecidesEachCommandOnItsOwn() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application-axonserver.yml"));
        Properties profile = yaml.getObject();

        assertThat(profile).containsEntry("ledger.command.batch.enabled", false);
    }
}
