-- The auth service's database: its users, and the outbox of events it has not published yet.
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    plan TEXT NOT NULL
);

-- seq: the order the relay publishes in. published_at: NULL until the broker has the event.
CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    envelope TEXT NOT NULL,
    published_at TEXT
);

CREATE INDEX outbox_pending ON outbox (seq) WHERE published_at IS NULL;
