package org.loanledger.query.projection;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.loanledger.shared.account.AccountState;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The states a view last wrote for its accounts, kept between batches so the next batch of an account folds onto
 * the state in memory instead of reading it back and parsing its JSON.
 *
 * <p>A kept state is exactly what the view's collection holds for the account only while this process is the one
 * writing it, that is while it holds the claim on the account's segment. So a view's states are forgotten whenever
 * that may have changed: when a segment of its processor is claimed, released or its claim is found lost
 * ({@link ViewFlushingTokenStore}), when the view is cleared for a rebuild, and for the accounts of a write that
 * failed. States enter only once their write has succeeded, so a batch that fails leaves nothing here.
 *
 * <p>States are kept only from batches at least {@code whenBehind} behind the stream's head: while a processor
 * rebuilds its view or catches up, an account's next event comes a few batches later. A processor following the
 * stream meets an account again only seconds later (ten at 1,000 events/s over 10,000 accounts), long enough for
 * every kept state to outlive the young generation and die in the old one, whose full collections then stall every
 * view (BENCHMARKS.md, run 72 and the runs before it); its batches read their states from the view and forget the
 * ones they replace.
 */
@Component
public class FoldedStates {

    private final long maxAccounts;
    private final Duration whenBehind;
    private final Map<String, Cache<String, AccountState>> byView = new ConcurrentHashMap<>();

    /**
     * @param maxAccounts how many accounts each view keeps; 0 keeps none and reads every state from the view
     * @param whenBehind  how far behind the stream's head a batch must be for its states to be kept
     */
    @Autowired
    public FoldedStates(@Value("${ledger.query.folded-states.max-accounts:5000}") long maxAccounts,
                        @Value("${ledger.query.folded-states.when-behind:1s}") Duration whenBehind) {
        if (whenBehind.isNegative()) {
            throw new IllegalArgumentException("ledger.query.folded-states.when-behind must not be negative");
        }
        this.maxAccounts = maxAccounts;
        this.whenBehind = whenBehind;
    }

    /** Keeps the states of every batch, however far behind. */
    public FoldedStates(long maxAccounts) {
        this(maxAccounts, Duration.ZERO);
    }

    /** Whether a batch whose last event was stored {@code age} ago keeps the states it writes. */
    public boolean keepsFrom(Duration age) {
        return maxAccounts > 0 && age.compareTo(whenBehind) >= 0;
    }

    /** The state the view last wrote for the account, if it is kept. */
    public AccountState get(String view, String accountId) {
        return maxAccounts == 0 ? null : cache(view).getIfPresent(accountId);
    }

    /** Keeps states the view has just written. */
    public void written(String view, Collection<AccountState> states) {
        if (maxAccounts == 0) {
            return;
        }
        Cache<String, AccountState> cache = cache(view);
        for (AccountState state : states) {
            cache.put(state.accountId(), state);
        }
    }

    /** Forgets the states of these accounts: their write failed, so what the view holds is not known. */
    public void forget(String view, Collection<String> accountIds) {
        Cache<String, AccountState> cache = byView.get(view);
        if (cache != null) {
            cache.invalidateAll(accountIds);
        }
    }

    /** Forgets every state of the view: another writer may have written it, or it was cleared. */
    public void forget(String view) {
        Cache<String, AccountState> cache = byView.get(view);
        if (cache != null) {
            cache.invalidateAll();
        }
    }

    long size(String view) {
        Cache<String, AccountState> cache = byView.get(view);
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }

    private Cache<String, AccountState> cache(String view) {
        return byView.computeIfAbsent(view, name -> Caffeine.newBuilder().maximumSize(maxAccounts).build());
    }
}
