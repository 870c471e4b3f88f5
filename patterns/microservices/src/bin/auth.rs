//! The auth service on its own: `cargo run -p microservices --bin auth` (`PORT`, `DATA_DIR` and
//! the service's settings from the environment; see `microservices::auth::Config`).

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    microservices::service::init_logging("auth");
    microservices::service::run("auth").await?;
    Ok(())
}
