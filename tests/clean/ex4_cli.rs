//! Checks for exercise `clean4`: `exercises/clean/src/ex4_cli.rs`.
//!
//! Each check runs `run` on `checks::block_on` (no async runtime here) with two buffers for
//! stdout and stderr, and looks at the exit code, which buffer got what, and the store.

// Graded: the solution (`cargo test`), the learner's file (feature `exercises`, `cargo learn`)
// or a known-wrong answer copied to wip/ (feature `wrong`, `cargo learn dev verify-wrong`).
#[cfg_attr(feature = "exercises", path = "../../exercises/clean/src/ex4_cli.rs")]
#[cfg_attr(feature = "wrong", path = "wip/ex4_cli.rs")]
#[cfg_attr(
    not(any(feature = "exercises", feature = "wrong")),
    path = "../../solutions/clean/src/ex4_cli.rs"
)]
#[allow(unused)]
mod exercise;

use checks::block_on;
use exercise::{PlaceOrder, run};

const START: &[(&str, u32)] = &[("keyboard", 5), ("mouse", 1)];

/// What one run of the command line did.
struct Ran {
    code: u8,
    out: String,
    err: String,
    command: String,
}

/// Runs `orders ARGS...` against `use_case`.
fn orders(use_case: &PlaceOrder, args: &[&str]) -> Ran {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv: Vec<&str> = std::iter::once("orders")
        .chain(args.iter().copied())
        .collect();
    let code = block_on(run(use_case, argv.clone(), &mut out, &mut err));
    Ran {
        code,
        out: String::from_utf8_lossy(&out).into_owned(),
        err: String::from_utf8_lossy(&err).into_owned(),
        command: argv.join(" "),
    }
}

fn stock(levels: &[(&str, u32)]) -> Vec<(String, u32)> {
    levels.iter().map(|(p, n)| ((*p).to_owned(), *n)).collect()
}

/// Asserts that `ran` wrote nothing to the store.
fn assert_nothing_written(use_case: &PlaceOrder, ran: &Ran) {
    assert!(
        use_case.orders().is_empty(),
        "`{}` was refused, so no order may be placed",
        ran.command
    );
    assert_eq!(
        use_case.stock(),
        stock(START),
        "`{}` was refused, so no stock may be taken",
        ran.command
    );
}

#[test]
fn placing_prints_one_line_to_out() {
    let use_case = PlaceOrder::with_stock(START);
    let ran = orders(
        &use_case,
        &[
            "place",
            "--customer",
            "ada@example.com",
            "--line",
            "keyboard=2",
            "--line",
            "mouse=1",
        ],
    );
    assert_eq!(
        (ran.code, ran.out.as_str(), ran.err.as_str()),
        (
            0,
            "placed order-1 for ada@example.com: 2 x keyboard, 1 x mouse\n",
            ""
        ),
        "`{}` should print `placed {{order}}` and a newline to out (not with println!), nothing to err, and return 0; stderr was {:?}",
        ran.command,
        ran.err
    );
    assert_eq!(
        use_case.orders().len(),
        1,
        "`{}` should place one order, through use_case.execute",
        ran.command
    );
    assert_eq!(
        use_case.stock(),
        stock(&[("keyboard", 3), ("mouse", 0)]),
        "`{}` should reserve 2 keyboards and 1 mouse, through use_case.execute",
        ran.command
    );
}

#[test]
fn out_of_stock_is_a_refusal_exit_1() {
    let use_case = PlaceOrder::with_stock(START);
    let ran = orders(
        &use_case,
        &[
            "place",
            "--customer",
            "ada@example.com",
            "--line",
            "keyboard=1",
            "--line",
            "mouse=2",
        ],
    );
    assert_eq!(
        (ran.code, ran.out.as_str(), ran.err.as_str()),
        (
            1,
            "",
            "error: not enough mouse in stock: 2 wanted, 1 left\n"
        ),
        "`{}` with 1 mouse in stock is refused by the use case: `error: {{error}}` and a newline to err, nothing to out, exit code 1",
        ran.command
    );
    assert_nothing_written(&use_case, &ran);
}

#[test]
fn an_unknown_product_is_a_refusal_exit_1() {
    let use_case = PlaceOrder::with_stock(START);
    let ran = orders(
        &use_case,
        &[
            "place",
            "--customer",
            "ada@example.com",
            "--line",
            "webcam=1",
        ],
    );
    assert_eq!(
        (ran.code, ran.out.as_str(), ran.err.as_str()),
        (1, "", "error: the catalogue has no product webcam\n"),
        "`{}` is refused by the use case (no such product): `error: {{error}}` and a newline to err, nothing to out, exit code 1",
        ran.command
    );
    assert_nothing_written(&use_case, &ran);
}

