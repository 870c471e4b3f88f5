//! The orders service on its own: `cargo run -p microservices --bin orders` (`PORT`, `DATA_DIR` and
//! the service's settings from the environment; see `microservices::orders::Config`).

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    microservices::service::init_logging("orders");
    microservices::service::run("orders").await?;
    Ok(())
}
