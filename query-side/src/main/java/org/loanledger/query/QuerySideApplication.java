package org.loanledger.query;

import java.time.Clock;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.loanledger.support.eventstore.H2Shutdown;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
public class QuerySideApplication {

    public static void main(String[] args) {
        // Before anything loads H2, which reads the setting once (EmbeddedEventStoreFiles explains why).
        EmbeddedEventStoreFiles.limitRemoteFetchSize();
        SpringApplication.run(QuerySideApplication.class, args);
        // H2 then closes its files after the application has stopped, not while it stops (H2Shutdown explains).
        H2Shutdown.afterApplication();
    }

    /** Where answers that depend on "now" (an appeal being overdue) read it, so a test can fix it. */
    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }
}