#[test]
fn input_the_domain_refuses_exits_2() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["place", "--customer", "ada", "--line", "keyboard=1"],
            "error: \"ada\" is not an email address like ada@example.com\n",
        ),
        (
            &[
                "place",
                "--customer",
                "ada@example.com",
                "--line",
                "keyboard=0",
            ],
            "error: 0 is not a quantity: 1 to 100\n",
        ),
        (
            &[
                "place",
                "--customer",
                "ada@example.com",
                "--line",
                "keyboard=101",
            ],
            "error: 101 is not a quantity: 1 to 100\n",
        ),
        (
            &[
                "place",
                "--customer",
                "ada@example.com",
                "--line",
                "keyboard=1",
                "--line",
                "keyboard=2",
            ],
            "error: keyboard is ordered on two lines: order it once, with the total quantity\n",
        ),
    ];
    for (args, message) in cases {
        let use_case = PlaceOrder::with_stock(START);
        let ran = orders(&use_case, args);
        assert_eq!(
            (ran.code, ran.out.as_str(), ran.err.as_str()),
            (2, "", message),
            "`{}` breaks a rule of the domain (OrderError::Invalid): `error: {{error}}` and a newline to err, nothing to out, exit code 2 (the command is wrong)",
            ran.command
        );
        assert_nothing_written(&use_case, &ran);
    }
}

#[test]
fn a_negative_quantity_is_the_domains_to_refuse() {
    let use_case = PlaceOrder::with_stock(START);
    let ran = orders(
        &use_case,
        &[
            "place",
            "--customer",
            "ada@example.com",
            "--line",
            "keyboard=-1",
        ],
    );
    assert_eq!(
        (ran.code, ran.out.as_str(), ran.err.as_str()),
        (2, "", "error: -1 is not a quantity: 1 to 100\n"),
        "in `{}`, the quantity -1 should be read as an i64 and refused by the use case, with its rule (`error: -1 is not a quantity: 1 to 100`), exit code 2; not refused by the parser as \"not a number\"",
        ran.command
    );
    assert_nothing_written(&use_case, &ran);
}

#[test]
fn a_line_that_is_not_product_equals_quantity_is_a_usage_error() {
    for (line, typed) in [
        ("keyboard", "keyboard"),
        ("keyboard=two", "two"),
        ("keyboard=1.5", "1.5"),
        ("keyboard=", "keyboard="),
    ] {
        let use_case = PlaceOrder::with_stock(START);
        let ran = orders(
            &use_case,
            &["place", "--customer", "ada@example.com", "--line", line],
        );
        assert_eq!(
            (ran.code, ran.out.as_str()),
            (2, ""),
            "`{}`: a --line that is not PRODUCT=QUANTITY is a usage error: clap's message to err, nothing to out, exit code 2; stderr was {:?}",
            ran.command,
            ran.err
        );
        assert!(
            ran.err.contains(typed) && ran.err.contains("PRODUCT=QUANTITY"),
            "`{}`: the message on err should quote what was typed ({typed:?}) and say PRODUCT=QUANTITY; it was {:?}",
            ran.command,
            ran.err
        );
        assert_nothing_written(&use_case, &ran);
    }
}

#[test]
fn usage_errors_exit_2_on_err() {
    let cases: [(&[&str], &str); 4] = [
        (&["place", "--line", "keyboard=1"], "--customer"),
        (&["ship", "--customer", "ada@example.com"], "ship"),
        (
            &[
                "place",
                "--customer",
                "ada@example.com",
                "--line",
                "keyboard=1",
                "--colour",
                "red",
            ],
            "--colour",
        ),
        (&[], "Usage"),
    ];
    for (args, named) in cases {
        let use_case = PlaceOrder::with_stock(START);
        let ran = orders(&use_case, args);
        assert_eq!(
            (ran.code, ran.out.as_str()),
            (2, ""),
            "`{}` is not a valid command: clap's message to err, nothing to out, exit code 2; stderr was {:?}",
            ran.command,
            ran.err
        );
        assert!(
            ran.err.contains(named),
            "`{}`: clap's message on err should name {named:?}; it was {:?}",
            ran.command,
            ran.err
        );
        assert_nothing_written(&use_case, &ran);
    }
}

#[test]
fn help_goes_to_out_exit_0() {
    let cases: [(&[&str], &[&str]); 2] = [
        (&["--help"], &["place"]),
        (&["place", "--help"], &["--customer", "--line"]),
    ];
    for (args, named) in cases {
        let use_case = PlaceOrder::with_stock(START);
        let ran = orders(&use_case, args);
        assert_eq!(
            (ran.code, ran.err.as_str()),
            (0, ""),
            "`{}` asks for help, which is not a failure: clap's text to out, nothing to err, exit code 0 (clap's error.exit_code() says so)",
            ran.command
        );
        for word in named {
            assert!(
                ran.out.contains(word),
                "`{}` should print help that names {word:?} to out; out was {:?}",
                ran.command,
                ran.out
            );
        }
    }
}
