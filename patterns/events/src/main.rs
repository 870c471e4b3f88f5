//! `cargo run -p events`: the sign-up story, event-driven, on SQLite and a log in this process.
//! The auth service registers users (each user and its event in one transaction); the relay
//! publishes the outbox; analytics catches up; an old event is upcast and an unknown one is
//! parked; a relay that dies between publishing and marking publishes an event twice, and it
//! counts once; a replay from the start gives the same figures; an event-sourced order refuses
//! a stale write.
//! `-- --transport nats` (`NATS_URL`) or `-- --transport kafka` (`KAFKA_BROKERS`, built with
//! `--features kafka`): the same story on a real broker.
//! With `DATABASE_URL` set to PostgreSQL, each service gets a schema of its own there, for this
//! run only.
//! `-- --serve`: then serves the figures at http://127.0.0.1:3000/stats/stream (Server-Sent
//! Events) and takes sign-ups at `POST /users`, until Ctrl-C.

use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use clap::{Parser, ValueEnum};
use events::analytics::{self, Analytics, ReadModel};
use events::orders::{EventStore, Order, OrderError, OrderEvent};
use events::outbox::{self, Auth, AuthError, NewUser};
use events::transport::memory::InProcess;
use events::transport::nats::{DEFAULT_NATS_URL, JetStream};
use events::{Envelope, Transport};
use uuid::Uuid;

/// Event-driven architecture: the sign-up story, with an outbox, an inbox and a replay.
#[derive(Parser)]
#[command(version, long_about = None)]
struct Args {
    /// Which broker carries the events.
    #[arg(long, value_enum, default_value_t = Which::InProcess)]
    transport: Which,
    /// After the story, serve the statistics (SSE) and take sign-ups over HTTP until Ctrl-C.
    #[arg(long)]
    serve: bool,
    /// The port `--serve` listens on (127.0.0.1).
    #[arg(long, default_value_t = 3000)]
    port: u16,
}

#[derive(Clone, Copy, ValueEnum)]
enum Which {
    /// A log inside this process: nothing to install.
    InProcess,
    /// NATS JetStream at NATS_URL (default nats://127.0.0.1:4222).
    Nats,
    /// Kafka at KAFKA_BROKERS (default 127.0.0.1:9092); needs `--features kafka`.
    Kafka,
}

#[tokio::main]
async fn main() -> anyhow::Result<ExitCode> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(
            std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        )
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("error")),
        )
        .init();
    let run = format!("signups{}", std::process::id());
    match args.transport {
        Which::InProcess => {
            println!("Transport: a log in this process (nothing to install).");
            story(InProcess::new(), &args).await?;
        }
        Which::Nats => {
            let url = std::env::var("NATS_URL").unwrap_or_else(|_| DEFAULT_NATS_URL.to_owned());
            let connect = JetStream::connect(&url, &run);
            let Some(jetstream) = reach("NATS JetStream", &url, "NATS_URL", connect).await else {
                return Ok(ExitCode::from(2));
            };
            println!("Transport: NATS JetStream.");
            let told = story(jetstream.clone(), &args).await;
            jetstream.delete().await?;
            told?;
        }
        Which::Kafka => return kafka(&run, &args).await,
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(feature = "kafka")]
async fn kafka(run: &str, args: &Args) -> anyhow::Result<ExitCode> {
    use events::transport::kafka::{DEFAULT_KAFKA_BROKERS, KafkaLog};
    let brokers =
        std::env::var("KAFKA_BROKERS").unwrap_or_else(|_| DEFAULT_KAFKA_BROKERS.to_owned());
    let connect = KafkaLog::connect(&brokers, run);
    let Some(kafka) = reach("Kafka", &brokers, "KAFKA_BROKERS", connect).await else {
        return Ok(ExitCode::from(2));
    };
    println!("Transport: Kafka (one partition).");
    let told = story(kafka.clone(), args).await;
    kafka.delete().await?;
    told?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "kafka"))]
async fn kafka(_: &str, _: &Args) -> anyhow::Result<ExitCode> {
    eprintln!(
        "error: this build has no Kafka client: run `cargo run -p events --features kafka -- --transport kafka`"
    );
    Ok(ExitCode::from(2))
}

/// Connects to a broker, or says on one line why not (and the caller exits with 2).
async fn reach<T>(
    broker: &str,
    address: &str,
    setting: &str,
    connect: impl Future<Output = Result<T, events::TransportError>>,
) -> Option<T> {
    match tokio::time::timeout(Duration::from_secs(8), connect).await {
        Ok(Ok(connected)) => Some(connected),
        Ok(Err(error)) => {
            eprintln!("error: cannot reach {broker} at {address}: {error} (set {setting})");
            None
        }
        Err(_) => {
            eprintln!("error: {broker} at {address} did not answer within 8 s (set {setting})");
            None
        }
    }
}

