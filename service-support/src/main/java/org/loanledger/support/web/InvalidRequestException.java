package org.loanledger.support.web;

/** A request the HTTP layer refuses before it becomes a command: a bad header or path value. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message, null, false, false);
    }
}
