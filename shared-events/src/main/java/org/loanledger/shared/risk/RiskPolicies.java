package org.loanledger.shared.risk;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The policies in configuration side by side, and which one is active. The built-in {@code permissive} policy is
 * always there; older versions stay available so that what-if and explanations can name them.
 */
public final class RiskPolicies {

    private final Map<String, RiskPolicy> byVersion;
    private final RiskPolicy active;

    public RiskPolicies(Map<String, RiskPolicy> configured, String activeVersion) {
        Map<String, RiskPolicy> all = new LinkedHashMap<>(configured);
        all.putIfAbsent(RiskPolicy.PERMISSIVE, RiskPolicy.permissive());
        this.byVersion = Collections.unmodifiableMap(all);
        this.active = Optional.ofNullable(all.get(activeVersion)).orElseThrow(() -> new IllegalStateException(
                "the active risk policy '" + activeVersion + "' is not configured; known: " + all.keySet()));
    }

    /** The shipped default: policy {@code 2026-11} active, {@code permissive} beside it. */
    public static RiskPolicies defaults() {
        RiskPolicy policy = RiskPolicy.default202611();
        return new RiskPolicies(Map.of(policy.version(), policy), policy.version());
    }

    public RiskPolicy active() {
        return active;
    }

    public Optional<RiskPolicy> version(String version) {
        return Optional.ofNullable(byVersion.get(version));
    }

    public Map<String, RiskPolicy> all() {
        return byVersion;
    }
}
