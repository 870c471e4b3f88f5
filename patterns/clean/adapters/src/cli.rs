//! # A second way in: the same use cases from a command line, with clap
//!
//! `orders place --customer ada@example.com --line keyboard=1` calls exactly the
//! [`clean_app::PlaceOrder`] that `POST /orders` calls. Nothing about orders is written twice:
//! this module only parses arguments and prints answers. Exit codes follow the usual
//! convention: 0 done, 1 refused (out of stock, no such order), 2 the command itself is wrong
//! (clap's usage errors, and input that breaks a rule of the domain).

use std::ffi::OsString;
use std::io::Write;

use clap::{Parser, Subcommand};
use clean_app::{App, OrderError, PlaceOrderRequest, Ports};
use clean_domain::Order;

/// Places, confirms, cancels and shows orders.
#[derive(Debug, Parser)]
#[command(name = "orders", version, long_about = None)]
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
    /// Confirms a pending order, and tells the customer.
    Confirm { id: String },
    /// Cancels a pending order, and puts its stock back.
    Cancel { id: String },
    /// Shows an order.
    Show { id: String },
    /// Shows how many of a product are in stock.
    Stock { product: String },
}

fn parse_line(text: &str) -> Result<(String, i64), String> {
    let (product, quantity) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?} is not PRODUCT=QUANTITY (e.g. keyboard=2)"))?;
    let quantity = quantity
        .trim()
        .parse()
        .map_err(|_| format!("{quantity:?} is not a whole number"))?;
    Ok((product.to_owned(), quantity))
}

/// How the command ended, as a process exit code.
pub type ExitCode = u8;

// ANCHOR: run
/// Runs one command against `app`: answers to `out`, errors to `err` (stdout and stderr, in
/// a terminal). `args` starts with the program's name, as `std::env::args_os()` does.
pub async fn run<P: Ports>(
    app: &App<P>,
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(error) => {
            // --help and --version are "errors" to clap too, with exit code 0, for stdout.
            let code = u8::try_from(error.exit_code()).unwrap_or(2);
            let _ = match code {
                0 => write!(out, "{}", error.render()),
                _ => write!(err, "{}", error.render()),
            };
            return code;
        }
    };
    let outcome = match cli.command {
        Command::Place { customer, lines } => app
            .place
            .execute(PlaceOrderRequest { customer, lines })
            .await
            .map(|order| describe("placed", &order)),
        Command::Confirm { id } => app.confirm.execute(&id).await.map(|confirmed| {
            let told = match confirmed.notified {
                Ok(()) => format!("; {} was told", confirmed.order.customer()),
                Err(error) => format!("; the customer was NOT told ({error})"),
            };
            describe("confirmed", &confirmed.order) + &told
        }),
        Command::Cancel { id } => app
            .cancel
            .execute(&id)
            .await
            .map(|order| describe("cancelled", &order)),
        Command::Show { id } => app
            .get
            .execute(&id)
            .await
            .map(|order| describe(order.status().as_str(), &order)),
        Command::Stock { product } => app
            .stock
            .execute(&product)
            .await
            .map(|available| format!("{available} {product} in stock")),
    };
    match outcome {
        Ok(line) => {
            let _ = writeln!(out, "{line}");
            0
        }
        Err(error) => {
            let _ = writeln!(err, "error: {error}");
            exit_code(&error)
        }
    }
}
// ANCHOR_END: run

/// The use cases' answers, in a shell's words.
fn exit_code(error: &OrderError) -> ExitCode {
    match error {
        OrderError::Invalid(clean_domain::DomainError::NotPending { .. }) => 1,
        OrderError::Invalid(_) => 2,
        OrderError::Stock(_) | OrderError::NotFound(_) | OrderError::Store(_) => 1,
    }
}

fn describe(what: &str, order: &Order) -> String {
    let lines: Vec<String> = order
        .lines()
        .iter()
        .map(|line| format!("{} x {}", line.quantity, line.product))
        .collect();
    format!(
        "order {} {what} for {}: {}",
        order.id(),
        order.customer(),
        lines.join(", ")
    )
}
