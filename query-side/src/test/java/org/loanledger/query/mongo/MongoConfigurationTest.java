package org.loanledger.query.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MongoConfigurationTest {

    private static final String URI = "mongodb://localhost:27017";

    @Test
    void everyReadAndWriteIsBoundedBySocketTimeout() {
        MongoClientSettings settings = MongoConfiguration.clientSettings(URI, "acknowledged", Duration.ofSeconds(10),
                Duration.ofSeconds(60));

        assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.SECONDS)).isEqualTo(60);
        assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.SECONDS)).isEqualTo(5);
        assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.SECONDS)).isEqualTo(10);
    }

    @Test
    void productionWritesWaitForAJournaledMajority() {
        MongoClientSettings settings = MongoConfiguration.clientSettings(URI, "majority", Duration.ofSeconds(10),
                Duration.ofSeconds(60));

        assertThat(settings.getWriteConcern()).isEqualTo(WriteConcern.MAJORITY.withJournal(true));
    }

    @Test
    void anUnknownWriteConcernStopsTheService() {
        assertThatThrownBy(() -> MongoConfiguration.clientSettings(URI, "fire-and-forget", Duration.ofSeconds(10),
                Duration.ofSeconds(60))).isInstanceOf(IllegalStateException.class).hasMessageContaining("write-concern");
    }

    @Test
    void aTokenWriteIntervalThatCouldLetClaimsLapseStopsTheService() {
        MongoConfiguration configuration = new MongoConfiguration();

        assertThatThrownBy(() -> configuration.tokenStore(null, null, null, null, null, Duration.ofSeconds(10),
                Duration.ofMillis(2_001))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("token-write-interval");
    }
}
