package org.loanledger.query;

import org.junit.jupiter.api.Test;
import org.loanledger.query.support.QuerySideTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class QuerySideApplicationTest {

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        QuerySideTest.freshDataDir(registry);
    }

    @Autowired
    WebTestClient client;

    @Test
    void answersHealth() {
        client.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }
}
