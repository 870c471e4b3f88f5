// The source material's microservices, in Node: auth, orders and a gateway, each its own
// process (child_process.fork) with its own "database" (a Map no other process can see),
// talking HTTP. `node services.js` runs the story and stops them all.
// It works, and it shows what the Rust chapter adds: (1) `fetch` has no timeout, so a slow
// orders service holds the gateway's request for as long as it is slow; (2) a retried POST
// places a second order; (3) the "token" is a random string only auth can check, so every
// request costs a call to auth; (4) when orders dies, the gateway answers 500 with a stack
// trace's message instead of a clear 503.

// ANCHOR: services
import { fork } from "node:child_process";
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";

const role = process.argv[2];

function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function body(req) {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

function listen(handler) {
  const server = createServer((req, res) =>
    handler(req, res).catch((err) => json(res, 500, { error: err.message })),
  );
  server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
}

if (role === "auth") {
  const users = new Map(); // auth's own database
  const sessions = new Map(); // (3) opaque tokens: only auth can check them
  listen(async (req, res) => {
    if (req.method === "POST" && req.url === "/users") {
      const { email } = await body(req);
      const id = randomUUID();
      users.set(id, { id, email });
      return json(res, 201, { id, email });
    }
    if (req.method === "POST" && req.url === "/sessions") {
      const { email } = await body(req);
      const user = [...users.values()].find((u) => u.email === email);
      if (!user) return json(res, 401, { error: "wrong email" });
      const token = randomUUID();
      sessions.set(token, user.id);
      return json(res, 200, { token });
    }
    if (req.method === "GET" && req.url.startsWith("/sessions/")) {
      const userId = sessions.get(req.url.slice("/sessions/".length));
      return userId ? json(res, 200, { userId }) : json(res, 401, { error: "no session" });
    }
    json(res, 404, { error: "not found" });
  });
} else if (role === "orders") {
  const orders = []; // orders' own database
  const authUrl = process.env.AUTH_URL;
  listen(async (req, res) => {
    const token = (req.headers.authorization ?? "").replace("Bearer ", "");
    const session = await fetch(`${authUrl}/sessions/${token}`); // (3) a call per request
    if (!session.ok) return json(res, 401, { error: "not logged in" });
    const { userId } = await session.json();
    if (req.method === "POST") {
      const { item } = await body(req);
      const order = { id: randomUUID(), userId, item };
      orders.push(order); // (2) no idempotency key: a retry is a second order
      return json(res, 201, order);
    }
    json(res, 200, { orders: orders.filter((o) => o.userId === userId) });
  });
} else if (role === "gateway") {
  const routes = { "/api/users": process.env.AUTH_URL + "/users",
    "/api/sessions": process.env.AUTH_URL + "/sessions",
    "/api/orders": process.env.ORDERS_URL + "/orders" };
  listen(async (req, res) => {
    const target = routes[req.url];
    if (!target) return json(res, 404, { error: "not found" });
    const text = req.method === "POST" ? JSON.stringify(await body(req)) : undefined;
    // (1) no timeout: a stuck service holds this request for ever. (4) a dead one throws,
    // and the catch in `listen` answers 500.
    const answer = await fetch(target, { method: req.method, body: text,
      headers: { "content-type": "application/json", authorization: req.headers.authorization ?? "" } });
    json(res, answer.status, await answer.json());
  });
}
// ANCHOR_END: services
else {
  // The story: start the three processes, register, log in, place an order twice, list.
  const start = (name, env) =>
    new Promise((resolve) => {
      const child = fork(new URL(import.meta.url).pathname, [name], { env: { ...process.env, ...env } });
      child.once("message", ({ port }) => resolve({ child, url: `http://127.0.0.1:${port}` }));
    });
  const auth = await start("auth", {});
  const orders = await start("orders", { AUTH_URL: auth.url });
  const gateway = await start("gateway", { AUTH_URL: auth.url, ORDERS_URL: orders.url });
  const post = (path, data, token) =>
    fetch(gateway.url + path, { method: "POST", body: JSON.stringify(data),
      headers: { "content-type": "application/json", authorization: `Bearer ${token ?? ""}` } });
  await post("/api/users", { email: "ada@example.com" });
  const { token } = await (await post("/api/sessions", { email: "ada@example.com" })).json();
  await post("/api/orders", { item: "Rust in Action" }, token);
  await post("/api/orders", { item: "Rust in Action" }, token); // a retry after a lost answer
  const list = await (await fetch(gateway.url + "/api/orders",
    { headers: { authorization: `Bearer ${token}` } })).json();
  console.log(`one order placed and retried once: ${list.orders.length} orders (2) stored`);
  orders.child.kill("SIGKILL");
  const dead = await post("/api/orders", { item: "a pen" }, token);
  console.log(`orders killed: the gateway answers ${dead.status} (4): ${(await dead.json()).error}`);
  for (const { child } of [gateway, auth]) child.kill("SIGTERM");
}
