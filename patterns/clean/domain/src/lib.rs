//! # The domain ring: orders, and the rules nobody may break
//!
//! The innermost ring of a clean architecture holds what the business would still say if
//! there were no computers: an order has at least one line, a quantity is a positive number,
//! a confirmed order is not changed any more. Everything else (how orders arrive, where they
//! are kept, who is told) is somebody else's business, in a ring further out.
//!
//! So this crate depends on std and thiserror only. That is not a convention to remember: the
//! `clean` package's `tests/dependency_rule.rs` reads `cargo metadata` and fails if this crate
//! ever depends, even through another crate, on an async runtime, a database, a web framework
//! or serde. The rules can be read, tested and reused with nothing else in the way.
//!
//! Every value is *parsed* once, where it enters, into a type whose fields are private: a
//! [`Quantity`] is a quantity from 1 to 100, never a `u32` that somebody should have checked.
//! An [`Order`] can only be made by [`Order::place`] (or rebuilt by [`Order::restore`], which
//! checks the same rules), so an order that breaks them cannot exist.

use std::fmt;

// ANCHOR: values
/// A customer's email address: trimmed, lower-cased, at most 254 bytes, one `@` with a name
/// before it and a domain with a dot after it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);

/// A product's code, as the catalogue writes it: 1 to 32 of `a-z`, `0-9` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProductId(String);

/// How many of one product a line orders: 1 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quantity(u32);

/// An order's id, as the application's id generator made it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrderId(String);

/// A moment, in milliseconds since the Unix epoch: what the clock port says "now" is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(u64);
// ANCHOR_END: values

/// Why a value or an order was refused. Each says what was expected, so an adapter can pass
/// it on to whoever sent the input (an HTTP client, a person at a terminal).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{got:?} is not an email address like ada@example.com")]
    Email { got: String },
    #[error("{got:?} is not a product code: 1 to 32 of a-z, 0-9 and -")]
    Product { got: String },
    #[error("{got} is not a quantity: 1 to {max}", max = Quantity::MAX)]
    Quantity { got: i64 },
    #[error("{got:?} is not an order id: 1 to 64 of A-Z, a-z, 0-9 and -")]
    OrderId { got: String },
    #[error("an order needs at least one line")]
    EmptyOrder,
    #[error("an order has at most {max} lines, not {got}", max = Order::MAX_LINES)]
    TooManyLines { got: usize },
    #[error("{0} is ordered on two lines: order it once, with the total quantity")]
    ProductTwice(ProductId),
    #[error("order {order} is {status}: only a pending order can be {wanted}")]
    NotPending {
        order: OrderId,
        status: OrderStatus,
        wanted: &'static str,
    },
    #[error("{got:?} is not an order status: pending, confirmed or cancelled")]
    Status { got: String },
}

