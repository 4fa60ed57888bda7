package org.loanledger.command;

import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.loanledger.support.eventstore.H2Shutdown;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class CommandSideApplication {

    public static void main(String[] args) {
        // Before anything loads H2, which reads the setting once (EmbeddedEventStoreFiles explains why).
        EmbeddedEventStoreFiles.limitRemoteFetchSize();
        SpringApplication.run(CommandSideApplication.class, args);
        // H2 then closes its files after the application has stopped, not while it stops (H2Shutdown explains).
        H2Shutdown.afterApplication();
    }
}
