//! The real channels against local stand-ins: the SMS provider is a wiremock server, the SMTP
//! server a small sink on a local port, the outbox a fresh folder. Nothing leaves the machine.

use factory::channels::outbox_files;
use factory::{
    DynNotifier, EmailNotifier, FactoryError, Kind, Message, Notifier, NotifierFamily, NotifyError,
    Production, Settings, SmsNotifier, Trust, create,
};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;
use wiremock::matchers::{body_json, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn welcome(to: &str) -> Message {
    Message {
        to: to.to_owned(),
        subject: "Welcome!".to_owned(),
        body: "Thanks for signing up.".to_owned(),
    }
}

fn fresh_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("factory-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// A one-message SMTP server: answers the commands lettre sends and returns what came after
/// DATA. Enough SMTP to check what the email notifier sends, and no more.
async fn smtp_sink() -> (String, tokio::task::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let url = format!("smtp://{}", listener.local_addr().expect("bound"));
    let task = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.expect("lettre connects");
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read).lines();
        let mut reply = async |text: &str| write.write_all(text.as_bytes()).await.expect("reply");
        reply("220 sink ESMTP\r\n").await;
        let (mut data, mut in_data) = (String::new(), false);
        while let Ok(Some(line)) = lines.next_line().await {
            if in_data {
                if line == "." {
                    in_data = false;
                    reply("250 2.0.0 queued\r\n").await;
                } else {
                    data.push_str(&line);
                    data.push('\n');
                }
                continue;
            }
            match line.get(..4).map(str::to_uppercase).as_deref() {
                Some("EHLO") => reply("250-sink\r\n250 8BITMIME\r\n").await,
                Some("DATA") => {
                    in_data = true;
                    reply("354 go ahead\r\n").await;
                }
                Some("QUIT") => {
                    reply("221 bye\r\n").await;
                    break;
                }
                _ => reply("250 OK\r\n").await,
            }
        }
        data
    });
    (url, task)
}

#[tokio::test]
async fn email_to_the_outbox_writes_an_eml_file_a_mail_client_can_open() {
    let dir = fresh_dir("outbox");
    let notifier = EmailNotifier::outbox(&dir, "Shop <shop@example.com>").unwrap();
    let receipt = Notifier::send(&notifier, &welcome("ada@example.com"))
        .await
        .unwrap();
    assert_eq!(receipt.channel, Kind::Email);
    let files = outbox_files(&dir);
    assert_eq!(files.len(), 1);
    assert!(
        receipt.detail.contains(&files[0].display().to_string()),
        "{}",
        receipt.detail
    );
    let eml = std::fs::read_to_string(&files[0]).unwrap();
    for header in [
        "From: Shop <shop@example.com>",
        "To: ada@example.com",
        "Subject: Welcome!",
    ] {
        assert!(eml.contains(header), "missing {header:?} in:\n{eml}");
    }
    assert!(eml.contains("Thanks for signing up."));
    std::fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn email_over_smtp_reaches_the_server() {
    let (url, sink) = smtp_sink().await;
    let notifier = EmailNotifier::smtp(&url, "shop@example.com", &Trust::public()).unwrap();
    let receipt = Notifier::send(&notifier, &welcome("grace@example.com"))
        .await
        .unwrap();
    assert!(
        receipt.detail.contains("accepted by the SMTP server (250"),
        "{}",
        receipt.detail
    );
    let data = sink.await.unwrap();
    assert!(data.contains("To: grace@example.com"), "{data}");
    assert!(data.contains("Subject: Welcome!"), "{data}");
}

#[tokio::test]
async fn a_bad_address_or_smtp_url_is_a_clear_error() {
    let notifier = EmailNotifier::outbox(fresh_dir("bad-address"), "shop@example.com").unwrap();
    let error = Notifier::send(&notifier, &welcome("not an address"))
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "email cannot deliver to \"not an address\": not an email address"
    );
    for url in [
        "http://mail:25",
        "smtp://",
        "smtp://mail:port",
        "smtp://mail?tls=opportunistic",
        "smtp://mail?tls=required&tls=none",
        "smtps://mail?tls=none",
    ] {
        let Err(error) = EmailNotifier::smtp(url, "shop@example.com", &Trust::public()) else {
            panic!("{url} was accepted");
        };
        assert!(matches!(error, NotifyError::SmtpUrl(_)), "{url}: {error}");
    }
    let Err(error) = EmailNotifier::smtp(
        "smtp://shop:pa55word@mail?tls=sometimes",
        "shop@example.com",
        &Trust::public(),
    ) else {
        panic!("tls=sometimes was accepted");
    };
    assert!(
        error.to_string().contains("smtp://shop:***@mail"),
        "the error shows the URL without its password: {error}"
    );
}

