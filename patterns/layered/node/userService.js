// userService.js: the business rules.
const crypto = require("node:crypto");
const argon2 = require("argon2");
const userRepository = require("./userRepository");

// ANCHOR: service
exports.register = async ({ email, name, password }) => {
  email = email.trim().toLowerCase();
  if (await userRepository.findByEmail(email)) {
    throw Object.assign(new Error("email taken"), { status: 409 });
  }
  // argon2id with the parameters of the Rust version's `Argon2::default()`.
  const passwordHash = await argon2.hash(password, {
    type: argon2.argon2id,
    memoryCost: 19456,
    timeCost: 2,
    parallelism: 1,
  });
  return userRepository.create({ id: crypto.randomUUID(), email, name, passwordHash });
};

exports.get = async (id) => {
  const user = await userRepository.findById(id);
  if (!user) throw Object.assign(new Error("no such user"), { status: 404 });
  return user;
};
// ANCHOR_END: service
