//! Known-wrong answer to `clean1`: a product twice is only noticed on neighbouring lines.
//! Breaks: "a product that is on two lines (whatever their quantities), `DomainError::ProductTwice(<product>)`"
//! Why a learner writes it: `lines.windows(2)` is a tidy way to compare lines, and the example
//! that comes to mind (keyboard, keyboard) has them side by side; keyboard, mouse, keyboard
//! slips through.
//! Rejected by: a_product_twice_is_refused_even_lines_apart

use std::fmt;

/// Why a value or an order was refused. Each message says what was expected, so whoever sent
/// the input can fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{got:?} is not an email address like ada@example.com")]
    Email { got: String },
    #[error("{got:?} is not a product code: 1 to 32 of a-z, 0-9 and -")]
    Product { got: String },
    #[error("{got} is not a quantity: 1 to {max}", max = Quantity::MAX)]
    Quantity { got: i64 },
    #[error("an order needs at least one line")]
    EmptyOrder,
    #[error("an order has at most {max} lines, not {got}", max = Order::MAX_LINES)]
    TooManyLines { got: usize },
    #[error("{0} is ordered on two lines: order it once, with the total quantity")]
    ProductTwice(ProductId),
    #[error("the order is {status}: only a pending order can become {wanted}")]
    NotPending {
        status: OrderStatus,
        wanted: OrderStatus,
    },
}

/// A customer's email address: trimmed, lower-cased, one `@` with a name before it and a
/// domain with a dot after it. Given: the model for `Quantity`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Self, DomainError> {
        let email = text.trim().to_lowercase();
        let well_formed = !email.contains(char::is_whitespace)
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

/// A product's code, as the catalogue writes it: 1 to 32 of `a-z`, `0-9` and `-`. Given.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProductId(String);

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

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How many of one product a line orders: 1 to 100. The field is private: `Quantity::new` is
/// the only way to make one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Quantity(u32);

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

/// One line of an order: how many of which product. Both fields are already parsed values,
/// so a line is valid as soon as it exists.
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

impl fmt::Display for OrderStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Cancelled => "cancelled",
        })
    }
}

/// An order. Its fields are private: the only orders that exist are those `Order::place` let
/// through, and the only changes are `confirm` and `cancel`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    customer: Email,
    lines: Vec<OrderLine>,
    status: OrderStatus,
}

impl Order {
    /// The most lines one order may have.
    pub const MAX_LINES: usize = 20;

    /// A new, pending order: at least one line, at most `MAX_LINES`, each product once.
    pub fn place(customer: Email, lines: Vec<OrderLine>) -> Result<Self, DomainError> {
        if lines.is_empty() {
            return Err(DomainError::EmptyOrder);
        }
        if lines.len() > Self::MAX_LINES {
            return Err(DomainError::TooManyLines { got: lines.len() });
        }
        for pair in lines.windows(2) {
            if pair[0].product == pair[1].product {
                return Err(DomainError::ProductTwice(pair[1].product.clone()));
            }
        }
        Ok(Self {
            customer,
            lines,
            status: OrderStatus::Pending,
        })
    }

    /// Pending → confirmed; anything else is refused and changes nothing.
    pub fn confirm(&mut self) -> Result<(), DomainError> {
        self.leave_pending(OrderStatus::Confirmed)
    }

    /// Pending → cancelled; anything else is refused and changes nothing.
    pub fn cancel(&mut self) -> Result<(), DomainError> {
        self.leave_pending(OrderStatus::Cancelled)
    }

    fn leave_pending(&mut self, wanted: OrderStatus) -> Result<(), DomainError> {
        if self.status != OrderStatus::Pending {
            return Err(DomainError::NotPending {
                status: self.status,
                wanted,
            });
        }
        self.status = wanted;
        Ok(())
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
}
