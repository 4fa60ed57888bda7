package org.loanledger.command.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.loanledger.shared.account.CommandRefusedException;
import org.loanledger.shared.account.RefusalCode;
import org.loanledger.support.web.ProblemHandler;
import org.loanledger.support.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The command side's refusals as RFC 9457 problems. A refusal is never a 500: the domain's
 * {@link CommandRefusedException} carries its stable code and the values it was decided on, which become the body.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class CommandProblemHandler {

    /** How long a client should wait before retrying a command that kept losing races on one account. */
    static final String RETRY_AFTER_SECONDS = "1";

    @ExceptionHandler(CommandRefusedException.class)
    public ResponseEntity<ProblemDetail> refused(CommandRefusedException e) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (e.accountId() != null) {
            properties.put("accountId", e.accountId());
        }
        properties.putAll(e.values());
        return ProblemHandler.problem(Problems.of(statusOf(e.code()), e.code().name(), e.getMessage(), properties));
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    public ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e) {
        String accountId = String.valueOf(e.getAggregateIdentifier());
        return ProblemHandler.problem(Problems.of(HttpStatus.NOT_FOUND, RefusalCode.ACCOUNT_NOT_FOUND.name(),
                "account " + accountId + " does not exist", Map.of("accountId", accountId)));
    }

    @ExceptionHandler(ConcurrencyException.class)
    public ResponseEntity<ProblemDetail> concurrency(ConcurrencyException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.CONCURRENT_MODIFICATION,
                        "the account kept changing while this command was decided; nothing was recorded, retry it"));
    }

    static HttpStatus statusOf(RefusalCode code) {
        return switch (code) {
            case VALIDATION_FAILED -> HttpStatus.BAD_REQUEST;
            case ACCOUNT_NOT_FOUND, APPEAL_NOT_FOUND, CUSTOMER_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case IDEMPOTENCY_KEY_REUSED -> HttpStatus.UNPROCESSABLE_ENTITY;
            case ACCOUNT_EXISTS, ACCOUNT_FROZEN, ACCOUNT_CLOSED, INSUFFICIENT_AVAILABLE_LIMIT,
                 REPAYMENT_EXCEEDS_OUTSTANDING, CURRENCY_MISMATCH, NOT_RESTRICTED, OUTSTANDING_NOT_ZERO,
                 APPEAL_ALREADY_OPEN ->
                    HttpStatus.CONFLICT;
        };
    }
}
