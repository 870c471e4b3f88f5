// The domain ring: an order and its rules. Nothing here requires anything.
class DomainError extends Error {}

// ANCHOR: order
class Order {
  static place({ id, customer, lines, at }) {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(customer)) throw new DomainError(`${customer} is not an email address`);
    if (lines.length === 0) throw new DomainError("an order needs at least one line");
    for (const { product, quantity } of lines) {
      if (!Number.isInteger(quantity) || quantity < 1 || quantity > 100) {
        throw new DomainError(`${quantity} is not a quantity: 1 to 100`);
      }
      if (lines.filter((l) => l.product === product).length > 1) {
        throw new DomainError(`${product} is ordered on two lines`);
      }
    }
    return Object.assign(new Order(), { id, customer, lines, status: "pending", placedAt: at });
  }

  confirm() {
    if (this.status !== "pending") throw new DomainError(`order ${this.id} is ${this.status}`);
    this.status = "confirmed";
  }
}
// ANCHOR_END: order

module.exports = { Order, DomainError };
