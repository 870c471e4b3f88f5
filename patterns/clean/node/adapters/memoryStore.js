// An adapter: the store in memory. A transaction works on a copy and keeps it only if the
// callback finishes; an exception throws the copy away.
const { Order } = require("../domain/order");

class OutOfStock extends Error {}

function memoryStore(stock) {
  let state = { stock: { ...stock }, orders: {} };
  let queue = Promise.resolve();
  return {
    // ANCHOR: unit_of_work
    run(work) {
      const attempt = queue.then(async () => {
        const copy = { stock: { ...state.stock }, orders: { ...state.orders } };
        const tx = {
          async reserve(product, quantity) {
            if (!(product in copy.stock)) throw new OutOfStock(`the catalogue has no product ${product}`);
            if (copy.stock[product] < quantity) throw new OutOfStock(`not enough ${product} in stock`);
            copy.stock[product] -= quantity;
          },
          async insert(order) { copy.orders[order.id] = { ...order }; },
          async find(id) { return copy.orders[id] && Object.assign(new Order(), copy.orders[id]); },
          async save(order) { copy.orders[order.id] = { ...order }; },
        };
        const result = await work(tx);
        state = copy; // commit
        return result;
      });
      queue = attempt.catch(() => {});
      return attempt;
    },
    // ANCHOR_END: unit_of_work
    available: (product) => state.stock[product],
  };
}

module.exports = { memoryStore, OutOfStock };
