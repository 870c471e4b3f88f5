// userRepository.js: SQL, and nothing else.
const db = require("./db");

const byEmail = db.prepare("SELECT * FROM users WHERE email = ?");
const byId = db.prepare("SELECT * FROM users WHERE id = ?");
const insert = db.prepare(
  "INSERT INTO users (id, email, name, password_hash) VALUES (?, ?, ?, ?) RETURNING *",
);

// ANCHOR: repository
exports.findByEmail = async (email) => byEmail.get(email);
exports.findById = async (id) => byId.get(id);
exports.create = async ({ id, email, name, passwordHash }) =>
  insert.get(id, email, name, passwordHash);
// ANCHOR_END: repository
