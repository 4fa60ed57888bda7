package org.loanledger.support.web;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.util.DisconnectedClientHelper;

/**
 * Turns every failure at the HTTP edge into an RFC 9457 problem with a stable code: malformed or invalid requests,
 * wrong media types and methods, and, as a last resort, unexpected failures (500, with nothing internal in the
 * body). Each service adds an advice of higher precedence for its own domain exceptions.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /** How soon a caller may try again when a store could not be reached. */
    static final String STORE_RETRY_AFTER_SECONDS = "1";

    /** What a request refused by Spring Security's firewall is told. */
    public static final String REFUSED_CHARACTERS =
            "the request path or a header holds characters this service refuses";

    @ExceptionHandler(WebExchangeBindException.class)
    public ResponseEntity<ProblemDetail> invalidFields(WebExchangeBindException e) {
        List<Map<String, String>> errors = e.getFieldErrors().stream()
                .map(ProblemHandler::fieldError)
                .toList();
        String detail = errors.isEmpty() ? "the request is invalid"
                : errors.stream().map(m -> m.get("field") + " " + m.get("message")).reduce((a, b) -> a + "; " + b).orElse("");
        return problem(Problems.of(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED, detail, Map.of("errors", errors)));
    }

    @ExceptionHandler(InvalidRequestException.class)
    public ResponseEntity<ProblemDetail> invalid(InvalidRequestException e) {
        return problem(Problems.of(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED, e.getMessage()));
    }

    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<ProblemDetail> unreadable(ServerWebInputException e) {
        if (causedBy(e, DataBufferLimitException.class)) {
            return problem(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE,
                    "the request body is larger than " + BodySizeLimitFilter.MAX_BODY_BYTES + " bytes"));
        }
        return problem(Problems.of(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED, describe(e)));
    }

    /** A body sent without a length (chunked) reaches the codec's limit as this, not as a ServerWebInputException. */
    @ExceptionHandler(PayloadTooLargeException.class)
    public ResponseEntity<ProblemDetail> tooLarge(PayloadTooLargeException e) {
        return problem(Problems.of(HttpStatus.PAYLOAD_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + BodySizeLimitFilter.MAX_BODY_BYTES + " bytes"));
    }

    @ExceptionHandler(UnsupportedMediaTypeStatusException.class)
    public ResponseEntity<ProblemDetail> mediaType(UnsupportedMediaTypeStatusException e) {
        return problem(Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Problems.UNSUPPORTED_MEDIA_TYPE,
                "send the request body as application/json"));
    }

    @ExceptionHandler(MethodNotAllowedException.class)
    public ResponseEntity<ProblemDetail> method(MethodNotAllowedException e) {
        return problem(Problems.of(HttpStatus.METHOD_NOT_ALLOWED, Problems.METHOD_NOT_ALLOWED,
                "method " + e.getHttpMethod() + " is not allowed here"));
    }

    @ExceptionHandler(NotAcceptableStatusException.class)
    public ResponseEntity<ProblemDetail> notAcceptable(NotAcceptableStatusException e) {
        return problem(Problems.of(HttpStatus.NOT_ACCEPTABLE, Problems.NOT_ACCEPTABLE,
                "this resource answers application/json or application/problem+json"));
    }

    /**
     * Spring Security's firewall checks a header when it is read, and a handler's arguments read theirs: a control
     * character there (one Netty lets through, such as U+0085) is refused as bad input, as the firewall's own
     * refusals are, not answered as a failure of the ledger.
     */
    @ExceptionHandler(ServerExchangeRejectedException.class)
    public ResponseEntity<ProblemDetail> refusedCharacters(ServerExchangeRejectedException e) {
        return problem(Problems.of(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED, REFUSED_CHARACTERS));
    }

    @ExceptionHandler(ResponseStatusException.class)
    public ResponseEntity<ProblemDetail> status(ResponseStatusException e) {
        HttpStatusCode status = e.getStatusCode();
        String code = status.value() == 404 ? Problems.NOT_FOUND
                : status.is4xxClientError() ? Problems.VALIDATION_FAILED : Problems.INTERNAL_ERROR;
        return problem(Problems.of(status, code, e.getReason() == null ? "request failed" : e.getReason()));
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            // Nobody is left to answer, and a client that closes its connection is not a failure of the ledger.
            log.debug("The client closed its connection before its answer was sent: {}", e.toString());
            return null;
        }
        Optional<Throwable> unreachable = storeUnreachable(e);
        if (unreachable.isPresent()) {
            // One line each: while a store is away, every request fails the same way.
            log.warn("A request failed because a store could not be reached: {}", unreachable.get().toString());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, STORE_RETRY_AFTER_SECONDS)
                    .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.STORE_UNAVAILABLE,
                            "the ledger could not reach its store; the request was not recorded unless a later read "
                                    + "shows it; retry it with the same Idempotency-Key"));
        }
        log.error("Unexpected failure while handling a request", e);
        return problem(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL_ERROR,
                "the ledger failed to handle this request; it was not recorded unless a later read shows it"));
    }


    public static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    /** Says which field was wrong without echoing the value sent, which may be anything. */
    private static String describe(ServerWebInputException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnrecognizedPropertyException unknown) {
                return "unknown field '" + unknown.getPropertyName() + "'";
            }
            if (t instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
                String field = mapping.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .reduce((a, b) -> a + "." + b).orElse("?");
                return "field '" + field + "' has the wrong type or an unknown value";
            }
            if (t instanceof JsonProcessingException) {
                return "the request body is not well-formed JSON";
            }
        }
        if (e.getMethodParameter() != null && e.getMethodParameter().getParameterName() != null
                && !causedBy(e, DecodingException.class)) {
            String name = e.getMethodParameter().getParameterName();
            if (e.getMethodParameter().getParameterType() == Instant.class) {
                return "parameter '" + name + "' must be an ISO-8601 instant such as "
                        + StrictParameterConfiguration.INSTANT_EXAMPLE;
            }
            return "parameter '" + name + "' is invalid";
        }
        if (causedBy(e, DecodingException.class) || e.getReason() == null) {
            return "the request body is missing or not JSON of the expected shape";
        }
        return e.getReason();
    }

    private static Map<String, String> fieldError(FieldError error) {
        return Map.of("field", error.getField(),
                "message", error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage());
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The connection failure behind {@code e}, if a store could not be reached: no connection to be had, or one that
     * broke or whose database closed (as when the process serving the embedded store stops; SQL state class 08 is
     * a connection exception in every driver). Such a failure is transient, hence 503; a commit that failed this
     * way may still have happened, which is why the answer sends the caller to a later read or its idempotency key.
     */
    static Optional<Throwable> storeUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
