-- The deadline table of the postgres profile (see h2-deadlines.sql). PostgreSQL keeps microseconds, so the ledger
-- rounds a deadline up to the next microsecond before it stores it: never earlier than the instant it stands for.
CREATE TABLE IF NOT EXISTS LedgerDeadline (
    accountId  VARCHAR(64)  NOT NULL,
    kind       VARCHAR(16)  NOT NULL,
    reference  VARCHAR(64)  NOT NULL,
    dueAt      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (accountId, kind, reference)
);
CREATE INDEX IF NOT EXISTS ledger_deadline_due ON LedgerDeadline (dueAt);
