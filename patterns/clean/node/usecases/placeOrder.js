// The use-case ring. Its "ports" are whatever objects it is given: JavaScript has no traits,
// so the contract lives in this comment and in the tests, and nothing checks the shapes.
//   unitOfWork.run(async (tx) => ...)  tx.reserve(product, quantity), tx.insert(order)
//   clock.now()  ids.next()  notifier.orderConfirmed(order)
const { Order } = require("../domain/order");

// ANCHOR: place_order
function makePlaceOrder({ unitOfWork, clock, ids }) {
  return async function placeOrder({ customer, lines }) {
    const order = Order.place({ id: ids.next(), customer, lines, at: clock.now() });
    await unitOfWork.run(async (tx) => {
      for (const { product, quantity } of order.lines) await tx.reserve(product, quantity);
      await tx.insert(order);
    });
    return order;
  };
}
// ANCHOR_END: place_order

function makeConfirmOrder({ unitOfWork, notifier }) {
  return async function confirmOrder(id) {
    const order = await unitOfWork.run(async (tx) => {
      const found = await tx.find(id);
      if (!found) throw Object.assign(new Error(`no order ${id}`), { notFound: true });
      found.confirm();
      await tx.save(found);
      return found;
    });
    await notifier.orderConfirmed(order);
    return order;
  };
}

module.exports = { makePlaceOrder, makeConfirmOrder };
