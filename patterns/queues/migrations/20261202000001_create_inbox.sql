-- Portable SQL: runs on SQLite and on PostgreSQL.
-- One row per message already handled: what makes a consumer idempotent.
CREATE TABLE inbox (
    message_id TEXT PRIMARY KEY
);

-- The effect the sign-up story cares about: one welcome mail per user.
CREATE TABLE welcome_mails (
    message_id TEXT PRIMARY KEY REFERENCES inbox (message_id),
    email      TEXT NOT NULL
);
