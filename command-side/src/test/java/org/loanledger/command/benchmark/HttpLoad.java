package org.loanledger.command.benchmark;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The load generator: asynchronous HTTP/1.1 over Reactor Netty with a bounded pool of kept-alive connections, so a
 * few client threads can keep many requests in flight without taking the cores the services need.
 */
final class HttpLoad implements AutoCloseable {

    /**
     * One request: GET when {@code body} is null, else a JSON POST with its idempotency key; {@code onSuccess}
     * (may be null) runs when it is answered with a 2xx.
     */
    record Call(String path, String body, String token, String key, Runnable onSuccess) {

        static Call get(String path, String token) {
            return new Call(path, null, token, null, null);
        }

        void succeeded() {
            if (onSuccess != null) {
                onSuccess.run();
            }
        }
    }

    record Response(int status, String body) {

        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** What a load run saw: successful calls, their latencies, and every status that was not a success. */
    record Result(long ok, long failed, double seconds, long[] sortedLatencyNanos, Map<String, Long> failures) {

        double perSecond() {
            return ok / seconds;
        }

        double percentileMillis(double p) {
            if (sortedLatencyNanos.length == 0) {
                return Double.NaN;
            }
            int rank = (int) Math.ceil(p * sortedLatencyNanos.length) - 1;
            return sortedLatencyNanos[Math.max(0, Math.min(rank, sortedLatencyNanos.length - 1))] / 1e6;
        }
    }

    /** Collects latencies of successful calls and counts failures by status or exception. */
    static final class Recorder {

        private long[] latencies = new long[1 << 16];
        private int size;
        private long failed;
        private final Map<String, Long> failures = new TreeMap<>();

        synchronized void ok(long latencyNanos) {
            if (size == latencies.length) {
                latencies = Arrays.copyOf(latencies, size * 2);
            }
            latencies[size++] = latencyNanos;
        }

        synchronized void failed(String why) {
            failed++;
            failures.merge(why, 1L, Long::sum);
        }

        synchronized long failedSoFar() {
            return failed;
        }

        synchronized Result result(double seconds) {
            long[] sorted = Arrays.copyOf(latencies, size);
            Arrays.sort(sorted);
            return new Result(size, failed, seconds, sorted, new TreeMap<>(failures));
        }
    }

    private final LoopResources loops = LoopResources.create("bench-http", 2, true);

    /** A client of {@code base} with at most {@code connections} connections; callers beyond wait for one. */
    HttpClient client(String base, int connections) {
        ConnectionProvider pool = ConnectionProvider.builder("bench-" + connections)
                .maxConnections(connections)
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(Duration.ofMinutes(5))
                .build();
        return HttpClient.create(pool).runOn(loops).baseUrl(base).responseTimeout(Duration.ofSeconds(60));
    }

    static Mono<Response> send(HttpClient client, Call call) {
        HttpClient withHeaders = client.headers(headers -> {
            if (call.token() != null) {
                headers.set(HttpHeaderNames.AUTHORIZATION, call.token());
            }
            if (call.body() != null) {
                headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                headers.set("Idempotency-Key", call.key());
            }
        });
        HttpClient.ResponseReceiver<?> request = call.body() == null
                ? withHeaders.get().uri(call.path())
                : withHeaders.post().uri(call.path()).send(ByteBufFlux.fromString(Mono.just(call.body())));
        return request.responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                .map(text -> new Response(response.status().code(), text)));
    }

    /**
     * Closed loop: {@code connections} callers, each sending its next request as soon as its previous one is
     * answered, until the time is up or {@code source} returns null. Throughput is successful calls over the time
     * until the last answer.
     */
    Result closedLoop(HttpClient client, Supplier<Call> source, int connections, Duration duration)
            throws InterruptedException {
        Recorder recorder = new Recorder();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(connections);
        for (int i = 0; i < connections; i++) {
            callNext(client, source, end, recorder, done);
        }
        if (!done.await(duration.toSeconds() + 300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("closed loop did not end");
        }
        return recorder.result((System.nanoTime() - start) / 1e9);
    }

    private void callNext(HttpClient client, Supplier<Call> source, long end, Recorder recorder, CountDownLatch done) {
        Call call = System.nanoTime() < end && recorder.failedSoFar() < 100_000 ? source.get() : null;
        if (call == null) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        send(client, call).subscribe(response -> {
            if (response.ok()) {
                recorder.ok(System.nanoTime() - sent);
                call.succeeded();
            } else {
                recorder.failed("HTTP " + response.status() + " " + code(response.body()));
            }
        }, error -> {
            recorder.failed(error.getClass().getSimpleName());
            callNext(client, source, end, recorder, done);
        }, () -> callNext(client, source, end, recorder, done));
    }

    /**
     * Open loop: one request every {@code 1/rate} seconds whatever the answers do. Latency runs from the instant a
     * request was due to be sent, not from when it was sent, so a stall of the service or of this generator counts
     * against every request that should have gone out during it (no coordinated omission).
     */
    Result openLoop(HttpClient client, Supplier<Call> source, double rate, Duration duration,
                    BiConsumer<Call, Response> onSuccess) throws InterruptedException {
        Recorder recorder = new Recorder();
        int count = (int) Math.round(rate * duration.toNanos() / 1e9);
        double interval = 1e9 / rate;
        CountDownLatch answered = new CountDownLatch(count);
        long start = System.nanoTime() + 10_000_000;
        for (int i = 0; i < count; i++) {
            long due = start + (long) (i * interval);
            for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            Call call = source.get();
            send(client, call).subscribe(response -> {
                if (response.ok()) {
                    recorder.ok(System.nanoTime() - due);
                    call.succeeded();
                    onSuccess.accept(call, response);
                } else {
                    recorder.failed("HTTP " + response.status() + " " + code(response.body()));
                }
            }, error -> {
                recorder.failed(error.getClass().getSimpleName());
                answered.countDown();
            }, answered::countDown);
        }
        if (!answered.await(300, TimeUnit.SECONDS)) {
            throw new IllegalStateException("open loop: answers missing after 300 s");
        }
        return recorder.result((System.nanoTime() - start) / 1e9);
    }

    /** The problem's stable code, when the body is an RFC 9457 problem of the ledger. */
    static String code(String body) {
        int at = body.indexOf("\"code\":\"");
        if (at < 0) {
            return "";
        }
        int from = at + 8;
        int to = body.indexOf('"', from);
        return to < 0 ? "" : body.substring(from, to);
    }

    @Override
    public void close() {
        loops.disposeLater().block(Duration.ofSeconds(10));
    }
}