impl Email {
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let email = text.trim().to_lowercase();
        let well_formed = email.len() <= 254
            && !email.contains(|c: char| c.is_whitespace() || c.is_control())
            && matches!(email.split_once('@'), Some((user, domain))
                if !user.is_empty() && domain.contains('.') && !domain.starts_with('.')
                    && !domain.ends_with('.') && !domain.contains('@'));
        if !well_formed {
            return Err(DomainError::Email {
                got: text.to_owned(),
            });
        }
        Ok(Self(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl ProductId {
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let code = text.trim();
        let well_formed = (1..=32).contains(&code.len())
            && code
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !well_formed {
            return Err(DomainError::Product {
                got: text.to_owned(),
            });
        }
        Ok(Self(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Quantity {
    /// The most of one product a line may order.
    pub const MAX: u32 = 100;

    /// Takes a signed number, so that `-1` from a form or a command line is refused here, with
    /// the rule, rather than somewhere else as "invalid digit".
    pub fn new(quantity: i64) -> Result<Self, DomainError> {
        match u32::try_from(quantity) {
            Ok(q) if (1..=Self::MAX).contains(&q) => Ok(Self(q)),
            _ => Err(DomainError::Quantity { got: quantity }),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl OrderId {
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let well_formed = (1..=64).contains(&text.len())
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !well_formed {
            return Err(DomainError::OrderId {
                got: text.to_owned(),
            });
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Timestamp {
    pub fn from_millis(millis: u64) -> Self {
        Self(millis)
    }

    pub fn as_millis(self) -> u64 {
        self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One line of an order: how many of which product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLine {
    pub product: ProductId,
    pub quantity: Quantity,
}

/// Where an order is in its life. Pending → confirmed, or pending → cancelled; nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderStatus {
    Pending,
    Confirmed,
    Cancelled,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Result<Self, DomainError> {
        match text {
            "pending" => Ok(OrderStatus::Pending),
            "confirmed" => Ok(OrderStatus::Confirmed),
            "cancelled" => Ok(OrderStatus::Cancelled),
            _ => Err(DomainError::Status {
                got: text.to_owned(),
            }),
        }
    }
}

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// ANCHOR: order
/// An order: who placed it, what for, and where it is in its life. Its fields are private,
/// so the only orders that exist are the ones [`Order::place`] and [`Order::restore`] let
/// through, and the only changes are [`Order::confirm`] and [`Order::cancel`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    id: OrderId,
    customer: Email,
    lines: Vec<OrderLine>,
    status: OrderStatus,
    placed_at: Timestamp,
}

impl Order {
    /// The most lines one order may have.
    pub const MAX_LINES: usize = 20;

    /// A new, pending order. At least one line, at most [`Order::MAX_LINES`], and each product
    /// once.
    pub fn place(
        id: OrderId,
        customer: Email,
        lines: Vec<OrderLine>,
        at: Timestamp,
    ) -> Result<Self, DomainError> {
        Self::restore(id, customer, lines, OrderStatus::Pending, at)
    }

    /// An order read back from storage, checked by the same rules as a new one: a row that
    /// breaks them is refused here, not trusted because it came from our own database.
    pub fn restore(
        id: OrderId,
        customer: Email,
        lines: Vec<OrderLine>,
        status: OrderStatus,
        placed_at: Timestamp,
    ) -> Result<Self, DomainError> {
        if lines.is_empty() {
            return Err(DomainError::EmptyOrder);
        }
        if lines.len() > Self::MAX_LINES {
            return Err(DomainError::TooManyLines { got: lines.len() });
        }
        for (i, line) in lines.iter().enumerate() {
            if lines[..i].iter().any(|l| l.product == line.product) {
                return Err(DomainError::ProductTwice(line.product.clone()));
            }
        }
        Ok(Self {
            id,
            customer,
            lines,
            status,
            placed_at,
        })
    }

    /// Pending → confirmed. Any other status is refused, and the order is left as it was.
    pub fn confirm(&mut self) -> Result<(), DomainError> {
        self.leave_pending(OrderStatus::Confirmed, "confirmed")
    }

    /// Pending → cancelled. A confirmed order cannot be changed, so it cannot be cancelled.
    pub fn cancel(&mut self) -> Result<(), DomainError> {
        self.leave_pending(OrderStatus::Cancelled, "cancelled")
    }

    fn leave_pending(&mut self, to: OrderStatus, wanted: &'static str) -> Result<(), DomainError> {
        if self.status != OrderStatus::Pending {
            return Err(DomainError::NotPending {
                order: self.id.clone(),
                status: self.status,
                wanted,
            });
        }
        self.status = to;
        Ok(())
    }
    // ANCHOR_END: order

    pub fn id(&self) -> &OrderId {
        &self.id
    }

    pub fn customer(&self) -> &Email {
        &self.customer
    }

    pub fn lines(&self) -> &[OrderLine] {
        &self.lines
    }

    pub fn status(&self) -> OrderStatus {
        self.status
    }

    pub fn placed_at(&self) -> Timestamp {
        self.placed_at
    }

    /// How many items the order holds, over all its lines.
    pub fn items(&self) -> u32 {
        self.lines.iter().map(|line| line.quantity.get()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(product: &str, quantity: i64) -> OrderLine {
        OrderLine {
            product: ProductId::parse(product).unwrap(),
            quantity: Quantity::new(quantity).unwrap(),
        }
    }

    fn pending(lines: Vec<OrderLine>) -> Result<Order, DomainError> {
        Order::place(
            OrderId::parse("order-1").unwrap(),
            Email::parse("ada@example.com").unwrap(),
            lines,
            Timestamp::from_millis(0),
        )
    }

    #[test]
    fn values_are_parsed_once_into_their_rules() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
        for bad in [
            "",
            "ada",
            "ada@example",
            "a b@example.com",
            "ada\u{0}@example.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(ProductId::parse(" keyboard ").unwrap().as_str(), "keyboard");
        for bad in [
            "",
            "Keyboard",
            "key board",
            "x".repeat(33).as_str(),
            "'; DROP",
        ] {
            assert!(ProductId::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Quantity::new(1).unwrap().get(), 1);
        assert_eq!(Quantity::new(100).unwrap().get(), 100);
        for bad in [0, -1, 101, i64::from(u32::MAX) + 1] {
            assert_eq!(Quantity::new(bad), Err(DomainError::Quantity { got: bad }));
        }
    }

    #[test]
    fn an_order_has_lines_each_product_once() {
        assert_eq!(pending(vec![]), Err(DomainError::EmptyOrder));
        assert_eq!(
            pending(vec![
                line("keyboard", 1),
                line("mouse", 2),
                line("keyboard", 3)
            ]),
            Err(DomainError::ProductTwice(
                ProductId::parse("keyboard").unwrap()
            ))
        );
        let many = (0..21).map(|i| line(&format!("p{i}"), 1)).collect();
        assert_eq!(pending(many), Err(DomainError::TooManyLines { got: 21 }));
        let order = pending(vec![line("keyboard", 1), line("mouse", 2)]).unwrap();
        assert_eq!(order.status(), OrderStatus::Pending);
        assert_eq!(order.items(), 3);
    }

    #[test]
    fn only_a_pending_order_moves_and_a_confirmed_one_never_changes() {
        let mut order = pending(vec![line("keyboard", 1)]).unwrap();
        order.confirm().unwrap();
        assert_eq!(order.status(), OrderStatus::Confirmed);
        let before = order.clone();
        assert!(matches!(
            order.cancel(),
            Err(DomainError::NotPending {
                status: OrderStatus::Confirmed,
                ..
            })
        ));
        assert!(order.confirm().is_err(), "confirming twice is refused too");
        assert_eq!(order, before, "a refused change changes nothing");

        let mut order = pending(vec![line("keyboard", 1)]).unwrap();
        order.cancel().unwrap();
        assert_eq!(
            order.confirm().unwrap_err().to_string(),
            "order order-1 is cancelled: only a pending order can be confirmed"
        );
    }
}
