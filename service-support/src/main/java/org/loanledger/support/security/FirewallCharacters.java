package org.loanledger.support.security;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * The characters Spring Security's {@link StrictServerWebExchangeFirewall} allows in header names, header values and
 * parameter names, checked one code point at a time instead of by its regular expressions
 * ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*} for names, the same with tab allowed for values). The firewall runs
 * them on every header each time a request's headers are read: by regular expression that was 1.8% of the command
 * side's CPU and 9% of its allocation at 1,000 commands a second (BENCHMARKS.md). {@code FirewallCharactersTest}
 * holds both to the same answer on every code point.
 */
final class FirewallCharacters {

    private FirewallCharacters() {
    }

    /** Names: every code point assigned in Unicode and not a control character. */
    static boolean allowedName(String name) {
        return everyCodePointAllowed(name, false);
    }

    /** Values: as names, and tab allowed; a missing value is allowed. */
    static boolean allowedValue(String value) {
        return value == null || everyCodePointAllowed(value, true);
    }

    /** A firewall as strict as Spring Security's default, with these checks. */
    static StrictServerWebExchangeFirewall strictFirewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(FirewallCharacters::allowedName);
        firewall.setAllowedHeaderValues(FirewallCharacters::allowedValue);
        firewall.setAllowedParameterNames(FirewallCharacters::allowedName);
        return firewall;
    }

    private static boolean everyCodePointAllowed(String text, boolean tabAllowed) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int type = Character.getType(codePoint);
            if ((type == Character.UNASSIGNED || type == Character.CONTROL) && !(tabAllowed && codePoint == '\t')) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
