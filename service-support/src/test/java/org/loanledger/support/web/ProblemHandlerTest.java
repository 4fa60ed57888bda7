package org.loanledger.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import reactor.netty.channel.AbortedException;

class ProblemHandlerTest {

    private final ProblemHandler handler = new ProblemHandler();

    @Test
    void aStoreThatClosedUnderTheRequestIsATransient503WithRetryAfter() {
        // As the command side saw it while the process serving the embedded store closed it.
        SQLException closed = DbException.getJdbcSQLException(ErrorCode.DATABASE_IS_CLOSED);

        ResponseEntity<ProblemDetail> answer = handler.unexpected(
                new CannotCreateTransactionException("Could not open JDBC Connection for transaction", closed));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(answer.getBody().getProperties()).containsEntry("code", Problems.STORE_UNAVAILABLE);
        assertThat(answer.getBody().getDetail()).contains("not recorded unless a later read shows it")
                .contains("Idempotency-Key");
    }

    @Test
    void aCommitWhoseConnectionBrokeAndAPoolWithNoConnectionToGiveAreUnavailableToo() {
        SQLException broken = DbException.getJdbcSQLException(ErrorCode.CONNECTION_BROKEN_1, "session closed");
        Exception commit = new TransactionSystemException("Commit exception overridden by rollback exception",
                new DataAccessResourceFailureException("JDBC commit", broken));
        Exception timedOut = new CannotCreateTransactionException("Could not open JDBC Connection",
                new SQLTransientConnectionException("event-store - Connection is not available"));
        Exception postgres = new DataAccessResourceFailureException("x", new SQLException("refused", "08001"));

        assertThat(handler.unexpected(commit).getStatusCode().value()).isEqualTo(503);
        assertThat(handler.unexpected(timedOut).getStatusCode().value()).isEqualTo(503);
        assertThat(handler.unexpected(postgres).getStatusCode().value()).isEqualTo(503);
        assertThat((Object) broken).as("H2's connection failures").isInstanceOf(SQLNonTransientConnectionException.class);
    }

    @Test
    void aClientThatClosedItsConnectionGetsNoAnswerAndIsNoFailure() {
        // As Reactor Netty reports a health check whose client closed the connection before the answer was sent.
        Exception closed = AbortedException.beforeSend();

        assertThat(handler.unexpected(closed)).isNull();
        assertThat(handler.unexpected(new IOException("Connection reset by peer"))).isNull();
        assertThat(handler.unexpected(new IOException("No space left on device")).getStatusCode().value())
                .isEqualTo(500);
    }

    @Test
    void anyOtherFailureStaysAnInternalError() {
        Exception constraint = new DataAccessResourceFailureException("x", new SQLException("duplicate", "23505"));

        ResponseEntity<ProblemDetail> answer = handler.unexpected(new IllegalStateException("bug", constraint));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().containsKey(HttpHeaders.RETRY_AFTER)).isFalse();
        assertThat(answer.getBody().getProperties()).containsEntry("code", Problems.INTERNAL_ERROR);
    }
}
