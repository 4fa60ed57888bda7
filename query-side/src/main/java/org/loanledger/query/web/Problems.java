package org.loanledger.query.web;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem bodies, each with the stable {@code code} clients branch on; the same shape and type URNs as the
 * command side's.
 */
public final class Problems {

    public static final String VALIDATION_FAILED = "VALIDATION_FAILED";
    public static final String ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND";
    public static final String STALE_VIEW = "STALE_VIEW";
    public static final String PROJECTION_NOT_FOUND = "PROJECTION_NOT_FOUND";
    public static final String NOT_FOUND = "NOT_FOUND";
    public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:loan-ledger:problem:" + code.toLowerCase(Locale.ROOT).replace('_', '-')));
        HttpStatus known = HttpStatus.resolve(status.value());
        problem.setTitle(known == null ? code : known.getReasonPhrase());
        problem.setProperty("code", code);
        return problem;
    }

    public static ProblemDetail of(HttpStatusCode status, String code, String detail, Map<String, ?> properties) {
        ProblemDetail problem = of(status, code, detail);
        properties.forEach(problem::setProperty);
        return problem;
    }
}
