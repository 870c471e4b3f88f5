-- The orders service's database: orders, the idempotency keys of the commands that placed
-- them, and the outbox of events not yet published (the events pattern's shape).
CREATE TABLE orders (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    item TEXT NOT NULL,
    quantity BIGINT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX orders_by_user ON orders (user_id, created_at);

-- One row per (user, key): a command sent again with the same key finds its order here.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    order_id TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE outbox (
    seq BIGSERIAL PRIMARY KEY,
    event_id TEXT NOT NULL UNIQUE,
    envelope TEXT NOT NULL,
    published_at TEXT
);

CREATE INDEX outbox_pending ON outbox (seq) WHERE published_at IS NULL;
