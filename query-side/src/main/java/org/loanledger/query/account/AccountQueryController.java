package org.loanledger.query.account;

import java.util.regex.Pattern;
import org.loanledger.query.projection.MinVersionWait;
import org.loanledger.query.web.QueryProblemException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /api/accounts/{id}}: the account-limits view, optionally after waiting for {@code minVersion}. */
@RestController
@RequestMapping(path = "/api/accounts", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
public class AccountQueryController {

    /** Account ids as the command side accepts them; anything else cannot name an account. */
    public static final String ID = "^[A-Za-z0-9._-]{1,64}$";
    /** {@link #ID}, compiled once: every account read checks its path. */
    private static final Pattern ID_PATTERN = Pattern.compile(ID);

    private final AccountLimitsStore store;
    private final MinVersionWait minVersionWait;

    public AccountQueryController(AccountLimitsStore store, MinVersionWait minVersionWait) {
        this.store = store;
        this.minVersionWait = minVersionWait;
    }

    @GetMapping("/{accountId}")
    public Mono<AccountLimitsView> account(@PathVariable String accountId,
                                           @RequestParam(required = false) Long minVersion) {
        requireId(accountId);
        return minVersionWait.state(AccountLimitsProjection.PROCESSING_GROUP, accountId, minVersion,
                        () -> store.stored(accountId), AccountLimitsStore.Stored::version, AccountLimitsStore.Stored::state)
                .map(found -> found.map(AccountLimitsView::of)
                        .orElseThrow(() -> QueryProblemException.accountNotFound(accountId)));
    }

    public static void requireId(String accountId) {
        if (!ID_PATTERN.matcher(accountId).matches()) {
            throw QueryProblemException.invalid("accountId must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
    }
}
