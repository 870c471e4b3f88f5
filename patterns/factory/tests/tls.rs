//! TLS for real: an SMTP server (TLS from the start, and STARTTLS) and an SMS provider over
//! https, on local ports, each presenting a certificate this test makes for `localhost`. The
//! notifiers trust that certificate only because the test adds it to their [`Trust`]; with
//! Mozilla's roots alone, the same servers are refused.

use std::sync::Arc;

use factory::{EmailNotifier, Message, Notifier, NotifyError, SmsNotifier, Trust};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};

/// A self-signed certificate for `localhost`: the PEM a client is told to trust, and the
/// acceptor a server presents it with.
fn localhost_certificate() -> (String, TlsAcceptor) {
    let certified = rcgen::generate_simple_self_signed(["localhost".to_owned()])
        .expect("a certificate for localhost");
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
        certified.signing_key.serialize_der(),
    ));
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("TLS 1.2 and 1.3")
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .expect("the key fits the certificate");
    (certified.cert.pem(), TlsAcceptor::from(Arc::new(config)))
}

fn trusting(pem: &str) -> Trust {
    Trust::public()
        .also(pem.as_bytes(), "the test's certificate")
        .expect("a PEM certificate")
}

/// An error and all its causes, one line: where rustls says why it refused a certificate.
fn causes(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

fn welcome(to: &str) -> Message {
    Message {
        to: to.to_owned(),
        subject: "Welcome!".to_owned(),
        body: "Thanks for signing up.".to_owned(),
    }
}

/// How the SMTP server offers TLS.
#[derive(Clone, Copy)]
enum SmtpTls {
    /// TLS from the first byte (`smtps://`).
    Implicit,
    /// Plain text until the client says STARTTLS.
    StartTls,
    /// Never: a server, or someone in the middle, that does not offer STARTTLS.
    NotOffered,
}

/// Reads SMTP commands until QUIT or STARTTLS. Returns what came after DATA, and whether the
/// client asked for STARTTLS (the caller then upgrades the connection).
async fn smtp_commands<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
    offer_starttls: bool,
) -> (String, bool) {
    let (mut data, mut in_data) = (String::new(), false);
    let mut line = String::new();
    loop {
        line.clear();
        if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
            return (data, false);
        }
        let command = line.trim_end();
        let reply = if in_data {
            if command == "." {
                in_data = false;
                "250 2.0.0 queued\r\n"
            } else {
                data.push_str(command);
                data.push('\n');
                continue;
            }
        } else {
            match command.get(..4).map(str::to_uppercase).as_deref() {
                Some("EHLO") if offer_starttls => "250-localhost\r\n250 STARTTLS\r\n",
                Some("EHLO") => "250-localhost\r\n250 8BITMIME\r\n",
                Some("STAR") => {
                    let ready = "220 2.0.0 ready to start TLS\r\n";
                    stream.write_all(ready.as_bytes()).await.expect("reply");
                    return (data, true);
                }
                Some("DATA") => {
                    in_data = true;
                    "354 go ahead\r\n"
                }
                Some("QUIT") => {
                    let _ = stream.write_all(b"221 bye\r\n").await;
                    return (data, false);
                }
                _ => "250 OK\r\n",
            }
        };
        if stream.write_all(reply.as_bytes()).await.is_err() {
            return (data, false);
        }
    }
}

/// An SMTP server for one connection. Returns its URL and, when the client is done, what it
/// received over TLS (empty if the client gave up, or said nothing after the handshake).
async fn smtp_server(
    acceptor: TlsAcceptor,
    tls: SmtpTls,
) -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let port = listener.local_addr().expect("bound").port();
    let url = match tls {
        SmtpTls::Implicit => format!("smtps://localhost:{port}"),
        SmtpTls::StartTls | SmtpTls::NotOffered => {
            format!("smtp://localhost:{port}?tls=required")
        }
    };
    let task = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.expect("the client connects");
        match tls {
            SmtpTls::Implicit => {
                let Ok(secure) = acceptor.accept(tcp).await else {
                    return String::new();
                };
                let mut secure = BufReader::new(secure);
                let _ = secure.write_all(b"220 localhost ESMTP\r\n").await;
                smtp_commands(&mut secure, false).await.0
            }
            SmtpTls::StartTls | SmtpTls::NotOffered => {
                let mut plain = BufReader::new(tcp);
                let _ = plain.write_all(b"220 localhost ESMTP\r\n").await;
                let offer = matches!(tls, SmtpTls::StartTls);
                let (before, upgrade) = smtp_commands(&mut plain, offer).await;
                assert!(
                    before.is_empty(),
                    "an email was sent before TLS was set up:\n{before}"
                );
                if !upgrade {
                    return String::new();
                }
                let Ok(secure) = acceptor.accept(plain.into_inner()).await else {
                    return String::new();
                };
                smtp_commands(&mut BufReader::new(secure), false).await.0
            }
        }
    });
    (url, task)
}

