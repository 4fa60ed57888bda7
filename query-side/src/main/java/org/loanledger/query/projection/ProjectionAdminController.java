package org.loanledger.query.projection;

import java.util.List;
import java.util.Map;
import org.loanledger.query.web.QueryCodes;
import org.loanledger.query.web.QueryProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The admin API of the projections: status, rebuild, dead letters and their retry. */
@RestController
@RequestMapping(path = "/api/admin/projections", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
public class ProjectionAdminController {

    /** The most dead letters one listing returns. */
    public static final int MAX_DEAD_LETTERS = 500;

    private final ProjectionAdmin admin;

    public ProjectionAdminController(ProjectionAdmin admin) {
        this.admin = admin;
    }

    public record ProjectionList(List<ProjectionAdmin.ProjectionStatus> projections) {
    }

    public record RebuildStarted(String name, boolean rebuilding) {
    }

    public record DeadLetters(String name, List<ProjectionAdmin.DeadLetterView> items, long total) {
    }

    public record RetryResult(String name, int retriedSequences, long remaining) {
    }

    @GetMapping
    public Mono<ProjectionList> list() {
        return blocking(() -> new ProjectionList(admin.statuses()));
    }

    @PostMapping("/{name}/rebuild")
    public Mono<ResponseEntity<RebuildStarted>> rebuild(@PathVariable String name) {
        requireProjection(name);
        return blocking(() -> {
            admin.rebuild(name);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(new RebuildStarted(name, true));
        });
    }

    @GetMapping("/{name}/dead-letters")
    public Mono<DeadLetters> deadLetters(@PathVariable String name, @RequestParam(required = false) Integer limit) {
        requireProjection(name);
        int size = limit == null ? 100 : limit;
        if (size < 1 || size > MAX_DEAD_LETTERS) {
            throw QueryProblemException.invalid("limit must be between 1 and " + MAX_DEAD_LETTERS);
        }
        return blocking(() -> new DeadLetters(name, admin.deadLetters(name, size), admin.deadLetterCount(name)));
    }

    @PostMapping("/{name}/dead-letters/retry")
    public Mono<RetryResult> retry(@PathVariable String name) {
        requireProjection(name);
        return blocking(() -> {
            int retried = admin.retryDeadLetters(name);
            return new RetryResult(name, retried, admin.deadLetterCount(name));
        });
    }

    private void requireProjection(String name) {
        if (!admin.exists(name)) {
            throw new QueryProblemException(HttpStatus.NOT_FOUND, QueryCodes.PROJECTION_NOT_FOUND,
                    "no projection named " + name, Map.of("name", name));
        }
    }

    private static <T> Mono<T> blocking(java.util.concurrent.Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
