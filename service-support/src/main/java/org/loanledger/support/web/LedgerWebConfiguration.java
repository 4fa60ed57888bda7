package org.loanledger.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The HTTP edge both services share: problem bodies for every failure (requests Netty could not read included), the
 * body limit, strict JSON and parameters.
 */
@AutoConfiguration
@Import({StrictJsonConfiguration.class, StrictParameterConfiguration.class})
public class LedgerWebConfiguration {

    @Bean
    public ProblemHandler ledgerProblemHandler() {
        return new ProblemHandler();
    }

    /** A request Netty could not read as HTTP is answered with a problem too ({@link MalformedRequestProblems}). */
    @Bean
    public NettyServerCustomizer malformedRequestProblems(ObjectMapper objectMapper) {
        return MalformedRequestProblems.customizer(objectMapper);
    }

    @Bean
    public BodySizeLimitFilter bodySizeLimitFilter(ObjectMapper objectMapper) {
        return new BodySizeLimitFilter(objectMapper);
    }
}
