package org.loanledger.query.web;

import org.loanledger.support.web.ProblemHandler;
import org.loanledger.support.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Queries that cannot be answered as asked, as RFC 9457 problems; everything else is the shared edge's. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class QueryProblemHandler {

    @ExceptionHandler(QueryProblemException.class)
    public ResponseEntity<ProblemDetail> problem(QueryProblemException e) {
        return ProblemHandler.problem(Problems.of(e.status(), e.code(), e.getMessage(), e.properties()));
    }
}
