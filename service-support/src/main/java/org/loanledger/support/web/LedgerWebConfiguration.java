package org.loanledger.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The HTTP edge both services share: problem bodies for every failure, the body limit, strict JSON and parameters. */
@AutoConfiguration
@Import({StrictJsonConfiguration.class, StrictParameterConfiguration.class})
public class LedgerWebConfiguration {

    @Bean
    public ProblemHandler ledgerProblemHandler() {
        return new ProblemHandler();
    }

    @Bean
    public BodySizeLimitFilter bodySizeLimitFilter(ObjectMapper objectMapper) {
        return new BodySizeLimitFilter(objectMapper);
    }
}
