package org.loanledger.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.server.ServerWebExchange;

/**
 * The firewall's checks without regular expressions give Spring Security's answer on every code point, and the
 * firewall built with them still refuses control characters in header names, header values and parameter names.
 */
class FirewallCharactersTest {

    /** Spring Security's own expressions (StrictServerWebExchangeFirewall, 6.5). */
    private static final Pattern NAMES = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    private static final Pattern VALUES = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointAloneGetsSpringSecuritysAnswer() {
        int refusedNames = 0;
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            String one = new String(Character.toChars(codePoint));
            boolean name = NAMES.matcher(one).matches();
            assertThat(FirewallCharacters.allowedName(one)).as("name U+%04X", codePoint).isEqualTo(name);
            assertThat(FirewallCharacters.allowedValue(one)).as("value U+%04X", codePoint)
                    .isEqualTo(VALUES.matcher(one).matches());
            refusedNames += name ? 0 : 1;
        }
        // Control characters and the unassigned code points of this Java's Unicode: both kinds are refused.
        assertThat(refusedNames).isGreaterThan(800_000);
        assertThat(FirewallCharacters.allowedName("\t")).isFalse();
        assertThat(FirewallCharacters.allowedValue("\t")).isTrue();
    }

    @Test
    void mixedStringsGetSpringSecuritysAnswer() {
        Random random = new Random(20261206);
        int[] interesting = {'a', 'Z', '0', ' ', '\t', '\n', '\r', 0, 0x7f, 0x85, 0xa0, 0x2028, 0xd800, 0xdc00,
                0xfffe, 0xe000, 0x1f600, 0x10ffff, 0x378, 0x4e2d};
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                int codePoint = random.nextBoolean() ? interesting[random.nextInt(interesting.length)]
                        : random.nextInt(Character.MAX_CODE_POINT + 1);
                text.appendCodePoint(codePoint);
            }
            String s = text.toString();
            assertThat(FirewallCharacters.allowedName(s)).as("name %s", s.codePoints().boxed().toList())
                    .isEqualTo(NAMES.matcher(s).matches());
            assertThat(FirewallCharacters.allowedValue(s)).as("value %s", s.codePoints().boxed().toList())
                    .isEqualTo(VALUES.matcher(s).matches());
        }
        assertThat(FirewallCharacters.allowedName("")).isTrue();
        assertThat(FirewallCharacters.allowedValue(null)).isTrue();
        // An unpaired surrogate is a code point of its own to both.
        assertThat(FirewallCharacters.allowedName("a\ud800b")).isEqualTo(NAMES.matcher("a\ud800b").matches()).isTrue();
    }

    @Test
    void theFirewallRefusesControlCharactersInHeadersAndParameterNames() {
        var firewall = FirewallCharacters.strictFirewall();

        ServerWebExchange fine = firewall.getFirewalledExchange(MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/accounts/a-1?after=3").header("X-Note", "tab\tand 中文"))).block();
        assertThat(fine.getRequest().getHeaders().getFirst("X-Note")).isEqualTo("tab\tand 中文");
        assertThat(fine.getRequest().getQueryParams().getFirst("after")).isEqualTo("3");

        // The firewall checks a header when it is read, and a parameter name when the parameters are.
        ServerWebExchange badValue = firewall.getFirewalledExchange(MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/accounts/a-1").header("X-Note", "bell\u0007"))).block();
        assertThatThrownBy(() -> badValue.getRequest().getHeaders().getFirst("X-Note"))
                .isInstanceOf(ServerExchangeRejectedException.class);

        ServerWebExchange badName = firewall.getFirewalledExchange(MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/accounts/a-1").header("X-\u0001", "fine"))).block();
        assertThatThrownBy(() -> badName.getRequest().getHeaders().keySet().forEach(name -> { }))
                .isInstanceOf(ServerExchangeRejectedException.class);

        ServerWebExchange badParameter = firewall.getFirewalledExchange(MockServerWebExchange.from(
                MockServerHttpRequest.get("/api/accounts/a-1").queryParam("af\u0000ter", "3"))).block();
        assertThatThrownBy(() -> badParameter.getRequest().getQueryParams())
                .isInstanceOf(ServerExchangeRejectedException.class);
    }
}
