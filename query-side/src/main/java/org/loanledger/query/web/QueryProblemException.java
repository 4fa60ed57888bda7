package org.loanledger.query.web;

import java.util.Map;
import org.loanledger.support.web.Problems;
import org.springframework.http.HttpStatus;

/** A query that cannot be answered as asked, with the status, stable code and values its problem body carries. */
public class QueryProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> properties;

    public QueryProblemException(HttpStatus status, String code, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.properties = Map.copyOf(properties);
    }

    public static QueryProblemException accountNotFound(String accountId) {
        return new QueryProblemException(HttpStatus.NOT_FOUND, QueryCodes.ACCOUNT_NOT_FOUND,
                "account " + accountId + " does not exist", Map.of("accountId", accountId));
    }

    public static QueryProblemException invalid(String detail) {
        return new QueryProblemException(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED, detail, Map.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
