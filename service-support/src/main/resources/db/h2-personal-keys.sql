-- The customers' keys that seal personal text in events. Kept in their own file, apart from the event store, so
-- that a copy of the events is not a copy of the keys; deleting a customer's rows is what erases their data.
CREATE TABLE IF NOT EXISTS PersonalDataKey (
    keyId      VARCHAR(36)  NOT NULL PRIMARY KEY,
    subject    VARCHAR(255) NOT NULL,
    secret     VARBINARY(32) NOT NULL,
    createdAt  TIMESTAMP(9) WITH TIME ZONE NOT NULL
);
CREATE INDEX IF NOT EXISTS personal_data_key_subject ON PersonalDataKey (subject);