#[tokio::test]
async fn smtps_delivers_over_tls_to_a_server_the_notifier_trusts() {
    let (pem, acceptor) = localhost_certificate();
    let (url, server) = smtp_server(acceptor, SmtpTls::Implicit).await;
    let notifier = EmailNotifier::smtp(&url, "shop@example.com", &trusting(&pem)).unwrap();
    let receipt = Notifier::send(&notifier, &welcome("ada@example.com"))
        .await
        .unwrap();
    assert!(receipt.detail.contains("(250"), "{}", receipt.detail);
    let received = server.await.unwrap();
    assert!(received.contains("To: ada@example.com"), "{received}");
    assert!(received.contains("Thanks for signing up."), "{received}");
}

#[tokio::test]
async fn starttls_upgrades_before_the_email_is_sent() {
    let (pem, acceptor) = localhost_certificate();
    let (url, server) = smtp_server(acceptor, SmtpTls::StartTls).await;
    let notifier = EmailNotifier::smtp(&url, "shop@example.com", &trusting(&pem)).unwrap();
    Notifier::send(&notifier, &welcome("grace@example.com"))
        .await
        .unwrap();
    let received = server.await.unwrap();
    assert!(received.contains("To: grace@example.com"), "{received}");
}

#[tokio::test]
async fn tls_required_sends_nothing_to_a_server_that_does_not_offer_starttls() {
    let (pem, acceptor) = localhost_certificate();
    let (url, server) = smtp_server(acceptor, SmtpTls::NotOffered).await;
    let notifier = EmailNotifier::smtp(&url, "shop@example.com", &trusting(&pem)).unwrap();
    let error = Notifier::send(&notifier, &welcome("grace@example.com"))
        .await
        .unwrap_err();
    assert!(matches!(error, NotifyError::Smtp(_)), "{error}");
    assert_eq!(server.await.unwrap(), "", "nothing reached the server");
}

#[tokio::test]
async fn a_certificate_nobody_vouches_for_is_refused() {
    for tls in [SmtpTls::Implicit, SmtpTls::StartTls] {
        let (_, acceptor) = localhost_certificate();
        let (url, server) = smtp_server(acceptor, tls).await;
        let notifier = EmailNotifier::smtp(&url, "shop@example.com", &Trust::public()).unwrap();
        let error = Notifier::send(&notifier, &welcome("ada@example.com"))
            .await
            .unwrap_err();
        assert!(matches!(error, NotifyError::Smtp(_)), "{url}: {error}");
        assert!(
            causes(&error).contains("UnknownIssuer"),
            "{url}: {}",
            causes(&error)
        );
        assert_eq!(server.await.unwrap(), "", "{url}: nothing was sent");
    }
}

#[tokio::test]
async fn a_certificate_for_another_name_is_refused() {
    // The certificate says `localhost`; the URL says 127.0.0.1. Trusting the issuer is not
    // enough: the certificate must also name the host the client asked for.
    let (pem, acceptor) = localhost_certificate();
    let (url, server) = smtp_server(acceptor, SmtpTls::Implicit).await;
    let url = url.replace("localhost", "127.0.0.1");
    let notifier = EmailNotifier::smtp(&url, "shop@example.com", &trusting(&pem)).unwrap();
    let error = Notifier::send(&notifier, &welcome("ada@example.com"))
        .await
        .unwrap_err();
    assert!(matches!(error, NotifyError::Smtp(_)), "{error}");
    assert!(
        causes(&error).contains("certificate not valid for name"),
        "{}",
        causes(&error)
    );
    assert_eq!(server.await.unwrap(), "");
}

