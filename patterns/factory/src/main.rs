//! `cargo run -p factory`: notifiers built from a configuration, a welcome message sent through
//! each, and what happens to a kind nobody knows.

use std::path::PathBuf;

use clap::Parser;
use factory::channels::outbox_files;
use factory::{
    AnyNotifier, ConsoleNotifier, DynNotifier, Kind, Message, Notifier, NotifiersConfig, Registry,
    Settings, create, family,
};

/// The factory pattern, narrated: notifiers chosen at run time.
///
/// Emails are written as .eml files into an outbox folder unless SMTP_URL is set
/// (smtps://user:password@host, smtp://host?tls=required for STARTTLS, or smtp://host for a
/// local relay); SMS are printed unless SMS_API_URL and SMS_API_KEY are set. TLS_CA_FILE
/// names a PEM file of certificate authorities to trust besides the public ones.
#[derive(Parser)]
#[command(version, long_about = None)]
struct Args {
    /// Folder for the emails' .eml files (default: OUTBOX_DIR, or a folder in the temp dir).
    #[arg(long)]
    outbox: Option<PathBuf>,
}

const CONFIG: &str = r#"
# Which channels welcome messages go through.
[[notifier]]
kind = "email"

[[notifier]]
kind = "sms"

[[notifier]]
kind = "console"
"#;

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        // Colour only for a person at a terminal, and never with NO_COLOR set (no-color.org):
        // piped into a file or `tail`, escape codes are noise.
        .with_ansi(
            std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        )
        .init();
    let mut settings = Settings::from_env();
    if let Some(outbox) = args.outbox {
        settings.outbox = outbox;
    }
    let before = outbox_files(&settings.outbox).len();

    println!("Factory: the code that sends never names a concrete channel.\n");

    // ANCHOR: demo_config
    println!("1. Notifiers from a configuration file, through the trait-object factory:");
    let config = NotifiersConfig::parse(CONFIG)?;
    for entry in &config.notifier {
        let notifier = create(entry.kind.as_str(), &settings)?;
        welcome(notifier.as_ref(), entry.kind.as_str(), entry.kind).await?;
    }
    // ANCHOR_END: demo_config

    println!("\n2. A kind the factory does not know:");
    match create("pigeon", &settings) {
        Ok(_) => anyhow::bail!("the factory built a pigeon notifier"),
        Err(error) => println!("   create(\"pigeon\") -> error: {error}"),
    }
    match NotifiersConfig::parse("[[notifier]]\nkind = \"pigeon\"\n") {
        Ok(_) => anyhow::bail!("a configuration with a pigeon was accepted"),
        Err(error) => println!(
            "   in a configuration file -> error: {}",
            error.message().trim()
        ),
    }

    println!("\n3. The enum form: a closed set, no box.");
    let notifier = AnyNotifier::create(Kind::Console, &settings)?;
    println!("   AnyNotifier::Console:");
    let receipt = Notifier::send(&notifier, &message_for(Kind::Console)).await?;
    println!("      -> {}", receipt.detail);

    println!("\n4. The registry: a channel the factory has never heard of, added at start-up.");
    let mut registry = Registry::with_builtin();
    registry.register("slack", |_: &Settings| {
        // A stand-in: a real Slack notifier would post to a webhook.
        Ok(Box::new(ConsoleNotifier) as Box<dyn DynNotifier>)
    })?;
    println!("   kinds: {}", registry.kinds().join(", "));
    let slack = registry.create("slack", &settings)?;
    welcome(slack.as_ref(), "slack", Kind::Console).await?;

    println!("\n5. The abstract factory: email and SMS chosen together.");
    let family = family(&settings)?;
    println!("   family: {}", family.name());
    welcome(family.email()?.as_ref(), "email", Kind::Email).await?;
    welcome(family.sms()?.as_ref(), "sms", Kind::Sms).await?;

    let written = outbox_files(&settings.outbox).len().saturating_sub(before);
    println!(
        "\nDone: {written} email(s) written to the outbox folder{}.",
        if settings.smtp_url.is_some() {
            " (SMTP_URL is set: the others went to the SMTP server)"
        } else {
            ""
        }
    );
    Ok(())
}

/// A welcome message addressed the way `kind` needs.
fn message_for(kind: Kind) -> Message {
    Message {
        to: match kind {
            Kind::Sms => "+447700900123".to_owned(),
            Kind::Email | Kind::Console => "ada@example.com".to_owned(),
        },
        subject: "Welcome!".to_owned(),
        body: "Thanks for signing up, Ada.".to_owned(),
    }
}

/// Sends the welcome message through `notifier`, knowing nothing of which channel it is.
/// The label comes first, so that what a console channel prints while sending appears under it.
async fn welcome(notifier: &dyn DynNotifier, label: &str, address_as: Kind) -> anyhow::Result<()> {
    println!("   {label}:");
    let receipt = notifier.send(&message_for(address_as)).await?;
    let detail = if receipt.detail.starts_with("written to ") {
        "written to the outbox folder as an .eml file".to_owned()
    } else {
        receipt.detail
    };
    println!("      -> {detail}");
    Ok(())
}
