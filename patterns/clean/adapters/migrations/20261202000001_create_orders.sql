-- Portable SQL: runs on SQLite and on PostgreSQL.
CREATE TABLE products (
    id        TEXT PRIMARY KEY,
    available BIGINT NOT NULL CHECK (available >= 0)
);

CREATE TABLE orders (
    id        TEXT PRIMARY KEY,
    customer  TEXT NOT NULL,
    status    TEXT NOT NULL,
    placed_at BIGINT NOT NULL
);

CREATE TABLE order_lines (
    order_id   TEXT NOT NULL REFERENCES orders (id),
    line_no    BIGINT NOT NULL,
    product_id TEXT NOT NULL REFERENCES products (id),
    quantity   BIGINT NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (order_id, line_no)
);
