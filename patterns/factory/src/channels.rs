//! # The channels: what the factory builds
//!
//! Three ways to tell a user something, each a real client: email through lettre (into `.eml`
//! files in an outbox folder by default, to an SMTP server when one is configured), SMS through
//! an HTTP provider's API with reqwest (or printed to the console when no provider is
//! configured), and a plain console notifier for development. The factory's job is to pick and
//! build one of these from a name; the code that sends does not need to know which.
//!
//! Real providers are reached over TLS (`smtps://`, STARTTLS, `https://`), checked against
//! Mozilla's certificate authorities and any you add with [`Trust`]. There is no switch that
//! turns the check off: a test trusts its own self-signed certificate instead.

use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use serde::Deserialize;

use crate::Kind;

/// What to tell whom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// An email address, or a phone number in international form (`+447700900123`).
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// Proof of delivery: which channel took the message, and what it said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub channel: Kind,
    pub detail: String,
}

/// Why a message was not delivered.
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    #[error("{channel} cannot deliver to {to:?}: {reason}")]
    Address {
        channel: Kind,
        to: String,
        reason: &'static str,
    },
    #[error("the email could not be built")]
    Build(#[from] lettre::error::Error),
    #[error("the outbox folder {dir} cannot be used")]
    Outbox {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error("writing the email to the outbox failed")]
    File(#[from] lettre::transport::file::Error),
    #[error(
        "{0:?} is not an SMTP address: expected smtps://host[:port] (TLS), \
         smtp://host[:port]?tls=required (STARTTLS) or smtp://host[:port] (plain text, for a \
         relay on your own machine or network)"
    )]
    SmtpUrl(String),
    #[error("SMTP failed")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error(
        "{0:?} is not an SMS provider address: expected https://host[/path] (or http:// for one on your own machine)"
    )]
    SmsUrl(String),
    #[error("the SMS provider could not be reached")]
    Http(#[from] reqwest::Error),
    #[error("{what} holds no usable certificate: expected PEM (-----BEGIN CERTIFICATE-----)")]
    Certificate { what: String },
    #[error("the certificate file {path} cannot be read")]
    CertificateFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("TLS cannot be set up")]
    Tls(#[from] rustls::Error),
    #[error("incomplete configuration: {0}")]
    Incomplete(&'static str),
    #[error("the SMS provider refused the message: HTTP {status}: {body}")]
    Rejected { status: u16, body: String },
}

// ANCHOR: notifier
/// Anything that can deliver a [`Message`]. `send` is `async`: every real channel waits on
/// the network or the disk.
pub trait Notifier: Send + Sync {
    /// Which channel this is.
    fn kind(&self) -> Kind;
    /// Delivers `message`.
    fn send(&self, message: &Message) -> impl Future<Output = Result<Receipt, NotifyError>> + Send;
}
// ANCHOR_END: notifier

// ANCHOR: trust
/// Whom the TLS channels trust: Mozilla's certificate authorities, compiled in (webpki-roots,
/// so a container without `/etc/ssl` works the same), plus any added with [`Trust::also`]: a
/// company's own CA for an internal relay, or the self-signed certificate a test makes.
/// Both lettre and reqwest get the same roots, on rustls with the `ring` provider.
#[derive(Clone, Default)]
pub struct Trust {
    extra: Vec<CertificateDer<'static>>,
}

impl Trust {
    /// Mozilla's roots only: what a service talking to public providers needs.
    pub fn public() -> Self {
        Self::default()
    }

    /// Also trusts every certificate in `pem` (one or more `BEGIN CERTIFICATE` blocks);
    /// `what` names them in an error.
    pub fn also(mut self, pem: &[u8], what: &str) -> Result<Self, NotifyError> {
        let unusable = || NotifyError::Certificate {
            what: what.to_owned(),
        };
        let certificates = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| unusable())?;
        if certificates.is_empty() {
            return Err(unusable());
        }
        self.extra.extend(certificates);
        Ok(self)
    }

    /// Mozilla's roots, and the certificates in the PEM file at `path` if one is given.
    pub fn with_file(path: Option<&Path>) -> Result<Self, NotifyError> {
        let Some(path) = path else {
            return Ok(Self::public());
        };
        let pem = std::fs::read(path).map_err(|source| NotifyError::CertificateFile {
            path: path.to_owned(),
            source,
        })?;
        Self::public().also(&pem, &path.display().to_string())
    }

    /// For reqwest: a rustls client on `ring`, checking servers against these roots.
    /// A rustls client configuration with these roots, on the `ring` provider: what reqwest is
    /// given (the microservices' HTTP client takes it too).
    pub fn client_config(&self) -> Result<rustls::ClientConfig, NotifyError> {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for certificate in &self.extra {
            roots.add(certificate.clone())?;
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        Ok(rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_root_certificates(roots)
            .with_no_client_auth())
    }

    /// For lettre: the same roots, for a server that must present a certificate for `host`.
    fn smtp_parameters(&self, host: &str) -> Result<TlsParameters, NotifyError> {
        let mut parameters = TlsParameters::builder(host.to_owned())
            .certificate_store(CertificateStore::WebpkiRoots);
        for certificate in &self.extra {
            parameters =
                parameters.add_root_certificate(Certificate::from_der(certificate.to_vec())?);
        }
        Ok(parameters.build_rustls()?)
    }
}
// ANCHOR_END: trust

/// `url` with its password, if any, replaced by `***`: what an error or a log may show.
pub fn redacted(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}

/// Sends email with lettre: into an outbox folder (one `.eml` file per message, the embedded
/// default) or to an SMTP server.
pub struct EmailNotifier {
    from: Mailbox,
    transport: EmailTransport,
}

enum EmailTransport {
    Outbox {
        dir: PathBuf,
        files: AsyncFileTransport<Tokio1Executor>,
    },
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
}

impl EmailNotifier {
    /// Writes each email as an `.eml` file into `dir` (created if missing). Any mail client
    /// opens them.
    pub fn outbox(dir: impl Into<PathBuf>, from: &str) -> Result<Self, NotifyError> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(|source| NotifyError::Outbox {
            dir: dir.clone(),
            source,
        })?;
        Ok(Self {
            from: mailbox(from)?,
            transport: EmailTransport::Outbox {
                files: AsyncFileTransport::new(&dir),
                dir,
            },
        })
    }

    /// Sends through the SMTP server at `url`, user and password included if it needs them:
    /// - `smtps://host[:port]`: TLS from the first byte (port 465 by default);
    /// - `smtp://host[:port]?tls=required`: STARTTLS, and no email is sent if the server
    ///   does not offer it (port 587 by default);
    /// - `smtp://host[:port]`: plain text, for a relay on your own machine or network (25).
    ///
    /// `?tls=opportunistic` (STARTTLS if offered) is refused: whoever sits in the middle can
    /// hide the offer and read everything.
    // ANCHOR: smtp
    pub fn smtp(url: &str, from: &str, trust: &Trust) -> Result<Self, NotifyError> {
        let invalid = || NotifyError::SmtpUrl(redacted(url));
        let parsed = url::Url::parse(url).map_err(|_| invalid())?;
        let host = parsed
            .host_str()
            .filter(|host| !host.is_empty())
            .ok_or_else(invalid)?;
        let tls_query: Vec<_> = parsed
            .query_pairs()
            .filter(|(key, _)| key == "tls")
            .collect();
        let tls = match (parsed.scheme(), tls_query.as_slice()) {
            ("smtps", []) => Tls::Wrapper(trust.smtp_parameters(host)?),
            ("smtp", [(_, mode)]) if mode == "required" => {
                Tls::Required(trust.smtp_parameters(host)?)
            }
            ("smtp", []) => Tls::None,
            _ => return Err(invalid()),
        };
        // lettre reads the rest of the URL: the port, and the credentials if any.
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|_| invalid())?
            .tls(tls)
            .build();
        Ok(Self {
            from: mailbox(from)?,
            transport: EmailTransport::Smtp(transport),
        })
    }
    // ANCHOR_END: smtp
}

