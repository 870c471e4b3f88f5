// The source material's scenario on Node's own EventEmitter, timed: two listeners on a user
// registration, 1 M emits to warm up, then 10 M timed. `compare.sh` runs it beside the Rust
// version (examples/vs_node.rs), which does the same work.
const { EventEmitter } = require("node:events");

const emitter = new EventEmitter();
let emailBytes = 0;
let signups = 0;
emitter.on("userRegistered", (user) => {
  emailBytes += user.email.length;
});
emitter.on("userRegistered", () => {
  signups += 1;
});

const user = { email: "test@gmail.com" };
for (let i = 0; i < 1_000_000; i++) emitter.emit("userRegistered", user);
const emits = 10_000_000;
const start = process.hrtime.bigint();
for (let i = 0; i < emits; i++) emitter.emit("userRegistered", user);
const elapsed = Number(process.hrtime.bigint() - start);
console.log(`node ${process.version} EventEmitter.emit: ${(elapsed / emits).toFixed(2)} ns per emit`);
if (signups !== 11_000_000 || emailBytes !== 14 * 11_000_000) throw new Error("a listener missed an event");
