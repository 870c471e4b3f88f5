// The database: SQLite in memory through better-sqlite3, with the same table as the Rust
// version's migration (patterns/layered/migrations).
const Database = require("better-sqlite3");

const db = new Database(":memory:");
db.exec(`
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL
  )
`);

module.exports = db;
