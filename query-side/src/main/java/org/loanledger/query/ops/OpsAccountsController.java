package org.loanledger.query.ops;

import java.time.Instant;
import java.util.List;
import org.loanledger.query.account.AccountLimitsView.RestrictionView;
import org.loanledger.query.web.PageRequest;
import org.loanledger.shared.account.AccountState;
import org.loanledger.shared.account.AccountStatus;
import org.loanledger.shared.account.ReasonCode;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code GET /api/accounts?status=&reasonCode=&page=&size=}: the ops list, ordered by account id. */
@RestController
@RequestMapping(path = "/api/accounts", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
public class OpsAccountsController {

    private final RestrictedAccountsStore store;

    public OpsAccountsController(RestrictedAccountsStore store) {
        this.store = store;
    }

    public record OpsAccount(String accountId, String customerId, String currency, AccountStatus status,
                             String creditLimit, String outstanding, String available, long version,
                             RestrictionView restriction, List<RestrictionView> restrictions, Instant updatedAt) {

        static OpsAccount of(AccountState state) {
            return new OpsAccount(state.accountId(), state.customerId(), state.currency(), state.status(),
                    state.creditLimit().toPlainString(), state.outstanding().toPlainString(),
                    state.available().toPlainString(), state.version(),
                    state.restrictionInForce().map(RestrictionView::of).orElse(null),
                    state.restrictions().stream().map(RestrictionView::of).toList(), state.updatedAt());
        }
    }

    public record OpsPage(List<OpsAccount> items, int page, int size, long total) {
    }

    @GetMapping
    public Mono<OpsPage> list(@RequestParam(required = false) AccountStatus status,
                              @RequestParam(required = false) ReasonCode reasonCode,
                              @RequestParam(required = false) Integer page,
                              @RequestParam(required = false) Integer size) {
        PageRequest asked = PageRequest.of(page, size);
        int pageNumber = asked.page();
        int pageSize = asked.size();
        return Mono.fromCallable(() -> {
            var found = store.find(status, reasonCode, pageNumber, pageSize);
            return new OpsPage(found.accounts().stream().map(OpsAccount::of).toList(), pageNumber, pageSize,
                    found.total());
        }).subscribeOn(Schedulers.boundedElastic());
    }
}
