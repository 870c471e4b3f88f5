//! The gateway service on its own: `cargo run -p microservices --bin gateway` (`PORT`, `DATA_DIR` and
//! the service's settings from the environment; see `microservices::gateway::Config`).

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    microservices::service::init_logging("gateway");
    microservices::service::run("gateway").await?;
    Ok(())
}
