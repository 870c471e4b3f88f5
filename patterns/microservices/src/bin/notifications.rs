//! The notifications service on its own: `cargo run -p microservices --bin notifications` (`PORT`, `DATA_DIR` and
//! the service's settings from the environment; see `microservices::notifications::Config`).

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    microservices::service::init_logging("notifications");
    microservices::service::run("notifications").await?;
    Ok(())
}
