//! The read model: a replay from the start into an empty store gives the same figures; a
//! restart resumes after its checkpoint; a rebuild runs beside the live one; what cannot be
//! read is parked with its reason.

#![allow(clippy::unwrap_used)]

mod common;

use common::{caught_up, expected, memory, register};
use events::analytics::Applied;
use events::outbox::relay_once;
use events::transport::memory::InProcess;
use events::{Analytics, Auth, Envelope, Record, Transport};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replay_from_the_start_into_an_empty_store_gives_the_same_figures() {
    let transport = InProcess::new();
    let auth = Auth::connect(&memory("auth")).await.unwrap();
    let live = Analytics::connect(&memory("live")).await.unwrap();
    let mut following = live.spawn_follower(&transport);
    register(&auth, 30).await;
    let last = relay_once(auth.outbox(), &transport, 1000)
        .await
        .unwrap()
        .last_position
        .unwrap();
    let live_model = caught_up(&mut following, last).await;
    assert_eq!(live_model.stats, expected(30));

    // The rebuild runs beside the live read model, which keeps going.
    let rebuilt = Analytics::connect(&memory("rebuilt")).await.unwrap();
    let mut replaying = rebuilt.spawn_follower(&transport);
    register_more(&auth, 30, 10).await;
    let last = relay_once(auth.outbox(), &transport, 1000)
        .await
        .unwrap()
        .last_position
        .unwrap();
    let (live_model, rebuilt_model) = (
        caught_up(&mut following, last).await,
        caught_up(&mut replaying, last).await,
    );
    following.stop().await;
    drop(replaying);
    assert_eq!(rebuilt_model, live_model, "replayed from position 1");
    assert_eq!(rebuilt_model.stats, expected(40));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgresql_a_replay_gives_the_same_figures_too() {
    let (Some(live), Some(rebuilt)) = (
        checks::PgSchema::create("live").await,
        checks::PgSchema::create("rebuilt").await,
    ) else {
        return;
    };
    let transport = InProcess::new();
    let auth = Auth::connect(&memory("auth")).await.unwrap();
    let analytics = Analytics::connect(live.url()).await.unwrap();
    let mut following = analytics.spawn_follower(&transport);
    register(&auth, 30).await;
    auth.delete(
        &sqlx::query_scalar::<_, String>("SELECT id FROM users WHERE email = 'user1@example.com'")
            .fetch_one(auth.pool())
            .await
            .unwrap(),
        uuid::Uuid::now_v7(),
    )
    .await
    .unwrap();
    let last = relay_once(auth.outbox(), &transport, 1000)
        .await
        .unwrap()
        .last_position
        .unwrap();
    let live_model = caught_up(&mut following, last).await;
    assert_eq!((live_model.stats.users, live_model.stats.deleted), (29, 1));
    let replayed = Analytics::connect(rebuilt.url()).await.unwrap();
    let mut replaying = replayed.spawn_follower(&transport);
    assert_eq!(caught_up(&mut replaying, last).await, live_model);
    following.stop().await;
    drop(replaying);
    analytics.close().await;
    replayed.close().await;
    live.drop().await;
    rebuilt.drop().await;
}

async fn register_more(auth: &Auth, from: usize, n: usize) {
    for i in from..from + n {
        let plan = if i % 3 == 0 { "pro" } else { "free" };
        auth.register(common::user(i, plan), uuid::Uuid::now_v7())
            .await
            .unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_resumes_after_the_checkpoint_instead_of_replaying_everything() {
    let transport = InProcess::new();
    let auth = Auth::connect(&memory("auth")).await.unwrap();
    let url = memory("analytics");
    let analytics = Analytics::connect(&url).await.unwrap();
    register(&auth, 12).await;
    relay_once(auth.outbox(), &transport, 1000).await.unwrap();
    let mut following = analytics.spawn_follower(&transport);
    caught_up(&mut following, 12).await;
    following.stop().await;

    // Restarted (same database): it asks for what follows its checkpoint, and gets only that.
    register_more(&auth, 12, 3).await;
    relay_once(auth.outbox(), &transport, 1000).await.unwrap();
    let checkpoint = analytics.checkpoint().await.unwrap();
    assert_eq!(checkpoint, Some(12));
    let mut reader = transport.subscribe(checkpoint).await.unwrap();
    let mut applied = Vec::new();
    for _ in 0..3 {
        let record = events::Subscription::next(&mut reader).await.unwrap();
        applied.push((record.position, analytics.apply(&record).await.unwrap()));
    }
    assert_eq!(
        applied,
        [
            (13, Applied::Applied),
            (14, Applied::Applied),
            (15, Applied::Applied)
        ]
    );
    assert_eq!(analytics.stats().await.unwrap(), expected(15));
}

#[tokio::test]
async fn a_record_at_or_below_the_checkpoint_is_skipped_and_a_republished_event_applies_once() {
    let analytics = Analytics::connect(&memory("analytics")).await.unwrap();
    let event = events::Event::UserCreated(events::UserCreated {
        user_id: "ada".into(),
        email: "ada@example.com".into(),
        display_name: "Ada".into(),
        plan: "pro".into(),
    });
    let bytes = Envelope::new(&event, "auth", uuid::Uuid::now_v7()).to_bytes();
    let at = |position| Record {
        position,
        bytes: bytes.clone(),
    };
    assert_eq!(analytics.apply(&at(1)).await.unwrap(), Applied::Applied);
    // Delivered again after a restart: the same position.
    assert_eq!(analytics.apply(&at(1)).await.unwrap(), Applied::AlreadySeen);
    // Published again by a relay that died: a new position, the same event id.
    assert_eq!(analytics.apply(&at(2)).await.unwrap(), Applied::Duplicate);
    assert_eq!(analytics.checkpoint().await.unwrap(), Some(2));
    assert_eq!(analytics.stats().await.unwrap().users, 1);
}

#[tokio::test]
async fn what_cannot_be_read_is_parked_with_its_reason_and_the_stream_goes_on() {
    let analytics = Analytics::connect(&memory("analytics")).await.unwrap();
    let transport = InProcess::new();
    transport.publish_bytes(b"{not json".to_vec());
    let future = Envelope {
        version: 7,
        ..Envelope::new(
            &events::Event::UserDeleted(events::UserDeleted {
                user_id: "ada".into(),
            }),
            "auth-v9",
            uuid::Uuid::now_v7(),
        )
    };
    transport.publish(&future).await.unwrap();
    let event = events::Event::UserDeleted(events::UserDeleted {
        user_id: "grace".into(),
    });
    transport
        .publish(&Envelope::new(&event, "auth", uuid::Uuid::now_v7()))
        .await
        .unwrap();
    let mut following = analytics.spawn_follower(&transport);
    let model = caught_up(&mut following, 3).await;
    following.stop().await;
    assert_eq!((model.stats.parked, model.checkpoint), (2, Some(3)));
    let reasons = analytics.parked().await.unwrap();
    assert!(
        reasons[0].starts_with("not an event envelope"),
        "{reasons:?}"
    );
    assert_eq!(reasons[1], "unknown version 7 of UserDeleted");
}