/// An https SMS provider for one request: answers `{"id": "sms-1"}` and returns the request
/// it read (head and body), or `None` if the client gave up during the handshake.
async fn https_provider(
    acceptor: TlsAcceptor,
) -> (String, tokio::task::JoinHandle<Option<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let url = format!(
        "https://localhost:{}/v1",
        listener.local_addr().expect("bound").port()
    );
    let task = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.expect("the client connects");
        let mut secure = BufReader::new(acceptor.accept(tcp).await.ok()?);
        let mut request = String::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            secure.read_line(&mut line).await.ok()?;
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().ok()?;
            }
            request.push_str(&line);
            if line == "\r\n" || line.is_empty() {
                break;
            }
        }
        let mut body = vec![0; length];
        secure.read_exact(&mut body).await.ok()?;
        request.push_str(&String::from_utf8_lossy(&body));
        let answer = r#"{"id":"sms-1"}"#;
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
            answer.len()
        );
        secure.write_all(response.as_bytes()).await.ok()?;
        secure.shutdown().await.ok()?;
        Some(request)
    });
    (url, task)
}

#[tokio::test]
async fn sms_goes_to_an_https_provider_the_notifier_trusts() {
    let (pem, acceptor) = localhost_certificate();
    let (url, provider) = https_provider(acceptor).await;
    let notifier = SmsNotifier::http(&url, "test-key", &trusting(&pem)).unwrap();
    let receipt = Notifier::send(&notifier, &welcome("+447700900123"))
        .await
        .unwrap();
    assert_eq!(receipt.detail, "accepted by the SMS provider as sms-1");
    let request = provider
        .await
        .unwrap()
        .expect("the provider read a request");
    assert!(
        request.starts_with("POST /v1/messages HTTP/1.1\r\n"),
        "{request}"
    );
    assert!(
        request
            .to_lowercase()
            .contains("authorization: bearer test-key"),
        "{request}"
    );
    assert!(request.contains(r#""to":"+447700900123""#), "{request}");
}

#[tokio::test]
async fn an_https_provider_nobody_vouches_for_is_refused() {
    let (_, acceptor) = localhost_certificate();
    let (url, provider) = https_provider(acceptor).await;
    let notifier = SmsNotifier::http(&url, "test-key", &Trust::public()).unwrap();
    let error = Notifier::send(&notifier, &welcome("+447700900123"))
        .await
        .unwrap_err();
    assert!(matches!(error, NotifyError::Http(_)), "{error}");
    assert!(
        causes(&error).contains("UnknownIssuer"),
        "{}",
        causes(&error)
    );
    assert_eq!(provider.await.unwrap(), None, "the key was never sent");
}

#[test]
fn a_certificate_file_must_hold_a_certificate() {
    for pem in [
        "",
        "not a certificate",
        "-----BEGIN CERTIFICATE-----\nAAAA\n",
    ] {
        let Err(error) = Trust::public().also(pem.as_bytes(), "ca.pem") else {
            panic!("{pem:?} was taken for a certificate");
        };
        assert_eq!(
            error.to_string(),
            "ca.pem holds no usable certificate: expected PEM (-----BEGIN CERTIFICATE-----)"
        );
    }
    let missing = std::path::Path::new("/nonexistent/ca.pem");
    let Err(error) = Trust::with_file(Some(missing)) else {
        panic!("a missing file was accepted");
    };
    assert!(
        matches!(error, NotifyError::CertificateFile { .. }),
        "{error}"
    );
}

#[test]
fn sms_provider_addresses_are_checked_when_the_notifier_is_built() {
    for url in ["ftp://sms.example.com", "sms.example.com", "https://"] {
        let Err(error) = SmsNotifier::http(url, "key", &Trust::public()) else {
            panic!("{url} was accepted");
        };
        assert!(matches!(error, NotifyError::SmsUrl(_)), "{url}: {error}");
    }
}