#[tokio::test]
async fn sms_goes_to_the_provider_with_the_key_and_the_text() {
    let provider = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/messages"))
        .and(header("authorization", "Bearer test-key"))
        .and(body_json(serde_json::json!({
            "to": "+447700900123",
            "text": "Welcome!: Thanks for signing up."
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({"id": "msg-42"})))
        .expect(1)
        .mount(&provider)
        .await;
    let notifier = SmsNotifier::http(&provider.uri(), "test-key", &Trust::public()).unwrap();
    let receipt = Notifier::send(&notifier, &welcome("+447700900123"))
        .await
        .unwrap();
    assert_eq!(receipt.channel, Kind::Sms);
    assert_eq!(receipt.detail, "accepted by the SMS provider as msg-42");
}

#[tokio::test]
async fn a_provider_refusal_is_an_error_with_its_status_and_words() {
    let provider = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(422).set_body_string("number is blocked"))
        .mount(&provider)
        .await;
    let notifier = SmsNotifier::http(&provider.uri(), "test-key", &Trust::public()).unwrap();
    let error = Notifier::send(&notifier, &welcome("+447700900123"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, NotifyError::Rejected { status: 422, body } if body == "number is blocked"),
        "{error}"
    );
}

#[tokio::test]
async fn an_invalid_phone_number_never_reaches_the_provider() {
    let provider = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .expect(0)
        .mount(&provider)
        .await;
    let notifier = SmsNotifier::http(&provider.uri(), "test-key", &Trust::public()).unwrap();
    for to in ["ada@example.com", "+44", "07700900123", "+44 7700 900123"] {
        let error = Notifier::send(&notifier, &welcome(to)).await.unwrap_err();
        assert!(
            matches!(
                error,
                NotifyError::Address {
                    channel: Kind::Sms,
                    ..
                }
            ),
            "{to}: {error}"
        );
    }
}

#[tokio::test]
async fn the_production_family_uses_smtp_and_the_provider_together() {
    let (smtp_url, sink) = smtp_sink().await;
    let provider = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"id": "p-1"})))
        .expect(1)
        .mount(&provider)
        .await;
    let family = Production {
        from: "shop@example.com".into(),
        smtp_url,
        sms_api_url: provider.uri(),
        sms_api_key: "k".into(),
        trust: Trust::public(),
    };
    let email = family.email().unwrap();
    let sms = family.sms().unwrap();
    assert!(
        email
            .send(&welcome("ada@example.com"))
            .await
            .unwrap()
            .detail
            .contains("SMTP")
    );
    assert!(
        sms.send(&welcome("+447700900123"))
            .await
            .unwrap()
            .detail
            .contains("p-1")
    );
    assert!(sink.await.unwrap().contains("To: ada@example.com"));
}

#[tokio::test]
async fn the_factory_builds_every_kind_from_settings_and_names_the_valid_ones() {
    let settings = Settings {
        outbox: fresh_dir("factory-kinds"),
        ..Settings::default()
    };
    for kind in ["email", "SMS", " console "] {
        let notifier: Box<dyn DynNotifier> = create(kind, &settings).unwrap();
        assert_eq!(notifier.kind().as_str(), kind.trim().to_lowercase());
    }
    let Err(FactoryError::Unknown(error)) = create("fax", &settings) else {
        panic!("the factory built a fax notifier");
    };
    assert_eq!(error.valid, ["email", "sms", "console"]);
}
