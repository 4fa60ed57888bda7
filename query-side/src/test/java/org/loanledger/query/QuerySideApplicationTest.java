package org.loanledger.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.axonframework.messaging.timeout.HandlerTimeoutHandlerEnhancerDefinition;
import org.junit.jupiter.api.Test;
import org.loanledger.support.eventstore.H2StoreCompactor;
import org.loanledger.query.support.QuerySideTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.server.ObservationWebFilterChainDecorator;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuerySideApplicationTest {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        QuerySideTest.freshDataDir(registry);
    }

    @Autowired
    WebTestClient client;

    @Autowired
    ApplicationContext context;

    @Autowired
    ObservationRegistry observations;

    @Test
    void answersHealth() {
        client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void projectionsRunWithoutAxonsHandlerTimeouts() {
        // They walk the thread's stack for every event handled; MongoDB's socket timeout bounds the projections.
        assertThat(context.getBeanNamesForType(HandlerTimeoutHandlerEnhancerDefinition.class)).isEmpty();
    }

    @Test
    void theEventStoreFileIsKeptCompactWhenThisSideServesIt() {
        // After the command side stopped or failed, the query side serves the file, and commands are written through it.
        assertThat(context.getBeanNamesForType(H2StoreCompactor.class)).hasSize(1);
    }

    @Test
    void requestsAreObservedButSecurityFiltersAreNot() {
        assertThat(Observation.start("http.server.requests", observations).isNoop()).isFalse();
        assertThat(Observation.start("spring.security.filterchains", observations).isNoop()).isTrue();
    }

    @Test
    void theSecurityFiltersAreNotWrappedToBeObserved() {
        // Observations that are no-ops still cost every filter of every request a wrapper to start and stop them.
        assertThat(ReflectionTestUtils.getField(context.getBean(WebFilterChainProxy.class), "filterChainDecorator"))
                .isNotInstanceOf(ObservationWebFilterChainDecorator.class);
    }
}