impl Notifier for EmailNotifier {
    fn kind(&self) -> Kind {
        Kind::Email
    }

    async fn send(&self, message: &Message) -> Result<Receipt, NotifyError> {
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(mailbox(&message.to)?)
            .subject(&message.subject)
            .body(message.body.clone())?;
        let detail = match &self.transport {
            EmailTransport::Outbox { dir, files } => {
                let id = files.send(email).await?;
                format!("written to {}", dir.join(format!("{id}.eml")).display())
            }
            EmailTransport::Smtp(smtp) => {
                let response = smtp.send(email).await?;
                format!("accepted by the SMTP server ({})", response.code())
            }
        };
        Ok(Receipt {
            channel: Kind::Email,
            detail,
        })
    }
}

fn mailbox(address: &str) -> Result<Mailbox, NotifyError> {
    address.parse().map_err(|_| NotifyError::Address {
        channel: Kind::Email,
        to: address.to_owned(),
        reason: "not an email address",
    })
}

/// Sends SMS through a provider's HTTP API, or prints them when no provider is configured.
pub struct SmsNotifier {
    provider: SmsProvider,
}

enum SmsProvider {
    Console,
    Http {
        client: reqwest::Client,
        messages_url: String,
        api_key: String,
    },
}

/// What the provider answers to an accepted message.
#[derive(Deserialize)]
struct Accepted {
    id: String,
}

