package org.loanledger.support.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.loanledger.support.web.ProblemHandler;
import org.loanledger.support.web.ProblemWriter;
import org.loanledger.support.web.Problems;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.reactive.ReactiveUserDetailsServiceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import reactor.core.publisher.Mono;

/**
 * Bearer-token authentication with Spring Security: every request but health and the API documents needs a token
 * of a configured caller; the caller's role decides what it may do (each service supplies its {@link AccessRules});
 * the caller's name is the actor the ledger records. No sessions: each request stands alone. Browser pages of the
 * origins in {@code ledger.security.cors.allowed-origins} may call the API ({@link ConsoleOrigins}). Refusals are
 * RFC 9457 problems: 401 {@code UNAUTHENTICATED}, 403 {@code FORBIDDEN}.
 */
@AutoConfiguration(before = {ReactiveSecurityAutoConfiguration.class, ReactiveUserDetailsServiceAutoConfiguration.class})
@EnableWebFluxSecurity
@EnableConfigurationProperties(TokenProperties.class)
public class LedgerSecurityConfiguration {

    private static final String BEARER = "Bearer ";

    @Bean
    public BearerTokens bearerTokens(TokenProperties properties) {
        return new BearerTokens(properties);
    }

    /**
     * No observations of the security filters, their authentication or their authorization. The services export no
     * traces, and {@code management.observations.enable.spring.security=false} only makes those observations no-ops:
     * every filter of every request was still wrapped to start and stop them, a few percent of a read's CPU on the
     * query side (BENCHMARKS.md). With this setting Spring Security does not wrap them. Request metrics
     * ({@code http.server.requests}) are Spring WebFlux's and stay.
     */
    @Bean
    public SecurityObservationSettings ledgerSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Spring Security's firewall refuses paths such as {@code /api/accounts/a%2Fb} or {@code /a;b} before any
     * filter of ours runs, by default with a bare 400; this makes that refusal a problem like every other.
     */
    @Bean
    public ServerExchangeRejectedHandler ledgerExchangeRejectedHandler(ObjectMapper objectMapper) {
        ProblemWriter problems = new ProblemWriter(objectMapper);
        return (exchange, rejected) -> problems.write(exchange, Problems.of(HttpStatus.BAD_REQUEST,
                Problems.VALIDATION_FAILED, ProblemHandler.REFUSED_CHARACTERS));
    }

    /**
     * Spring Security's strict firewall as it comes, its character checks of header names, header values and
     * parameter names made without regular expressions ({@link FirewallCharacters}).
     */
    @Bean
    public ServerWebExchangeFirewall ledgerFirewall() {
        return FirewallCharacters.strictFirewall();
    }

    @Bean
    public SecurityWebFilterChain ledgerSecurity(ServerHttpSecurity http, BearerTokens tokens, List<AccessRules> rules,
                                                 ObjectMapper objectMapper, Environment environment) {
        ProblemWriter problems = new ProblemWriter(objectMapper);
        // tokens: callers configured by token hash (the default); jwt: callers with JWTs of an identity provider.
        String mode = environment.getProperty("ledger.security.mode", "tokens");
        ReactiveAuthenticationManager callers = switch (mode) {
            case "tokens" -> authenticationManager(tokens);
            case "jwt" -> new JwtCallers(environment.getProperty("ledger.security.jwt.jwk-set-uri"),
                    environment.getProperty("ledger.security.jwt.public-key-location"),
                    environment.getProperty("ledger.security.jwt.roles-claim", "roles"),
                    environment.getProperty("ledger.security.jwt.issuer"),
                    environment.getProperty("ledger.security.jwt.audience")).authenticationManager();
            default -> throw new IllegalStateException("ledger.security.mode must be tokens or jwt, not " + mode);
        };
        AuthenticationWebFilter bearer = new AuthenticationWebFilter(callers);
        bearer.setServerAuthenticationConverter(bearerConverter());
        bearer.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
        bearer.setAuthenticationFailureHandler((exchange, e) -> {
            // RFC 6750 3.1: a 401 names the scheme, and says the token presented was the problem.
            exchange.getExchange().getResponse().getHeaders()
                    .set(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            return problems.write(exchange.getExchange(),
                    Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED, "the bearer token is not valid"));
        });
        CorsConfigurationSource origins = ConsoleOrigins.source(Binder.get(environment)
                .bind("ledger.security.cors.allowed-origins", Bindable.listOf(String.class)).orElse(List.of()));
        if (origins != null) {
            http.cors(cors -> cors.configurationSource(origins));
        } else {
            http.cors(ServerHttpSecurity.CorsSpec::disable);
        }
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .addFilterAt(bearer, SecurityWebFiltersOrder.AUTHENTICATION)
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, e) -> {
                            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            return problems.write(exchange, Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHENTICATED,
                                    "send Authorization: Bearer <token>"));
                        })
                        .accessDeniedHandler((exchange, e) -> problems.write(exchange, Problems.of(HttpStatus.FORBIDDEN,
                                Problems.FORBIDDEN, "this caller's role may not do this"))))
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
                            "/swagger-ui.html", "/swagger-ui/**", "/webjars/**").permitAll();
                    rules.forEach(rule -> rule.apply(exchanges));
                    exchanges.anyExchange().authenticated();
                })
                .build();
    }

    private static ReactiveAuthenticationManager authenticationManager(BearerTokens tokens) {
        return authentication -> tokens.find(String.valueOf(authentication.getCredentials()))
                .<Mono<org.springframework.security.core.Authentication>>map(token -> Mono.just(
                        UsernamePasswordAuthenticationToken.authenticated(token.name(), null,
                                List.of(new SimpleGrantedAuthority(token.role().authority())))))
                .orElseGet(() -> Mono.error(new BadCredentialsException("unknown bearer token")));
    }

    private static ServerAuthenticationConverter bearerConverter() {
        return exchange -> {
            String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
            if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                return Mono.empty();
            }
            String token = header.substring(BEARER.length()).trim();
            return Mono.just(UsernamePasswordAuthenticationToken.unauthenticated("bearer", token));
        };
    }
}