fn show(model: &ReadModel) -> String {
    let plans: Vec<String> = model
        .stats
        .by_plan
        .iter()
        .map(|(plan, users)| format!("{plan} {users}"))
        .collect();
    let mut line = format!(
        "analytics: {} users ({})",
        model.stats.users,
        if plans.is_empty() {
            "none".to_owned()
        } else {
            plans.join(", ")
        }
    );
    if model.stats.deleted > 0 {
        line += &format!(", {} deleted", model.stats.deleted);
    }
    if model.stats.parked > 0 {
        line += &format!(", {} parked", model.stats.parked);
    }
    match model.checkpoint {
        Some(position) => line + &format!(", checkpoint {position}"),
        None => line + ", nothing read yet",
    }
}

fn user(email: &str, name: &str, plan: &str) -> NewUser {
    NewUser {
        email: email.to_owned(),
        display_name: name.to_owned(),
        plan: plan.to_owned(),
    }
}

async fn story<T: Transport + Clone + 'static>(transport: T, args: &Args) -> anyhow::Result<()> {
    let databases = Databases::create().await?;
    let told = tell(transport, args, &databases).await;
    databases.drop().await?;
    told
}

/// Each service's own database: SQLite in memory, or with `DATABASE_URL` on PostgreSQL, a
/// schema per service made for this run and dropped after it.
struct Databases(Option<events::Schemas>);

impl Databases {
    async fn create() -> anyhow::Result<Self> {
        let url = std::env::var("DATABASE_URL")
            .ok()
            .filter(|url| url.starts_with("postgres"));
        Ok(Self(match url {
            None => None,
            Some(url) => Some(
                events::Schemas::connect(&url, "events_demo")
                    .await
                    .with_context(|| format!("cannot reach PostgreSQL at DATABASE_URL ({url})"))?,
            ),
        }))
    }

    /// The URL of `service`'s database.
    async fn url(&self, service: &str) -> anyhow::Result<String> {
        Ok(match &self.0 {
            Some(schemas) => schemas.url(service).await?,
            None => events::in_memory(&format!("events_demo_{}_{service}", std::process::id())),
        })
    }

    async fn drop(self) -> anyhow::Result<()> {
        if let Some(schemas) = self.0 {
            schemas.drop_all().await?;
        }
        Ok(())
    }
}

