//! 100,000 sign-ups end to end with the relay killed mid-stream, then a replay of the whole
//! stream into an empty read model: the figures the chapter's "What it costs" quotes.
//!
//! ```console
//! cargo run --release -p events --example hundred_thousand
//! NATS_URL=nats://127.0.0.1:4222 cargo run --release -p events --example hundred_thousand -- nats
//! KAFKA_BROKERS=127.0.0.1:9092 cargo run --release -p events --features kafka --example hundred_thousand -- kafka
//! ```

use std::time::{Duration, Instant};

use events::analytics::Follower;
use events::outbox::run_relay;
use events::transport::memory::InProcess;
use events::transport::nats::JetStream;
use events::{Analytics, Auth, NewUser, Transport};

const USERS: u64 = 100_000;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let which = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "in-process".into());
    let stream = format!("hundredk{}", std::process::id());
    match which.as_str() {
        "in-process" => run("in-process", InProcess::new()).await,
        "nats" => {
            let url = std::env::var("NATS_URL").unwrap_or_else(|_| "nats://127.0.0.1:4222".into());
            let jetstream = JetStream::connect(&url, &stream).await?;
            let result = run("NATS JetStream", jetstream.clone()).await;
            jetstream.delete().await?;
            result
        }
        #[cfg(feature = "kafka")]
        "kafka" => {
            let brokers =
                std::env::var("KAFKA_BROKERS").unwrap_or_else(|_| "127.0.0.1:9092".into());
            let kafka = events::transport::kafka::KafkaLog::connect(&brokers, &stream).await?;
            let result = run("Kafka", kafka.clone()).await;
            kafka.delete().await?;
            result
        }
        other => anyhow::bail!(
            "unknown transport {other:?}: in-process, nats or kafka (with --features kafka)"
        ),
    }
}

async fn run<T: Transport + Clone + 'static>(name: &str, transport: T) -> anyhow::Result<()> {
    let id = std::process::id();
    let auth = Auth::connect(&events::in_memory(&format!("auth{id}"))).await?;
    let analytics = Analytics::connect(&events::in_memory(&format!("analytics{id}"))).await?;
    println!("{name}: {USERS} sign-ups, the relay killed every 250 ms");

    let started = Instant::now();
    let mut following = analytics.spawn_follower(&transport);
    // Registrations and relays at the same time: each relay runs for 250 ms and is killed
    // wherever it is (mid-claim, mid-publish, between publishing and marking).
    let registering = tokio::spawn({
        let auth = auth.clone();
        async move {
            for i in 0..USERS {
                let plan = if i % 3 == 0 { "pro" } else { "free" };
                let user = NewUser {
                    email: format!("user{i}@example.com"),
                    display_name: format!("User {i}"),
                    plan: plan.into(),
                };
                auth.register(user, uuid::Uuid::now_v7()).await?;
            }
            anyhow::Ok(())
        }
    });
    let mut kills = 0;
    loop {
        let relay = tokio::spawn(run_relay(auth.outbox().clone(), transport.clone(), 500));
        tokio::time::sleep(Duration::from_millis(250)).await;
        relay.abort();
        let _ = relay.await;
        kills += 1;
        if registering.is_finished() && auth.outbox().pending().await? == 0 {
            break;
        }
    }
    registering.await??;
    let relayed = started.elapsed();
    // The stream's end: a marker published after everything (a deletion of a user who never
    // existed, which changes no figure). Counted once analytics has read up to it.
    let end = end_marker(&transport).await?;
    let model = read_up_to(&mut following, end).await?;
    let end_to_end = started.elapsed();
    drop(following);
    let records = end - 1;
    println!(
        "  registered and relayed in {:.1} s, counted by analytics in {:.1} s ({:.0} events/s end to end)",
        relayed.as_secs_f64(),
        end_to_end.as_secs_f64(),
        USERS as f64 / end_to_end.as_secs_f64()
    );
    println!(
        "  {kills} relays killed; the stream holds {records} records for {USERS} events; the inbox skipped {} duplicates",
        model.duplicates
    );
    let expected_pro = USERS.div_ceil(3);
    let lost = USERS.saturating_sub(model.stats.users);
    let double = model.stats.users.saturating_sub(USERS);
    println!(
        "  analytics: {} users ({} pro): {lost} lost, {double} counted twice",
        model.stats.users,
        model.stats.by_plan.get("pro").copied().unwrap_or(0)
    );
    anyhow::ensure!(lost == 0 && double == 0, "figures wrong: {model:?}");
    anyhow::ensure!(
        model.stats.by_plan.get("pro") == Some(&expected_pro),
        "plans wrong: {model:?}"
    );
    anyhow::ensure!(
        model.duplicates == records - USERS,
        "every record beyond one per event is a duplicate the inbox skipped: {model:?}"
    );

    let rebuilt = Analytics::connect(&events::in_memory(&format!("replay{id}"))).await?;
    let started = Instant::now();
    let replayed = read_up_to(&mut rebuilt.spawn_follower(&transport), end).await?;
    let took = started.elapsed();
    anyhow::ensure!(
        replayed.stats == model.stats,
        "the replay differs: {replayed:?}"
    );
    println!(
        "  replay of {records} records into an empty read model: {:.1} s ({:.0} records/s), same figures",
        took.as_secs_f64(),
        records as f64 / took.as_secs_f64()
    );
    Ok(())
}

/// Publishes a marker at the end of the stream: a deletion of a user who never existed (it
/// changes no figure). Returns its position.
async fn end_marker<T: Transport>(transport: &T) -> anyhow::Result<u64> {
    let marker = events::Event::UserDeleted(events::UserDeleted {
        user_id: format!("end-marker-{}", uuid::Uuid::now_v7()),
    });
    let envelope = events::Envelope::new(&marker, "example", uuid::Uuid::now_v7());
    Ok(transport.publish(&envelope).await?)
}

/// Waits (10 minutes at most) until the read model has applied `position`, or says why not.
async fn read_up_to(follower: &mut Follower, position: u64) -> anyhow::Result<events::ReadModel> {
    match tokio::time::timeout(Duration::from_secs(600), follower.caught_up_to(position)).await {
        Ok(model) => Ok(model?),
        Err(_) => anyhow::bail!("position {position} not applied within 10 minutes"),
    }
}
