//! `cargo run -p observer`: the source material's scenario, told step by step.
//!
//! A user registers; an email listener sends the welcome mail and an analytics listener counts
//! sign-ups. Then the parts Node's two-line example leaves out: `once`, `off` with a handle, a
//! failing listener, and the async bus with a slow subscriber and a clean shutdown.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use clap::Parser;
use observer::bus::EventBus;
use observer::{Emitter, Event};

/// The observer pattern, narrated: one event, many independent listeners.
#[derive(Parser)]
#[command(version, long_about = None)]
struct Args {
    /// Email address of the first user to register.
    #[arg(long, default_value = "test@gmail.com")]
    email: String,
}

// ANCHOR: user_registered
/// The event: a user has registered. Node: `emitter.emit("userRegistered", { email })`.
#[derive(Debug, Clone)]
struct UserRegistered {
    email: String,
}

impl Event for UserRegistered {
    const NAME: &'static str = "user_registered";
}
// ANCHOR_END: user_registered

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    // Failed listeners are logged by the emitter with `tracing`; show warnings on stderr.
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .without_time()
        .with_target(false)
        .with_writer(std::io::stderr)
        // Colour only for a person at a terminal, and never with NO_COLOR set (no-color.org):
        // piped into a file or `tail`, escape codes are noise.
        .with_ansi(
            std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        )
        .init();

    println!("Observer pattern: one event, many listeners that don't know each other.\n");
    synchronous(&args.email);
    asynchronous().await;
    println!(
        "\nDone: every listener ran, failures were reported, and shutdown drained every buffered event."
    );
    Ok(())
}

fn synchronous(first_email: &str) {
    // ANCHOR: demo_sync
    let emitter = Emitter::new();
    let signups = Arc::new(AtomicU64::new(0));

    println!("1. Subscribe three listeners to UserRegistered:");
    emitter.on(|user: &UserRegistered| println!("   [email] Email sent to {}", user.email));
    let counter = Arc::clone(&signups);
    emitter.on(move |_: &UserRegistered| {
        let total = counter.fetch_add(1, Ordering::SeqCst) + 1;
        println!("   [analytics] sign-ups so far: {total}");
    });
    emitter.once(|user: &UserRegistered| {
        println!(
            "   [welcome] first user ever: {} gets the founder badge",
            user.email
        );
    });
    println!(
        "   on(email), on(analytics), once(welcome): {} listeners\n",
        emitter.listener_count::<UserRegistered>()
    );

    println!("2. A user registers: emit(UserRegistered {{ email: {first_email:?} }})");
    let report = emitter.emit(&UserRegistered {
        email: first_email.to_owned(),
    });
    println!("   -> {report}\n");
    // ANCHOR_END: demo_sync

    println!("3. A second user registers; the once listener has already been removed:");
    let report = emitter.emit(&UserRegistered {
        email: "second@example.com".to_owned(),
    });
    println!("   -> {report}\n");

    println!(
        "4. A CRM listener that fails joins; the others still run and the failure is reported:"
    );
    let crm = emitter.try_on(|user: &UserRegistered| {
        Err(format!("CRM is down, {} not synced", user.email).into())
    });
    let report = emitter.emit(&UserRegistered {
        email: "third@example.com".to_owned(),
    });
    println!("   -> {report}\n");

    println!("5. Unsubscribe the CRM listener with the handle that try_on returned:");
    println!(
        "   off(crm) = {}; off(crm) again = {}",
        emitter.off(crm),
        emitter.off(crm)
    );
    println!(
        "   {} listeners left, {} sign-ups counted\n",
        emitter.listener_count::<UserRegistered>(),
        signups.load(Ordering::SeqCst)
    );
}

async fn asynchronous() {
    // ANCHOR: demo_async
    println!("6. The async flavour: each subscriber is a tokio task fed by a broadcast channel.");
    let mut bus = EventBus::new(16);
    bus.subscribe("email", |user: UserRegistered| async move {
        println!("   [email task] Email sent to {}", user.email);
    });
    let counted = Arc::new(AtomicU64::new(0));
    let counter = Arc::clone(&counted);
    bus.subscribe("analytics", move |_: UserRegistered| {
        counter.fetch_add(1, Ordering::SeqCst);
        async {}
    });
    for email in ["ada@example.com", "grace@example.com", "linus@example.com"] {
        let subscribers = bus.publish(UserRegistered {
            email: email.to_owned(),
        });
        println!("   publish({email}) returned at once, for {subscribers} subscribers");
    }
    // Nothing has run yet: on this single-threaded runtime a task runs only when main awaits.
    println!("   shutdown(): close the channel, let each task drain what is buffered, wait");
    for report in bus.shutdown().await {
        println!(
            "   {}: received {}, missed {}",
            report.name, report.received, report.missed
        );
    }
    println!(
        "   analytics counted {} sign-ups\n",
        counted.load(Ordering::SeqCst)
    );
    // ANCHOR_END: demo_async

    println!("7. A slow subscriber: the channel holds 4 events and 10 are published at once.");
    println!(
        "   (The subscriber's task cannot run until main awaits: as slow as a subscriber gets.)"
    );
    let mut bus = EventBus::new(4);
    bus.subscribe("slow analytics", |_: UserRegistered| async {});
    for n in 1..=10 {
        bus.publish(UserRegistered {
            email: format!("user{n}@example.com"),
        });
    }
    for report in bus.shutdown().await {
        println!(
            "   {}: received {}, missed {} (the oldest ones; the publisher never waited)",
            report.name, report.received, report.missed
        );
    }
}
