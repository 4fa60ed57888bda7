package org.loanledger.support.web;

import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Query parameters that name an instant ({@code ?at=} of the replay endpoints) are read as ISO-8601 only, as API.md
 * gives them. Spring's default would also read a bare number as epoch milliseconds and an RFC 1123 date; a number
 * meant as seconds would then be replayed silently at a date in January 1970.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class StrictParameterConfiguration {

    /** An example of what a parameter of type {@link Instant} takes, for the problem a refusal gets. */
    static final String INSTANT_EXAMPLE = "2026-12-05T08:00:00Z";

    @Bean
    public WebFluxConfigurer isoInstantParameters() {
        return new WebFluxConfigurer() {
            @Override
            public void addFormatters(FormatterRegistry registry) {
                // Registered after Spring's own converters, so tried before them for String -> Instant.
                registry.addConverter(String.class, Instant.class, StrictParameterConfiguration::isoInstant);
            }
        };
    }

    /**
     * An ISO-8601 instant, in UTC or with an offset ({@link Instant#parse}: {@code ISO_INSTANT}); anything else,
     * blanks around it included, is refused.
     */
    static Instant isoInstant(String text) {
        return Instant.parse(text);
    }
}
