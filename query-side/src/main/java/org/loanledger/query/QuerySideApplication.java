package org.loanledger.query;

import java.time.Clock;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class QuerySideApplication {

    public static void main(String[] args) {
        // Before anything loads H2, which reads the setting once (EmbeddedEventStoreFiles explains why).
        EmbeddedEventStoreFiles.limitRemoteFetchSize();
        SpringApplication.run(QuerySideApplication.class, args);
    }

    /** Where answers that depend on "now" (an appeal being overdue) read it, so a test can fix it. */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
