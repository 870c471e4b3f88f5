// A second way in: the same use cases from a command line.
const { status } = require("./http");

// ANCHOR: cli
async function cli({ placeOrder }, argv, out = console.log, err = console.error) {
  const [command, ...rest] = argv;
  if (command !== "place") {
    err(`usage: orders place --customer EMAIL --line PRODUCT=QUANTITY...`);
    return 2;
  }
  let customer;
  const lines = [];
  for (let i = 0; i < rest.length; i += 2) {
    if (rest[i] === "--customer") customer = rest[i + 1];
    else if (rest[i] === "--line") {
      const [product, quantity] = rest[i + 1].split("=");
      lines.push({ product, quantity: Number(quantity) });
    }
  }
  try {
    const order = await placeOrder({ customer, lines });
    out(`order ${order.id} placed for ${order.customer}`);
    return 0;
  } catch (error) {
    err(`error: ${error.message}`);
    return status(error) === 422 ? 2 : 1;
  }
}
// ANCHOR_END: cli

module.exports = { cli };
