//! What the layers cost: `cargo bench -p layered`.
//!
//! One lookup of a user by id, three ways, against the same in-memory SQLite database:
//! the query written directly with sqlx; the same lookup through the service and its
//! repository; and the whole HTTP stack (route, controller, service, repository) without a
//! network, through `tower::ServiceExt::oneshot`.

use std::hint::black_box;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use criterion::{Criterion, criterion_group, criterion_main};
use layered::routes::router;
use layered::service::{self, Registration};
use layered::startup;
use tower::ServiceExt;

const URL: &str = "sqlite:file:layers-bench?mode=memory&cache=shared";

fn layers(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let (service, pool, id) = runtime.block_on(async {
        let pool = startup::connect_database(URL).await.expect("a database");
        let service = Arc::new(service::on_database(pool));
        let mut id = String::new();
        for n in 0..100 {
            // Through the front door: a `Registration` is only made by parsing.
            let registration = Registration::parse(
                &format!("user{n}@example.com"),
                &format!("User {n}"),
                "correct horse battery".to_owned(),
            )
            .expect("a well-formed registration");
            let user = service
                .register(registration)
                .await
                .expect("a registration");
            id = user.id;
        }
        let pool = sqlx::AnyPool::connect(URL).await.expect("a second pool");
        (service, pool, id)
    });

    let mut group = c.benchmark_group("get one user");
    group.bench_function("direct sqlx query", |b| {
        b.iter(|| {
            runtime.block_on(async {
                // The repository's query, word for word.
                let row: Option<(String, String, String, String)> = sqlx::query_as(
                    "SELECT id, email, name, password_hash FROM users WHERE id = $1",
                )
                .bind(black_box(&id))
                .fetch_optional(&pool)
                .await
                .expect("a row");
                row
            })
        })
    });
    group.bench_function("service + repository", |b| {
        b.iter(|| {
            runtime
                .block_on(service.get(black_box(&id)))
                .expect("the user")
        })
    });
    let app = router(service.clone());
    group.bench_function("route + controller + service + repository", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let request = Request::get(format!("/users/{id}"))
                    .body(Body::empty())
                    .expect("a request");
                let response = app.clone().oneshot(request).await.expect("an answer");
                assert_eq!(response.status(), StatusCode::OK);
                axum::body::to_bytes(response.into_body(), usize::MAX)
                    .await
                    .expect("a body")
            })
        })
    });
    group.finish();
}

criterion_group!(benches, layers);
criterion_main!(benches);
