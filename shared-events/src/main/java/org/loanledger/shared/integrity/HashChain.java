package org.loanledger.shared.integrity;

import java.time.Instant;

/**
 * The per-account SHA-256 hash chain that makes a later edit of any stored event detectable.
 *
 * <p>Each event's link is {@code SHA-256(previousLink | type | sequence | occurredAt | canonical payload)}; the
 * first event of an account links to {@link #GENESIS}. Changing any stored event, or removing or reordering one,
 * changes its link and every link after it.
 */
public final class HashChain {

    /** The link before an account's first event. */
    public static final String GENESIS = "0".repeat(64);

    /** The metadata key under which every stored event carries its link. */
    public static final String METADATA_KEY = "chainHash";

    private HashChain() {
    }

    public static String link(String previousLink, long sequence, Instant occurredAt, Object payload) {
        String type = payload.getClass().getSimpleName();
        return Canonical.sha256(previousLink + '|' + type + '|' + sequence + '|' + occurredAt + '|' + Canonical.of(payload));
    }
}