async fn tell<T: Transport + Clone + 'static>(
    transport: T,
    args: &Args,
    databases: &Databases,
) -> anyhow::Result<()> {
    let auth = Auth::connect(&databases.url("auth").await?).await?;
    let analytics = Analytics::connect(&databases.url("analytics").await?).await?;
    let mut following = analytics.spawn_follower(&transport);

    println!("\n1. The auth service registers three users: each user and its UserCreated event");
    println!("   in one database transaction. Nothing is published yet.");
    let request = Uuid::now_v7();
    for (email, name, plan) in [
        ("ada@example.com", "Ada", "pro"),
        ("grace@example.com", "Grace", "free"),
        ("linus@example.com", "Linus", "free"),
    ] {
        auth.register(user(email, name, plan), request).await?;
        println!("   registered {email} ({plan})");
    }
    println!(
        "   outbox: {} events pending",
        auth.outbox().pending().await?
    );
    println!(
        "   {}  <- the read model lags behind the write",
        show(&analytics.refresh().await?)
    );

    println!("\n2. The relay publishes the outbox, and analytics catches up.");
    let relayed = outbox::relay_once(auth.outbox(), &transport, 100).await?;
    let last = relayed
        .last_position
        .context("the relay published nothing")?;
    println!(
        "   published {} events, positions 1 to {last}; outbox: {} pending",
        relayed.events,
        auth.outbox().pending().await?
    );
    println!("   {}", show(&following.caught_up_to(last).await?));

    println!("\n3. A sign-up with an email already taken: the transaction rolls back.");
    match auth
        .register(user("ADA@example.com", "Ada again", "free"), Uuid::now_v7())
        .await
    {
        Err(AuthError::EmailTaken(email)) => {
            println!("   refused: {email} is taken; no user, and no event")
        }
        other => anyhow::bail!("a taken email was not refused: {other:?}"),
    }
    println!("   outbox: {} pending", auth.outbox().pending().await?);

    println!("\n4. An older auth service, still running, publishes UserCreated v1 (\"name\", no");
    println!("   plan); a newer one publishes UserMerged, a type analytics does not know.");
    let v1 = Envelope {
        id: Uuid::now_v7(),
        event_type: "UserCreated".into(),
        version: 1,
        occurred_at: time::OffsetDateTime::now_utc(),
        source: "auth-v1".into(),
        correlation_id: Uuid::now_v7(),
        payload: serde_json::json!({"userId": "u-margaret", "email": "margaret@example.com", "name": "Margaret"}),
    };
    let unknown = Envelope {
        event_type: "UserMerged".into(),
        version: 1,
        id: Uuid::now_v7(),
        source: "auth-v3".into(),
        payload: serde_json::json!({"userId": "u-margaret", "into": "u-ada"}),
        ..v1.clone()
    };
    transport.publish(&v1).await?;
    let last = transport.publish(&unknown).await?;
    let model = following.caught_up_to(last).await?;
    println!("   v1 upcast to v2: margaret@example.com counted, on the free plan");
    for reason in analytics.parked().await? {
        println!("   parked: {reason}");
    }
    println!("   {}", show(&model));

    println!("\n5. Grace deletes her account. The relay publishes UserDeleted, and dies before");
    println!("   it can mark it published. Restarted, it publishes it again.");
    auth.delete(
        &registered_id(&auth, "grace@example.com").await?,
        Uuid::now_v7(),
    )
    .await?;
    let claim = auth.outbox().claim(100).await?;
    let first = transport
        .publish_all(claim.envelopes())
        .await?
        .context("nothing claimed")?;
    drop(claim); // the relay dies here: the row is still pending
    println!(
        "   outbox after the crash: {} pending",
        auth.outbox().pending().await?
    );
    let again = outbox::relay_once(auth.outbox(), &transport, 100).await?;
    let second = again.last_position.context("nothing published again")?;
    if second == first {
        println!(
            "   the broker knew the event id (Nats-Msg-Id) and stored it once: position {first}"
        );
    } else {
        println!("   the stream holds it twice: positions {first} and {second}");
    }
    let model = following.caught_up_to(second).await?;
    println!("   the inbox applied it once: {}", show(&model));

    println!("\n6. A replay: a new, empty read model reads the stream from the start.");
    let rebuilt = Analytics::connect(&databases.url("rebuild").await?).await?;
    let replayed = rebuilt
        .spawn_follower(&transport)
        .caught_up_to(second)
        .await?;
    println!("   {}", show(&replayed));
    if replayed.stats == model.stats {
        println!("   the same figures as the live read model");
    } else {
        anyhow::bail!("the replay gave other figures: {replayed:?} against {model:?}");
    }

    println!("\n7. Event sourcing: an order is its events. Two clerks load it at the same");
    println!("   version and both record a payment.");
    let store = EventStore::connect(&databases.url("orders").await?).await?;
    let order_id = "order-1";
    store
        .append(
            order_id,
            0,
            &[OrderEvent::Placed {
                user_id: "ada".into(),
                total_cents: 4200,
            }],
        )
        .await?;
    let seen = Order::fold(&store.load(order_id).await?);
    let first = store
        .append(order_id, seen.version, &seen.pay(4200)?)
        .await?;
    println!("   the first clerk's payment is appended: version {first}");
    match store.append(order_id, seen.version, &seen.pay(4200)?).await {
        Err(conflict @ OrderError::Conflict { .. }) => {
            println!("   the second clerk's is refused: {conflict}")
        }
        other => anyhow::bail!("a stale append was not refused: {other:?}"),
    }
    match store.handle(order_id, |order| order.pay(4200)).await {
        Err(OrderError::Refused(why)) => {
            println!("   loaded again and decided again: refused, {why}")
        }
        other => anyhow::bail!("a second payment was not refused: {other:?}"),
    }
    let shipped = store.handle(order_id, Order::ship).await?;
    let history: Vec<String> = store
        .load(order_id)
        .await?
        .iter()
        .map(|event| {
            match event {
                OrderEvent::Placed { .. } => "placed",
                OrderEvent::Paid { .. } => "paid",
                OrderEvent::Shipped => "shipped",
                OrderEvent::Cancelled { .. } => "cancelled",
            }
            .to_owned()
        })
        .collect();
    println!(
        "   shipped; the order is its history: {} (version {})",
        history.join(" -> "),
        shipped.version
    );

    if args.serve {
        serve(auth, analytics.clone(), transport, args.port).await?;
    }
    following.stop().await;
    Ok(())
}

async fn registered_id(auth: &Auth, email: &str) -> anyhow::Result<String> {
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(auth.pool())
        .await?)
}

/// `--serve`: the statistics as SSE, sign-ups over HTTP, the relay in the background.
async fn serve<T: Transport + Clone + 'static>(
    auth: Auth,
    analytics: Analytics,
    transport: T,
    port: u16,
) -> anyhow::Result<()> {
    let relay = tokio::spawn(outbox::run_relay(auth.outbox().clone(), transport, 100));
    let app = analytics::router(analytics).merge(events::outbox::signup_router(auth));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{port} (try --port)"))?;
    println!("\nServing on http://127.0.0.1:{port} until Ctrl-C. Watch the figures change:");
    println!("   curl -N http://127.0.0.1:{port}/stats/stream");
    println!("and sign someone up, in another terminal:");
    println!(
        "   curl -X POST http://127.0.0.1:{port}/users -H 'content-type: application/json' \\\n     -d '{{\"email\":\"hedy@example.com\",\"displayName\":\"Hedy\",\"plan\":\"pro\"}}'"
    );
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    relay.abort();
    Ok(())
}
