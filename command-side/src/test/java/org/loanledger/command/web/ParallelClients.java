package org.loanledger.command.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.loanledger.command.web.CommandApi.Reply;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * Many clients at once over real connections, one thread each: a wave of requests is released together once every
 * client is ready, so the requests overlap on the server instead of arriving one after another.
 */
final class ParallelClients implements AutoCloseable {

    /** Bounds every wait, so a deadlock fails the test instead of hanging the build. */
    static final Duration BOUND = Duration.ofSeconds(60);

    static final String LENDER = "Bearer lender-dev-token";
    static final String OPS = OpsCredentials.AUTHORIZATION;

    private final int port;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    ParallelClients(int port) {
        this.port = port;
    }

    HttpRequest request(String method, String path, String authorization, String key, String json) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(BOUND)
                .header(HttpHeaders.AUTHORIZATION, authorization)
                .header(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                .header(IdempotencyKeys.HEADER, key)
                .method(method, HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** Starts every request on its own thread, all released at once when all are ready; the answers follow. */
    List<Future<Reply>> release(List<HttpRequest> requests) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(requests.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> replies = new ArrayList<>();
        for (HttpRequest request : requests) {
            replies.add(threads.submit(() -> {
                ready.countDown();
                if (!go.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the wave was never released");
                }
                return send(request);
            }));
        }
        if (!ready.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("not every client got ready");
        }
        go.countDown();
        return replies;
    }

    static List<Reply> answers(List<Future<Reply>> replies)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<Reply> answered = new ArrayList<>();
        for (Future<Reply> reply : replies) {
            answered.add(reply.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        }
        return answered;
    }

    Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        HttpHeaders headers = new HttpHeaders();
        response.headers().map().forEach(headers::addAll);
        return Reply.of(response.statusCode(), headers, response.body());
    }

    @Override
    public void close() throws InterruptedException {
        threads.shutdownNow();
        if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("client threads did not stop");
        }
    }
}
