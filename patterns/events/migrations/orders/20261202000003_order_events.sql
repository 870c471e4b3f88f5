-- The orders service's event store: an order is its events, and nothing else. The primary key
-- is what makes optimistic concurrency safe: two writers that both read version 3 both try to
-- insert version 4, and the database keeps one.
CREATE TABLE order_events (
    order_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (order_id, version)
);
