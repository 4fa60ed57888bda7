package org.loanledger.query.explanation;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loanledger.query.account.AccountQueryController;
import org.loanledger.query.history.EventFields;
import org.loanledger.query.history.EventSummaries;
import org.loanledger.query.web.QueryCodes;
import org.loanledger.query.web.QueryProblemException;
import org.loanledger.shared.account.AccountFold;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.personal.PersonalTextCipher;
import org.loanledger.shared.risk.RiskPolicies;
import org.loanledger.shared.risk.RiskPolicy;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Replay and explanation, straight from the event store: the account at any instant or sequence, why it could or
 * could not borrow then, every restriction episode, the hash chain's verdict, an audit export, and what another
 * risk policy would have decided. Every answer is built from recorded events alone, so it is the same on every call.
 */
@RestController
@RequestMapping(path = "/api/accounts/{accountId}", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
public class ReplayController {

    private final AccountTimelines timelines;
    private final RiskPolicies policies;
    private final ObjectMapper json;
    private final PersonalTextCipher cipher;

    public ReplayController(AccountTimelines timelines, RiskPolicies policies, ObjectMapper json,
                            PersonalTextCipher cipher) {
        this.timelines = timelines;
        this.policies = policies;
        this.json = json;
        this.cipher = cipher;
    }

    public record Restriction(String kind, String reasonCode, Instant since, long eventSequence) {
    }

    public record AsOf(Instant at, long sequence) {
    }

    /** The account view of API.md as it stood after event {@code asOf.sequence}. */
    public record StateAt(String accountId, String customerId, String currency, AccountStatus status,
                          String creditLimit, String outstanding, String available, long version,
                          Restriction restriction, AsOf asOf) {
    }

    public record Episodes(String accountId, List<RestrictionEpisodes.Episode> episodes) {
    }

    public record Integrity(String accountId, boolean verified, long events, String headHash, Long firstBrokenSequence) {
    }

    /** The account's figures right after one event, and that event: one mark of a timeline chart. */
    public record Point(long sequence, Instant at, String type, String summary, AccountStatus status,
                        String creditLimit, String outstanding, String available, Restriction restriction) {
    }

    /** @param next the {@code after} of the next page, or null when this page ends with the account's last event */
    public record Series(String accountId, String currency, List<Point> points, Long next) {
    }

    /** The most points one answer holds; a chart of a longer history asks page after page. */
    public static final int MAX_SERIES_LIMIT = 1000;

    @GetMapping("/state")
    public Mono<StateAt> state(@PathVariable String accountId, @RequestParam(required = false) Instant at,
                               @RequestParam(required = false) Long sequence) {
        if (at != null && sequence != null) {
            throw QueryProblemException.invalid("ask for the state at an instant or after a sequence, not both");
        }
        return timeline(accountId).map(timeline -> {
            int count;
            if (sequence != null) {
                if (sequence < 0 || sequence > timeline.lastSequence()) {
                    throw QueryProblemException.invalid("sequence must be between 0 and " + timeline.lastSequence());
                }
                count = (int) (sequence + 1);
            } else {
                count = at == null ? timeline.events().size() : timeline.countUpTo(at);
            }
            AccountState state = timeline.stateAfter(count);
            if (!state.opened()) {
                throw new QueryProblemException(HttpStatus.NOT_FOUND, QueryCodes.ACCOUNT_NOT_FOUND,
                        "account " + accountId + " did not exist yet at " + at, Map.of("accountId", accountId));
            }
            Instant asOfAt = at != null ? at : timeline.events().get(count - 1).event().occurredAt();
            Restriction restriction = state.restrictionInForce()
                    .map(r -> new Restriction(r.kind().name(), r.reasonCode().name(), r.since(), r.eventSequence()))
                    .orElse(null);
            return new StateAt(state.accountId(), state.customerId(), state.currency(), state.status(),
                    state.creditLimit().toPlainString(), state.outstanding().toPlainString(),
                    state.available().toPlainString(), state.version(), restriction, new AsOf(asOfAt, state.version()));
        });
    }

    /** Without {@code at}: as of the account's latest event, so the answer does not depend on when it is asked. */
    @GetMapping("/explanation")
    public Mono<Explanation> explanation(@PathVariable String accountId, @RequestParam(required = false) Instant at) {
        return timeline(accountId).map(timeline -> Explainer.explain(timeline,
                at != null ? at : timeline.events().get(timeline.events().size() - 1).event().occurredAt()));
    }

    /**
     * The state after every event in sequence order, folded once along the timeline; a chart of limit, outstanding
     * and available over time needs exactly this, and only the fold may say what an event did to the figures.
     */
    @GetMapping("/series")
    public Mono<Series> series(@PathVariable String accountId, @RequestParam(required = false) Long after,
                               @RequestParam(required = false) Integer limit) {
        long from = after == null ? -1 : after;
        int size = limit == null ? MAX_SERIES_LIMIT : limit;
        if (from < -1) {
            throw QueryProblemException.invalid("after must be -1 or more");
        }
        if (size < 1 || size > MAX_SERIES_LIMIT) {
            throw QueryProblemException.invalid("limit must be between 1 and " + MAX_SERIES_LIMIT);
        }
        return timeline(accountId).map(timeline -> {
            int start = (int) Math.min(from + 1, timeline.events().size());
            int end = (int) Math.min((long) start + size, timeline.events().size());
            AccountState state = timeline.stateAfter(start);
            List<Point> points = new java.util.ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                RecordedEvent recorded = timeline.events().get(i);
                state = AccountFold.evolve(state, recorded.event());
                Restriction restriction = state.restrictionInForce()
                        .map(r -> new Restriction(r.kind().name(), r.reasonCode().name(), r.since(), r.eventSequence()))
                        .orElse(null);
                points.add(new Point(recorded.sequence(), recorded.event().occurredAt(), recorded.type(),
                        EventSummaries.of(recorded.event()), state.status(), state.creditLimit().toPlainString(),
                        state.outstanding().toPlainString(), state.available().toPlainString(), restriction));
            }
            Long next = end < timeline.events().size() ? timeline.events().get(end - 1).sequence() : null;
            return new Series(accountId, state.currency(), points, next);
        });
    }

    @GetMapping("/restrictions")
    public Mono<Episodes> restrictions(@PathVariable String accountId) {
        return timeline(accountId).map(timeline -> new Episodes(accountId, RestrictionEpisodes.of(timeline)));
    }

    @GetMapping("/integrity")
    public Mono<Integrity> integrity(@PathVariable String accountId) {
        return freshTimeline(accountId).map(timeline -> {
            IntegrityCheck.Result result = IntegrityCheck.verify(timeline.events());
            return new Integrity(accountId, result.verified(), result.events(), result.headHash(),
                    result.firstBrokenSequence());
        });
    }

    @GetMapping("/what-if")
    public Mono<WhatIf.Report> whatIf(@PathVariable String accountId, @RequestParam String policyVersion) {
        RiskPolicy policy = policies.version(policyVersion).orElseThrow(() -> new QueryProblemException(
                HttpStatus.NOT_FOUND, QueryCodes.UNKNOWN_POLICY, "no risk policy " + policyVersion + " is configured",
                Map.of("policyVersion", policyVersion, "known", List.copyOf(policies.all().keySet()))));
        return timeline(accountId).map(timeline -> WhatIf.compare(timeline, policy));
    }

    /**
     * JSON lines an auditor can keep: every event with its fields and chain link, every restriction episode with its
     * explanation, and the integrity verdict with the chain's head.
     */
    @GetMapping(path = "/audit-export", produces = "application/x-ndjson")
    public Flux<String> auditExport(@PathVariable String accountId) {
        return freshTimeline(accountId).flatMapMany(timeline -> {
            List<Object> lines = new java.util.ArrayList<>();
            for (RecordedEvent recorded : timeline.events()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("record", "event");
                line.put("sequence", recorded.sequence());
                line.put("type", recorded.type());
                line.put("at", recorded.event().occurredAt());
                line.put("actor", recorded.event().actor());
                line.put("summary", EventSummaries.of(recorded.event()));
                line.put("fields", EventFields.revealed(EventFields.of((Record) recorded.event()), cipher));
                line.put("chainHash", recorded.chainHash());
                lines.add(line);
            }
            for (RestrictionEpisodes.Episode episode : RestrictionEpisodes.of(timeline)) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("record", "restriction");
                line.put("explanation", episode.explanation());
                line.put("ending", episode.ending());
                lines.add(line);
            }
            IntegrityCheck.Result result = IntegrityCheck.verify(timeline.events());
            Map<String, Object> integrity = new LinkedHashMap<>();
            integrity.put("record", "integrity");
            integrity.put("verified", result.verified());
            integrity.put("events", result.events());
            integrity.put("headHash", result.headHash());
            integrity.put("firstBrokenSequence", result.firstBrokenSequence());
            lines.add(integrity);
            return Flux.fromIterable(lines).map(this::line);
        });
    }

    private String line(Object value) {
        try {
            return json.writeValueAsString(value) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException("an audit line could not be written", e);
        }
    }

    private Mono<AccountTimeline> timeline(String accountId) {
        AccountQueryController.requireId(accountId);
        return Mono.fromCallable(() -> timelines.read(accountId)
                        .orElseThrow(() -> QueryProblemException.accountNotFound(accountId)))
                .subscribeOn(Schedulers.boundedElastic());
    }

    private Mono<AccountTimeline> freshTimeline(String accountId) {
        AccountQueryController.requireId(accountId);
        return Mono.fromCallable(() -> timelines.readFresh(accountId)
                        .orElseThrow(() -> QueryProblemException.accountNotFound(accountId)))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
