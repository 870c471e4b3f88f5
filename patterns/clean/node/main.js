// The composition root: it alone requires every ring, builds the adapters and hands them to
// the use cases; then the demo drives the same use cases over HTTP and from the command line.
const { makePlaceOrder, makeConfirmOrder } = require("./usecases/placeOrder");
const { memoryStore } = require("./adapters/memoryStore");
const { httpServer } = require("./adapters/http");
const { cli } = require("./adapters/cli");

// ANCHOR: wiring
const unitOfWork = memoryStore({ keyboard: 5, mouse: 10, monitor: 2 });
let next = 0;
const ids = { next: () => `order-${++next}` };
const clock = { now: () => Date.parse("2026-12-02T09:00:00Z") };
const notifier = { orderConfirmed: async (o) => console.log(`      [email to ${o.customer}] order ${o.id} confirmed`) };
const useCases = {
  placeOrder: makePlaceOrder({ unitOfWork, clock, ids }),
  confirmOrder: makeConfirmOrder({ unitOfWork, notifier }),
};
// ANCHOR_END: wiring

async function demo() {
  const server = httpServer(useCases).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const post = async (path, body) => {
    const res = await fetch(base + path, { method: "POST", body: body && JSON.stringify(body) });
    console.log(`HTTP  POST ${path} -> ${res.status} ${await res.text()}`);
  };
  await post("/orders", { customer: "ada@example.com", lines: [{ product: "keyboard", quantity: 1 }] });
  console.log(`CLI   orders place --customer grace@example.com --line monitor=2`);
  const code = await cli(useCases, ["place", "--customer", "grace@example.com", "--line", "monitor=2"]);
  console.log(`      exit code ${code}`);
  await post("/orders", { customer: "alan@example.com", lines: [{ product: "keyboard", quantity: 1 }, { product: "monitor", quantity: 1 }] });
  console.log(`      keyboards left: ${unitOfWork.available("keyboard")} (the refused order took none)`);
  await post("/orders/order-1/confirm");
  server.close();
  if (unitOfWork.available("keyboard") !== 4 || unitOfWork.available("monitor") !== 0) {
    throw new Error("the stock is not what the story says");
  }
}

demo().catch((error) => {
  console.error(error);
  process.exit(1);
});
