-- Portable SQL: the same migration runs on SQLite and on PostgreSQL.
-- Ids are made by the application (UUIDs as text), so no backend's id type leaks out.
CREATE TABLE users (
    id    TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name  TEXT NOT NULL
);
