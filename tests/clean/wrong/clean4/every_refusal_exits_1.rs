//! Known-wrong answer to `clean4`: every error of the use case exits with 1, bad input included.
//! Breaks: "`OrderError::Invalid`, input the domain refuses: write `error: {error}` and a newline to `err` (e.g. `error: -1 is not a quantity: 1 to 100`), return 2"
//! Why a learner writes it: 1 is "failure" in most shells, and the arguments did parse; but
//! input that breaks a rule is the command's fault as much as a missing flag is, and retrying
//! it unchanged can never work.
//! Rejected by: input_the_domain_refuses_exits_2, a_negative_quantity_is_the_domains_to_refuse

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::io::Write;
use std::sync::{Mutex, PoisonError};

use clap::{Parser, Subcommand};

// ---- The use case (given, finished): what the HTTP API calls too. ----

/// Why the input was refused: the caller's to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    #[error("{got:?} is not an email address like ada@example.com")]
    Email { got: String },
    #[error("{got:?} is not a product code: 1 to 32 of a-z, 0-9 and -")]
    Product { got: String },
    #[error("{got} is not a quantity: 1 to 100")]
    Quantity { got: i64 },
    #[error("an order needs at least one line")]
    EmptyOrder,
    #[error("{0} is ordered on two lines: order it once, with the total quantity")]
    ProductTwice(String),
}

/// Why the use case did not place the order.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// The input breaks a rule of the domain.
    #[error(transparent)]
    Invalid(#[from] DomainError),
    /// A refusal: the stock is not there. Nothing was written.
    #[error("not enough {product} in stock: {requested} wanted, {available} left")]
    OutOfStock {
        product: String,
        requested: u32,
        available: u32,
    },
    /// A refusal: the catalogue has no such product. Nothing was written.
    #[error("the catalogue has no product {0}")]
    UnknownProduct(String),
}

/// What a client asks for, as it arrived: not yet checked.
#[derive(Debug, Clone)]
pub struct PlaceOrderRequest {
    pub customer: String,
    /// Product codes and quantities.
    pub lines: Vec<(String, i64)>,
}

/// A placed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub id: String,
    pub customer: String,
    pub lines: Vec<(String, u32)>,
}

/// `order-1 for ada@example.com: 2 x keyboard, 1 x mouse`
impl fmt::Display for Order {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self
            .lines
            .iter()
            .map(|(product, quantity)| format!("{quantity} x {product}"))
            .collect();
        write!(f, "{} for {}: {}", self.id, self.customer, lines.join(", "))
    }
}

/// Use case: a customer places an order; the stock of every line is reserved, or nothing is.
#[derive(Default)]
pub struct PlaceOrder {
    stock: Mutex<BTreeMap<String, u32>>,
    orders: Mutex<Vec<Order>>,
}

impl PlaceOrder {
    pub fn with_stock(stock: &[(&str, u32)]) -> Self {
        Self {
            stock: Mutex::new(stock.iter().map(|(p, n)| ((*p).to_owned(), *n)).collect()),
            orders: Mutex::default(),
        }
    }

    /// The stock of every product, for the checks.
    pub fn stock(&self) -> Vec<(String, u32)> {
        let stock = self.stock.lock().unwrap_or_else(PoisonError::into_inner);
        stock.iter().map(|(p, n)| (p.clone(), *n)).collect()
    }

    /// Every order placed, for the checks.
    pub fn orders(&self) -> Vec<Order> {
        self.orders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub async fn execute(&self, request: PlaceOrderRequest) -> Result<Order, OrderError> {
        let customer = request.customer.trim().to_lowercase();
        let email_ok = matches!(customer.split_once('@'), Some((user, domain))
            if !user.is_empty() && domain.contains('.') && !domain.contains('@')
                && !customer.contains(char::is_whitespace));
        if !email_ok {
            return Err(DomainError::Email {
                got: request.customer,
            }
            .into());
        }
        if request.lines.is_empty() {
            return Err(DomainError::EmptyOrder.into());
        }
        let mut lines: Vec<(String, u32)> = Vec::new();
        for (product, quantity) in &request.lines {
            let code_ok = (1..=32).contains(&product.len())
                && product
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !code_ok {
                return Err(DomainError::Product {
                    got: product.clone(),
                }
                .into());
            }
            let quantity = match u32::try_from(*quantity) {
                Ok(q) if (1..=100).contains(&q) => q,
                _ => return Err(DomainError::Quantity { got: *quantity }.into()),
            };
            if lines.iter().any(|(p, _)| p == product) {
                return Err(DomainError::ProductTwice(product.clone()).into());
            }
            lines.push((product.clone(), quantity));
        }

        let mut stock = self.stock.lock().unwrap_or_else(PoisonError::into_inner);
        for (product, quantity) in &lines {
            let available = *stock
                .get(product)
                .ok_or_else(|| OrderError::UnknownProduct(product.clone()))?;
            if available < *quantity {
                return Err(OrderError::OutOfStock {
                    product: product.clone(),
                    requested: *quantity,
                    available,
                });
            }
        }
        for (product, quantity) in &lines {
            if let Some(available) = stock.get_mut(product) {
                *available -= quantity;
            }
        }
        let mut orders = self.orders.lock().unwrap_or_else(PoisonError::into_inner);
        let order = Order {
            id: format!("order-{}", orders.len() + 1),
            customer,
            lines,
        };
        orders.push(order.clone());
        Ok(order)
    }
}

// ---- The command line: yours. ----

/// Places orders.
#[derive(Debug, Parser)]
#[command(name = "orders")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Places an order: its stock is reserved, or nothing happens.
    Place {
        /// The customer's email address.
        #[arg(long)]
        customer: String,
        /// A line of the order, PRODUCT=QUANTITY (repeat for more lines).
        #[arg(long = "line", value_name = "PRODUCT=QUANTITY", required = true, value_parser = parse_line)]
        lines: Vec<(String, i64)>,
    },
}

/// `keyboard=2` → `("keyboard", 2)`.
fn parse_line(text: &str) -> Result<(String, i64), String> {
    let (product, quantity) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?} is not PRODUCT=QUANTITY (e.g. keyboard=2)"))?;
    let quantity = quantity.parse().map_err(|_| {
        format!(
            "{quantity:?} in {text:?} is not a whole number: PRODUCT=QUANTITY (e.g. keyboard=2)"
        )
    })?;
    Ok((product.to_owned(), quantity))
}

/// Runs one command against `use_case`: answers to `out`, errors to `err`; returns the exit
/// code.
pub async fn run(
    use_case: &PlaceOrder,
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> u8 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // --help is an "error" to clap too, with exit code 0, for stdout.
            let code = u8::try_from(error.exit_code()).unwrap_or(2);
            let _ = match code {
                0 => write!(out, "{}", error.render()),
                _ => write!(err, "{}", error.render()),
            };
            return code;
        }
    };
    let Command::Place { customer, lines } = cli.command;
    match use_case
        .execute(PlaceOrderRequest { customer, lines })
        .await
    {
        Ok(order) => {
            let _ = writeln!(out, "placed {order}");
            0
        }
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            1
        }
    }
}
