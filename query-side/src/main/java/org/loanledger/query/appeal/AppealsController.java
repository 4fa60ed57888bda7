package org.loanledger.query.appeal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.loanledger.query.appeal.AppealsStore.QueuedAppeal;
import org.loanledger.query.web.PageRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code GET /api/appeals?status=&overdue=&page=&size=}: the appeals queue, the earliest deadline first. */
@RestController
@RequestMapping(path = "/api/appeals", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
public class AppealsController {

    private final AppealsStore store;
    private final Clock clock;

    public AppealsController(AppealsStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** One appeal in the queue; {@code overdue} is judged at the page's {@code asOf}. */
    public record AppealItem(String accountId, String appealId, long restrictionSequence, AppealStatus status,
                             Instant filedAt, Instant dueBy, boolean overdue, Instant decidedAt, String decidedBy,
                             String decisionNote,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Boolean decisionNoteErased) {

        static AppealItem of(QueuedAppeal appeal, Instant now) {
            return new AppealItem(appeal.accountId(), appeal.appealId(), appeal.restrictionSequence(), appeal.status(),
                    appeal.filedAt(), appeal.dueBy(), appeal.overdueAt(now), appeal.decidedAt(), appeal.decidedBy(),
                    appeal.decisionNote(), appeal.decisionNoteErased());
        }
    }

    /** @param asOf the instant "overdue" was judged at */
    public record AppealPage(List<AppealItem> items, int page, int size, long total, Instant asOf) {
    }

    @GetMapping
    public Mono<AppealPage> list(@RequestParam(required = false) AppealStatus status,
                                 @RequestParam(required = false) Boolean overdue,
                                 @RequestParam(required = false) Integer page,
                                 @RequestParam(required = false) Integer size) {
        PageRequest asked = PageRequest.of(page, size);
        int pageNumber = asked.page();
        int pageSize = asked.size();
        return Mono.fromCallable(() -> {
            // One instant for the filter and every item's flag, so a page never contradicts itself.
            Instant now = clock.instant();
            var found = store.find(status, overdue, now, pageNumber, pageSize);
            return new AppealPage(found.appeals().stream().map(a -> AppealItem.of(a, now)).toList(), pageNumber,
                    pageSize, found.total(), now);
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
