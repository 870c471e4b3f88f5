//! Checks for exercise `clean1`: `exercises/clean/src/ex1_order.rs`.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(feature = "exercises", path = "../../exercises/clean/src/ex1_order.rs")]
#[cfg_attr(feature = "wrong", path = "wip/ex1_order.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/clean/src/ex1_order.rs"
)]
#[allow(unused)]
mod exercise;

use exercise::{DomainError, Email, Order, OrderLine, OrderStatus, ProductId, Quantity};

fn product(code: &str) -> ProductId {
    ProductId::parse(code).expect("the checks use valid product codes")
}

fn line(code: &str, quantity: i64) -> OrderLine {
    OrderLine {
        product: product(code),
        quantity: Quantity::new(quantity)
            .unwrap_or_else(|e| panic!("Quantity::new({quantity}) should be Ok, got Err({e:?})")),
    }
}

fn ada() -> Email {
    Email::parse("ada@example.com").expect("a valid email")
}

fn pending(lines: Vec<OrderLine>) -> Order {
    let shown = describe(&lines);
    Order::place(ada(), lines)
        .unwrap_or_else(|e| panic!("Order::place(ada, [{shown}]) should be Ok, got Err({e:?})"))
}

fn describe(lines: &[OrderLine]) -> String {
    lines
        .iter()
        .map(|l| format!("{}={}", l.product, l.quantity.get()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `count` lines of different products, one each: p0, p1, ...
fn distinct_lines(count: usize) -> Vec<OrderLine> {
    (0..count).map(|i| line(&format!("p{i}"), 1)).collect()
}

#[test]
fn quantity_accepts_1_to_100() {
    for q in [1, 2, 7, 50, 99, 100] {
        match Quantity::new(q) {
            Ok(quantity) => assert_eq!(
                i64::from(quantity.get()),
                q,
                "Quantity::new({q}).get() should give {q} back"
            ),
            Err(e) => panic!(
                "Quantity::new({q}) should be Ok: a quantity is 1 to 100, both included; got Err({e:?})"
            ),
        }
    }
}

#[test]
fn quantity_refuses_0_negatives_and_over_100() {
    for q in [0, -1, -100, 101, 102, 1000, i64::MIN] {
        assert_eq!(
            Quantity::new(q),
            Err(DomainError::Quantity { got: q }),
            "Quantity::new({q}) should be Err(DomainError::Quantity {{ got: {q} }}): a quantity is 1 to 100"
        );
    }
}

#[test]
fn quantities_too_big_for_a_u32_are_refused() {
    let past = 1_i64 << 32; // u32::MAX + 1
    for q in [past, past + 1, past + 50, past + 100, i64::MAX] {
        assert_eq!(
            Quantity::new(q),
            Err(DomainError::Quantity { got: q }),
            "Quantity::new({q}) should be Err(DomainError::Quantity {{ got: {q} }}): {q} is far more than 100, even if `{q} as u32` is {} (`as` keeps the low bits; `u32::try_from` refuses)",
            q as u32
        );
    }
}

#[test]
fn place_makes_a_pending_order_with_its_lines() {
    let lines = vec![line("keyboard", 1), line("mouse", 2)];
    let order = pending(lines.clone());
    assert_eq!(
        order.status(),
        OrderStatus::Pending,
        "a new order (Order::place) should be pending"
    );
    assert_eq!(
        order.lines(),
        lines.as_slice(),
        "Order::place(ada, [keyboard=1, mouse=2]) should keep its lines, in that order"
    );
    assert_eq!(
        order.customer(),
        &ada(),
        "Order::place(ada, ...) should keep its customer"
    );
    let one = pending(vec![line("screen", 100)]);
    assert_eq!(
        one.lines(),
        [line("screen", 100)].as_slice(),
        "an order with one line is an order"
    );
}

#[test]
fn an_order_needs_a_line() {
    assert_eq!(
        Order::place(ada(), vec![]),
        Err(DomainError::EmptyOrder),
        "Order::place(ada, []) should be Err(DomainError::EmptyOrder): an order has at least one line"
    );
}

#[test]
fn twenty_lines_is_the_most() {
    let order = pending(distinct_lines(20));
    assert_eq!(
        order.lines().len(),
        20,
        "Order::place with 20 lines should keep all 20"
    );
    for count in [21, 22, 40] {
        assert_eq!(
            Order::place(ada(), distinct_lines(count)),
            Err(DomainError::TooManyLines { got: count }),
            "Order::place with {count} lines (p0=1 ... p{}=1) should be Err(DomainError::TooManyLines {{ got: {count} }}): at most 20 lines",
            count - 1
        );
    }
}

#[test]
fn a_product_twice_is_refused() {
    assert_eq!(
        Order::place(ada(), vec![line("keyboard", 1), line("keyboard", 1)]),
        Err(DomainError::ProductTwice(product("keyboard"))),
        "Order::place(ada, [keyboard=1, keyboard=1]) should be Err(DomainError::ProductTwice(keyboard)): each product once"
    );
}

#[test]
fn a_product_twice_is_refused_whatever_the_quantities() {
    assert_eq!(
        Order::place(ada(), vec![line("keyboard", 1), line("keyboard", 3)]),
        Err(DomainError::ProductTwice(product("keyboard"))),
        "Order::place(ada, [keyboard=1, keyboard=3]) should be Err(DomainError::ProductTwice(keyboard)): a product on two lines, whatever their quantities"
    );
}

#[test]
fn a_product_twice_is_refused_even_lines_apart() {
    assert_eq!(
        Order::place(
            ada(),
            vec![line("keyboard", 1), line("mouse", 2), line("keyboard", 1)]
        ),
        Err(DomainError::ProductTwice(product("keyboard"))),
        "Order::place(ada, [keyboard=1, mouse=2, keyboard=1]) should be Err(DomainError::ProductTwice(keyboard)): the two lines need not be next to each other"
    );
    assert_eq!(
        Order::place(
            ada(),
            vec![
                line("keyboard", 1),
                line("mouse", 2),
                line("screen", 1),
                line("mouse", 2),
                line("keyboard", 1),
            ]
        ),
        Err(DomainError::ProductTwice(product("mouse"))),
        "Order::place(ada, [keyboard=1, mouse=2, screen=1, mouse=2, keyboard=1]) should be Err(DomainError::ProductTwice(mouse)): mouse is the first line whose product is already on an earlier line"
    );
}

#[test]
fn confirm_moves_a_pending_order_to_confirmed() {
    let mut order = pending(vec![line("keyboard", 1)]);
    assert_eq!(
        order.confirm(),
        Ok(()),
        "confirm() on a pending order should be Ok"
    );
    assert_eq!(
        order.status(),
        OrderStatus::Confirmed,
        "after confirm(), a pending order should be confirmed"
    );
}

#[test]
fn cancel_moves_a_pending_order_to_cancelled() {
    let mut order = pending(vec![line("keyboard", 1)]);
    assert_eq!(
        order.cancel(),
        Ok(()),
        "cancel() on a pending order should be Ok"
    );
    assert_eq!(
        order.status(),
        OrderStatus::Cancelled,
        "after cancel(), a pending order should be cancelled"
    );
}

#[test]
fn a_confirmed_order_cannot_be_cancelled() {
    let mut order = pending(vec![line("keyboard", 1)]);
    order.confirm().expect("confirming a pending order works");
    assert_eq!(
        order.cancel(),
        Err(DomainError::NotPending {
            status: OrderStatus::Confirmed,
            wanted: OrderStatus::Cancelled
        }),
        "cancel() on a confirmed order should be Err(NotPending {{ status: Confirmed, wanted: Cancelled }}): only a pending order moves"
    );
    assert_eq!(
        order.status(),
        OrderStatus::Confirmed,
        "a refused cancel() should leave a confirmed order confirmed"
    );
}

#[test]
fn confirming_twice_is_refused() {
    let mut order = pending(vec![line("keyboard", 1)]);
    order.confirm().expect("confirming a pending order works");
    assert_eq!(
        order.confirm(),
        Err(DomainError::NotPending {
            status: OrderStatus::Confirmed,
            wanted: OrderStatus::Confirmed
        }),
        "confirm() on a confirmed order should be Err(NotPending {{ status: Confirmed, wanted: Confirmed }}): only a pending order moves, nothing is confirmed twice"
    );
}

#[test]
fn a_cancelled_order_stays_cancelled() {
    let mut order = pending(vec![line("keyboard", 1)]);
    order.cancel().expect("cancelling a pending order works");
    assert_eq!(
        order.confirm(),
        Err(DomainError::NotPending {
            status: OrderStatus::Cancelled,
            wanted: OrderStatus::Confirmed
        }),
        "confirm() on a cancelled order should be Err(NotPending {{ status: Cancelled, wanted: Confirmed }})"
    );
    assert_eq!(
        order.cancel(),
        Err(DomainError::NotPending {
            status: OrderStatus::Cancelled,
            wanted: OrderStatus::Cancelled
        }),
        "cancel() on a cancelled order should be Err(NotPending {{ status: Cancelled, wanted: Cancelled }})"
    );
    assert_eq!(
        order.status(),
        OrderStatus::Cancelled,
        "refused changes should leave a cancelled order cancelled"
    );
}

#[test]
fn a_refused_change_changes_nothing() {
    let mut confirmed = pending(vec![line("keyboard", 1), line("mouse", 2)]);
    confirmed
        .confirm()
        .expect("confirming a pending order works");
    let mut cancelled = pending(vec![line("keyboard", 1), line("mouse", 2)]);
    cancelled
        .cancel()
        .expect("cancelling a pending order works");

    for (what, mut order) in [("confirmed", confirmed), ("cancelled", cancelled)] {
        let before = order.clone();
        let _ = order.confirm();
        assert_eq!(
            order, before,
            "confirm() on a {what} order is refused, and a refused change must leave the order exactly as it was"
        );
        let _ = order.cancel();
        assert_eq!(
            order, before,
            "cancel() on a {what} order is refused, and a refused change must leave the order exactly as it was"
        );
    }
}
