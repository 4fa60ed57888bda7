package org.loanledger.command.web;

import java.util.regex.Pattern;
import org.loanledger.support.web.InvalidRequestException;

/** The {@code Idempotency-Key} header every mutating request must carry. */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";

    /** 1-64 visible ASCII characters: room for a UUID or a client's own scheme, nothing that needs escaping. */
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,64}");

    private IdempotencyKeys() {
    }

    public static String require(String key) {
        if (key == null) {
            throw new InvalidRequestException("the " + HEADER + " header is required on every mutating request");
        }
        if (!KEY.matcher(key).matches()) {
            throw new InvalidRequestException("the " + HEADER + " header must be 1-64 visible ASCII characters");
        }
        return key;
    }
}
