-- When the ledger's own clock must act on an account: a drawdown going overdue, a cool-off ending. Written in the
-- same transaction as the event that set the deadline, so no deadline is ever lost or left behind by a crash.
-- dueAt keeps nanoseconds, as the clock reads them: rounded to microseconds, a deadline could come due before the
-- instant it stands for, and the sweep would find nothing to do yet and drop it.
CREATE TABLE IF NOT EXISTS LedgerDeadline (
    accountId  VARCHAR(64)  NOT NULL,
    kind       VARCHAR(16)  NOT NULL,
    reference  VARCHAR(64)  NOT NULL,
    dueAt      TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (accountId, kind, reference)
);
CREATE INDEX IF NOT EXISTS ledger_deadline_due ON LedgerDeadline (dueAt);
