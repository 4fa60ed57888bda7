package org.loanledger.query.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.loanledger.query.QuerySideApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The query side started in this JVM as its own application on a random port and a given data directory, so a
 * test can stop it and start a new one on the same data, as a restart of the service would.
 */
public final class QuerySideInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;
    private final WebTestClient client;

    private QuerySideInstance(ConfigurableApplicationContext context) {
        this.context = context;
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        this.client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(60))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(64 * 1024 * 1024))
                .build();
    }

    public static QuerySideInstance start(Path dataDir, String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0",
                "--ledger.data-dir=" + dataDir.toAbsolutePath()));
        arguments.addAll(List.of(extraArguments));
        return new QuerySideInstance(new SpringApplicationBuilder(QuerySideApplication.class)
                .run(arguments.toArray(String[]::new)));
    }

    /** A client presenting {@code authorization} (e.g. {@link Callers#OPS}) on every request. */
    public WebTestClient as(String authorization) {
        return client.mutate().defaultHeader(HttpHeaders.AUTHORIZATION, authorization).build();
    }

    /** A client with no credentials. */
    public WebTestClient anonymous() {
        return client;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
