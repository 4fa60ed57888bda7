package org.loanledger.query.console;

import java.net.URI;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

/**
 * Serves the console at {@code /console/}: plain HTML, CSS and JavaScript modules from {@code classpath:console/},
 * with no build step and nothing fetched from elsewhere. The pages themselves need no token (they hold no data); every
 * API call they make carries the bearer token the user typed, so the console can do exactly what that caller's role
 * may. {@code /console/config.json} tells the pages where the command side is, for the one command they send (an
 * appeal decision); the command side allows this page's origin by CORS ({@code ledger.security.cors.allowed-origins}).
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleRoutes {

    static final String BASE = "/console/";

    private static final Resource PAGES = new ClassPathResource("console/");

    @Bean
    public RouterFunction<ServerResponse> consoleRouter(@Value("${ledger.console.command-url}") String commandUrl) {
        String commandOrigin = origin(commandUrl);
        return RouterFunctions.route()
                .GET("/console", request -> ServerResponse.status(HttpStatus.PERMANENT_REDIRECT)
                        .location(URI.create(BASE)).build())
                .GET(BASE, request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML)
                        .bodyValue(new ClassPathResource("console/index.html")))
                .GET(BASE + "config.json", request -> ServerResponse.ok().contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("commandUrl", commandOrigin)))
                .add(RouterFunctions.resources(BASE + "**", PAGES))
                .build();
    }

    /** The pages may load only their own files and talk only to this service and the command side. */
    @Bean
    public WebFilter consoleContentPolicy(@Value("${ledger.console.command-url}") String commandUrl) {
        String policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' " + origin(commandUrl)
                + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        return (exchange, chain) -> {
            String path = exchange.getRequest().getPath().pathWithinApplication().value();
            if (path.equals("/console") || path.startsWith(BASE)) {
                exchange.getResponse().getHeaders().set("Content-Security-Policy", policy);
                exchange.getResponse().getHeaders().set("Referrer-Policy", "no-referrer");
            }
            return chain.filter(exchange);
        };
    }

    /** Scheme, host and port of the configured command side, which is all the pages and the policy need. */
    static String origin(String url) {
        URI uri = URI.create(url.trim());
        if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
            throw new IllegalStateException("ledger.console.command-url must be an http(s) URL, not " + url);
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
