package org.loanledger.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Looks up a presented bearer token by its SHA-256 among the configured ones. */
public final class BearerTokens {

    /** The development tokens API.md names; refused outside the embedded default. */
    public static final List<String> DEVELOPMENT_TOKENS = List.of("lender-dev-token", "ops-dev-token", "auditor-dev-token");

    private final Map<String, TokenProperties.Token> byHash;

    public BearerTokens(TokenProperties properties) {
        for (TokenProperties.Token token : properties.tokens()) {
            if (token.name() == null || token.role() == null || token.sha256() == null
                    || !token.sha256().matches("[0-9a-fA-F]{64}")) {
                throw new IllegalStateException("ledger.security.tokens: every token needs a name, a role and the"
                        + " 64-hex-digit SHA-256 of the token; '" + token.name() + "' does not");
            }
        }
        this.byHash = properties.tokens().stream()
                .collect(Collectors.toUnmodifiableMap(t -> t.sha256().toLowerCase(Locale.ROOT), Function.identity()));
        if (!properties.allowDevelopmentTokens()) {
            for (String development : DEVELOPMENT_TOKENS) {
                if (byHash.containsKey(sha256(development))) {
                    throw new IllegalStateException("the development token of '" + byHash.get(sha256(development)).name()
                            + "' is configured, but development tokens are only allowed in the embedded default;"
                            + " configure real token hashes under ledger.security.tokens");
                }
            }
        }
    }

    public Optional<TokenProperties.Token> find(String presented) {
        return Optional.ofNullable(byHash.get(sha256(presented)));
    }

    public static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
