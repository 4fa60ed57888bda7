package org.loanledger.support.security;

import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * The web origins (scheme, host and port) whose pages may call this service's API from a browser, such as the ops
 * console the query side serves calling the command side. Callers still need a bearer token: the token is sent in a
 * header the page adds, never as a cookie, so allowing an origin grants it nothing a caller without the token could
 * use. No origin is allowed unless configured ({@code ledger.security.cors.allowed-origins}).
 */
public final class ConsoleOrigins {

    private ConsoleOrigins() {
    }

    /** The CORS rules for {@code /api/**}, or null when no origin is configured. */
    public static CorsConfigurationSource source(List<String> allowedOrigins) {
        List<String> origins = allowedOrigins.stream().map(String::trim).filter(origin -> !origin.isEmpty()).toList();
        if (origins.isEmpty()) {
            return null;
        }
        if (origins.contains("*")) {
            throw new IllegalStateException("ledger.security.cors.allowed-origins must name origins, not *");
        }
        CorsConfiguration api = new CorsConfiguration();
        api.setAllowedOrigins(origins);
        api.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name(), HttpMethod.PUT.name()));
        api.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT,
                "Idempotency-Key"));
        api.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER, HttpHeaders.LOCATION));
        api.setAllowCredentials(false);
        api.setMaxAge(Duration.ofMinutes(10));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", api);
        return source;
    }
}
