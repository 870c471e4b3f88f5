-- The notifications service's database: the events it has handled (its inbox), where it is in
-- the stream, and the emails it sent.
CREATE TABLE inbox (
    event_id TEXT PRIMARY KEY
);

CREATE TABLE checkpoint (
    id INTEGER PRIMARY KEY,
    position BIGINT NOT NULL
);

CREATE TABLE notifications (
    event_id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    email TEXT NOT NULL,
    subject TEXT NOT NULL,
    sent_at TEXT NOT NULL
);
