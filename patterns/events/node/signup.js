// The source material's event-driven architecture, in Node: the auth service emits
// "UserCreated", the analytics service listens and stores stats. `node signup.js` runs it.
// Small scale: an EventEmitter in one process. It works, and it shows the four problems the
// Rust chapter solves: (1) the user is saved and the event emitted in two steps, so a crash
// in between loses the event; (2) a listener that throws breaks the sign-up; (3) a listener
// added later never hears what happened before: no replay; (4) the stats are counters, so an
// event delivered twice is counted twice.

// ANCHOR: emitter
import { EventEmitter } from "node:events";
import { randomUUID } from "node:crypto";

const bus = new EventEmitter();

// The auth service: saves the user, then announces it.
const users = new Map();
function register({ email, displayName, plan }, { crashBeforeEmit = false } = {}) {
  const user = { id: randomUUID(), email, displayName, plan };
  users.set(user.id, user);
  // (1) If the process dies here, the user exists and nobody ever hears of it.
  if (crashBeforeEmit) throw new Error("the process died");
  bus.emit("UserCreated", { userId: user.id, email, displayName, plan });
  return user;
}

// The analytics service: listens, and counts.
const stats = { users: 0, byPlan: {} };
bus.on("UserCreated", (event) => {
  stats.users += 1; // (4) counted again if the same event comes twice
  stats.byPlan[event.plan] = (stats.byPlan[event.plan] ?? 0) + 1;
});
// ANCHOR_END: emitter

register({ email: "ada@example.com", displayName: "Ada", plan: "pro" });
register({ email: "grace@example.com", displayName: "Grace", plan: "free" });
register({ email: "linus@example.com", displayName: "Linus", plan: "free" });
console.log(`${users.size} users saved; analytics: ${JSON.stringify(stats)}`);

// (1) A crash between the save and the emit.
try {
  register({ email: "margaret@example.com", displayName: "Margaret", plan: "free" }, { crashBeforeEmit: true });
} catch (error) {
  console.log(`(1) "${error.message}" after the save: ${users.size} users saved, analytics counts ${stats.users}`);
}

// (4) The same event delivered twice (a retry after a timeout, say): counted twice.
const linus = [...users.values()].find((user) => user.email === "linus@example.com");
bus.emit("UserCreated", { userId: linus.id, email: linus.email, displayName: linus.displayName, plan: linus.plan });
console.log(`(4) linus's event delivered again: analytics counts ${stats.users} users`);

// ANCHOR: late
// (3) A second read model, started now, hears nothing of the sign-ups before it.
const late = { users: 0 };
bus.on("UserCreated", () => (late.users += 1));
console.log(`(3) a read model added later counts ${late.users} users`);
// ANCHOR_END: late

// (2) A listener that throws makes emit throw: the sign-up fails after the user was saved.
bus.on("UserCreated", () => {
  throw new Error("the stats database is down");
});
try {
  register({ email: "hedy@example.com", displayName: "Hedy", plan: "pro" });
} catch (error) {
  console.log(`(2) the sign-up threw "${error.message}", yet ${users.size} users are saved`);
}
