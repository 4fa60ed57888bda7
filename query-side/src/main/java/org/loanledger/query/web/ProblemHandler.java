package org.loanledger.query.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/** Turns every failure of a query into an RFC 9457 problem with a stable code. */
@RestControllerAdvice
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(QueryProblemException.class)
    public ResponseEntity<ProblemDetail> problem(QueryProblemException e) {
        return respond(Problems.of(e.status(), e.code(), e.getMessage(), e.properties()));
    }

    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<ProblemDetail> badInput(ServerWebInputException e) {
        String parameter = e.getMethodParameter() == null ? null : e.getMethodParameter().getParameterName();
        String detail = parameter == null ? "the request is invalid" : "parameter '" + parameter + "' is invalid";
        return respond(Problems.of(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED, detail));
    }

    @ExceptionHandler(ResponseStatusException.class)
    public ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
        HttpStatusCode status = e.getStatusCode();
        String code = status.value() == 404 ? Problems.NOT_FOUND
                : status.is4xxClientError() ? Problems.VALIDATION_FAILED : Problems.INTERNAL_ERROR;
        return respond(Problems.of(status, code, e.getReason() == null ? "request failed" : e.getReason()));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unexpected failure while answering a query", e);
        return respond(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL_ERROR,
                "the query could not be answered"));
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }
}
