package org.loanledger.support.deployment;

import org.springframework.core.env.Environment;

/** Settings a production profile cannot start without; a missing one stops the service and is named. */
public final class RequiredSettings {

    private RequiredSettings() {
    }

    /**
     * The value of {@code property}, or an {@link IllegalStateException} naming the property, the environment variable
     * that usually sets it, and why it is needed.
     */
    public static String require(Environment environment, String property, String environmentVariable, String why) {
        String value = environment.getProperty(property);
        if (value == null || value.isBlank()) {
            throw missing(property, environmentVariable, why);
        }
        return value.trim();
    }

    public static IllegalStateException missing(String property, String environmentVariable, String why) {
        return new IllegalStateException("Missing setting " + property + " (environment variable "
                + environmentVariable + "): " + why + ". The service does not start without it and never falls back "
                + "to the embedded store.");
    }
}
