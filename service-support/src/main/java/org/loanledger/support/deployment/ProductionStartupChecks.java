package org.loanledger.support.deployment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.loanledger.support.security.TokenProperties;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * What a production profile checks before it serves anyone: that it has callers, and with Axon Server that a server
 * is configured and answers. Axon connects to Axon Server lazily and keeps retrying in the background, so without
 * this an unreachable server would only show as every command timing out.
 */
public final class ProductionStartupChecks {

    public static final String AXONSERVER_SERVERS = "axon.axonserver.servers";
    private static final int AXONSERVER_DEFAULT_PORT = 8124;

    private ProductionStartupChecks() {
    }

    /**
     * Settings that must be present, checked before any bean is created: Axon's own configuration would otherwise
     * fail first on an empty server list, with a message that names neither the setting nor the variable.
     */
    public static BeanFactoryPostProcessor requiredSettings(Environment environment) {
        return new RequiredSettingsCheck(environment);
    }

    /** Whether the configured Axon Server answers, checked once the callers are known to be acceptable. */
    public static InitializingBean axonServerReachable(Environment environment) {
        return () -> {
            if ("axonserver".equals(environment.getProperty("ledger.event-store"))) {
                checkAxonServerReachable(environment);
            }
        };
    }

    private record RequiredSettingsCheck(Environment environment) implements BeanFactoryPostProcessor {

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            if (!"jwt".equals(environment.getProperty("ledger.security.mode", "tokens"))) {
                List<TokenProperties.Token> tokens = Binder.get(environment)
                        .bind("ledger.security.tokens", Bindable.listOf(TokenProperties.Token.class))
                        .orElse(List.of());
                if (tokens.isEmpty()) {
                    throw RequiredSettings.missing("ledger.security.tokens", "SPRING_APPLICATION_JSON",
                            "a production profile has no development tokens, so without callers of its own nobody "
                                    + "could call the service (or set ledger.security.mode=jwt)");
                }
            }
            if ("axonserver".equals(environment.getProperty("ledger.event-store"))) {
                RequiredSettings.require(environment, AXONSERVER_SERVERS, "AXONSERVER_SERVERS",
                        "Axon Server stores the events and routes commands, queries and events in the axonserver "
                                + "profile");
            }
        }
    }

    private static void checkAxonServerReachable(Environment environment) {
        String servers = RequiredSettings.require(environment, AXONSERVER_SERVERS, "AXONSERVER_SERVERS",
                "Axon Server stores the events and routes commands, queries and events in the axonserver profile");
        Duration timeout = environment.getProperty("ledger.startup.connect-timeout", Duration.class,
                Duration.ofSeconds(10));
        List<String> failures = new ArrayList<>();
        for (String server : servers.split(",")) {
            String address = server.trim();
            if (!address.isEmpty() && reachable(address, timeout, failures)) {
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
