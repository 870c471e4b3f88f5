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
function register({ email, displayName, plan }) {
  const user = { id: randomUUID(), email, displayName, plan };
  users.set(user.id, user);
  // (1) If the process dies here, the user exists and nobody ever hears of it.
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
console.log("analytics:", JSON.stringify(stats));

// ANCHOR: late
// (3) A second read model, started now, hears nothing of the three sign-ups before it.
const late = { users: 0 };
bus.on("UserCreated", () => (late.users += 1));
console.log("a read model added later:", JSON.stringify(late));
// ANCHOR_END: late

// (2) A listener that throws makes emit throw: the sign-up fails after the user was saved.
bus.on("UserCreated", () => {
  throw new Error("the stats database is down");
});
try {
  register({ email: "hedy@example.com", displayName: "Hedy", plan: "pro" });
} catch (error) {
  console.log(`the sign-up threw "${error.message}", yet ${users.size} users are saved`);
}