impl SmsNotifier {
    /// Prints each SMS on the console instead of sending it: the embedded default.
    pub fn console() -> Self {
        Self {
            provider: SmsProvider::Console,
        }
    }

    /// Sends through the provider whose API is at `base_url` (`https://`, its certificate
    /// checked against `trust`; `http://` for a stand-in on your own machine): `POST
    /// {base_url}/messages` with a JSON body `{"to", "text"}` and the key as a bearer token;
    /// it answers `{"id"}`. A provider that does not answer within 10 seconds is an error,
    /// not a hang.
    pub fn http(base_url: &str, api_key: &str, trust: &Trust) -> Result<Self, NotifyError> {
        let invalid = || NotifyError::SmsUrl(redacted(base_url));
        let parsed = url::Url::parse(base_url).map_err(|_| invalid())?;
        if !matches!(parsed.scheme(), "https" | "http") || parsed.host_str().is_none() {
            return Err(invalid());
        }
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .tls_backend_preconfigured(trust.client_config()?)
            .build()?;
        Ok(Self {
            provider: SmsProvider::Http {
                client,
                messages_url: format!("{}/messages", base_url.trim_end_matches('/')),
                api_key: api_key.to_owned(),
            },
        })
    }
}

impl Notifier for SmsNotifier {
    fn kind(&self) -> Kind {
        Kind::Sms
    }

    async fn send(&self, message: &Message) -> Result<Receipt, NotifyError> {
        let digits = message.to.strip_prefix('+').unwrap_or("");
        if digits.len() < 8 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(NotifyError::Address {
                channel: Kind::Sms,
                to: message.to.clone(),
                reason: "not a phone number in international form (+447700900123)",
            });
        }
        let text = format!("{}: {}", message.subject, message.body);
        let detail = match &self.provider {
            SmsProvider::Console => {
                println!("      [sms to {}] {text}", message.to);
                "printed to the console (no SMS provider configured)".to_owned()
            }
            SmsProvider::Http {
                client,
                messages_url,
                api_key,
            } => {
                let response = client
                    .post(messages_url)
                    .bearer_auth(api_key)
                    .json(&serde_json::json!({ "to": message.to, "text": text }))
                    .send()
                    .await?;
                let status = response.status();
                if !status.is_success() {
                    let mut body = response.text().await.unwrap_or_default();
                    // Keep the provider's explanation, not a whole HTML error page.
                    if let Some((cut, _)) = body.char_indices().nth(500) {
                        body.truncate(cut);
                    }
                    return Err(NotifyError::Rejected {
                        status: status.as_u16(),
                        body,
                    });
                }
                let accepted: Accepted = response.json().await?;
                format!("accepted by the SMS provider as {}", accepted.id)
            }
        };
        Ok(Receipt {
            channel: Kind::Sms,
            detail,
        })
    }
}

/// Prints each message: for development, and the simplest possible channel.
#[derive(Debug, Default, Clone, Copy)]
pub struct ConsoleNotifier;

impl Notifier for ConsoleNotifier {
    fn kind(&self) -> Kind {
        Kind::Console
    }

    async fn send(&self, message: &Message) -> Result<Receipt, NotifyError> {
        println!(
            "      [console to {}] {}: {}",
            message.to, message.subject, message.body
        );
        Ok(Receipt {
            channel: Kind::Console,
            detail: "printed to the console".to_owned(),
        })
    }
}

/// The outbox folder used when none is configured: beside the system's temporary files.
pub fn default_outbox() -> PathBuf {
    std::env::temp_dir().join("backend-patterns-outbox")
}

/// The `.eml` files in `dir`, for tests and the demo.
pub fn outbox_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|e| e == "eml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}
