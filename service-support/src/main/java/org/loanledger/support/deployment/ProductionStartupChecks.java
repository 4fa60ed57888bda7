package org.loanledger.support.deployment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.loanledger.support.security.TokenProperties;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;

/**
 * What a production profile checks before it serves anyone: that it has callers (bearer tokens or a JWT issuer), and
 * with Axon Server that a server is configured and answers. Axon connects to Axon Server lazily and keeps retrying in
 * the background, so without this an unreachable server would only show as every command timing out.
 */
public class ProductionStartupChecks implements InitializingBean {

    public static final String AXONSERVER_SERVERS = "axon.axonserver.servers";
    private static final int AXONSERVER_DEFAULT_PORT = 8124;

    private final Environment environment;
    private final TokenProperties tokens;

    public ProductionStartupChecks(Environment environment, TokenProperties tokens) {
        this.environment = environment;
        this.tokens = tokens;
    }

    @Override
    public void afterPropertiesSet() {
        checkCallers();
        if ("axonserver".equals(environment.getProperty("ledger.event-store"))) {
            checkAxonServer();
        }
    }

    private void checkCallers() {
        String mode = environment.getProperty("ledger.security.mode", "tokens");
        if ("jwt".equals(mode)) {
            String jwkSet = environment.getProperty("ledger.security.jwt.jwk-set-uri", "");
            String publicKey = environment.getProperty("ledger.security.jwt.public-key-location", "");
            if (jwkSet.isBlank() && publicKey.isBlank()) {
                throw RequiredSettings.missing("ledger.security.jwt.jwk-set-uri or ledger.security.jwt.public-key-location",
                        "LEDGER_SECURITY_JWT_JWK_SET_URI or LEDGER_SECURITY_JWT_PUBLIC_KEY_LOCATION",
                        "with ledger.security.mode=jwt the callers' JWTs are checked against this issuer's keys");
            }
        } else if (tokens.tokens().isEmpty()) {
            throw RequiredSettings.missing("ledger.security.tokens", "SPRING_APPLICATION_JSON",
                    "a production profile has no development tokens, so without callers of its own nobody could call "
                            + "the service (or set ledger.security.mode=jwt)");
        }
    }

    private void checkAxonServer() {
        String servers = RequiredSettings.require(environment, AXONSERVER_SERVERS, "AXONSERVER_SERVERS",
                "Axon Server stores the events and routes commands, queries and events in the axonserver profile");
        Duration timeout = environment.getProperty("ledger.startup.connect-timeout", Duration.class,
                Duration.ofSeconds(10));
        List<String> failures = new ArrayList<>();
        for (String server : servers.split(",")) {
            String address = server.trim();
            if (address.isEmpty()) {
                continue;
            }
            if (reachable(address, timeout, failures)) {
                return;
            }
        }
        throw new IllegalStateException("Axon Server is unreachable at " + servers + " (" + AXONSERVER_SERVERS
                + ", AXONSERVER_SERVERS) within " + timeout.toSeconds() + " s: " + String.join("; ", failures)
                + ". The service does not start without it and never falls back to the embedded store.");
    }

    private static boolean reachable(String address, Duration timeout, List<String> failures) {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        int port;
        try {
            port = colon < 0 ? AXONSERVER_DEFAULT_PORT : Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            failures.add(address + ": not host:port");
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            return true;
        } catch (IOException e) {
            failures.add(address + ": " + e.getMessage());
            return false;
        }
    }
}
