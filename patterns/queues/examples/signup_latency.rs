//! The source material's performance claim, measured: a sign-up that sends the welcome mail
//! itself waits for the mail; a sign-up that publishes `userRegistered` waits only for the
//! broker's confirm. Each sign-up first inserts the user (SQLite, in memory); then either it
//! sends the welcome mail over SMTP (lettre, to an SMTP server on loopback that accepts every
//! mail, so this is the *least* a mail can cost: a real provider adds a network and TLS), or it
//! publishes the event and returns. N sign-ups each way (1,000 by default), one at a time;
//! prints the median and the 99th percentile.
//!
//! The mail is sent twice over: to a server that acknowledges every TCP segment at once, and to
//! one that, like most, delays its acknowledgements (Linux's default). lettre writes a message
//! and its final "." in two writes without TCP_NODELAY, so against the second kind Nagle's
//! algorithm holds the "." until the delayed acknowledgement comes, 40 ms later.
//!
//!   cargo run --release -p queues --example signup_latency -- [N]
//!   cargo run --release -p queues --features kafka --example signup_latency -- [N]
//!
//! RabbitMQ (AMQP_URL, default local) and Kafka (KAFKA_BROKERS, default local, with the
//! feature) are measured when they answer; the in-process broker always.

use std::time::{Duration, Instant};

use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use queues::memory::InProcess;
use queues::rabbit::{DEFAULT_AMQP_URL, Rabbit};
use queues::{Broker, Message, UserRegistered};
use sqlx::AnyPool;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let total: usize = std::env::args().nth(1).map_or(Ok(1_000), |n| n.parse())?;
    sqlx::any::install_default_drivers();
    let users = AnyPool::connect("sqlite:file:signup-latency?mode=memory&cache=shared").await?;
    sqlx::query("CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE)")
        .execute(&users)
        .await?;
    println!("{total} sign-ups each way, one at a time; latency of the sign-up:");
    let mut round = 0;
    let mut next_email = || {
        round += 1;
        format!("user{round}@example.com")
    };

    for (quick_ack, label) in [
        (
            true,
            "sends the welcome mail itself (SMTP, loopback, acks at once)",
        ),
        (
            false,
            "sends the welcome mail itself (SMTP, loopback, delayed acks)",
        ),
    ] {
        let mailer = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
            .port(smtp_sink(quick_ack).await?)
            .build();
        let mut times = Vec::with_capacity(total);
        for _ in 0..total {
            let email = next_email();
            let started = Instant::now();
            insert_user(&users, &email).await?;
            let mail = lettre::Message::builder()
                .from("welcome@example.com".parse()?)
                .to(email.parse()?)
                .subject("Welcome")
                .body(format!("Welcome, {email}!"))?;
            mailer.send(mail).await?;
            times.push(started.elapsed());
        }
        report(label, &mut times);
    }

    let queue = format!("signup-latency-{}", std::process::id());
    let in_process = InProcess::new();
    measure(
        &in_process,
        "publishes to the in-process broker",
        &queue,
        &users,
        total,
        &mut next_email,
    )
    .await?;

    let url = std::env::var("AMQP_URL").unwrap_or_else(|_| DEFAULT_AMQP_URL.to_owned());
    match Rabbit::connect(&url).await {
        Ok(rabbit) => {
            let outcome = measure(
                &rabbit,
                "publishes to RabbitMQ (confirmed)",
                &queue,
                &users,
                total,
                &mut next_email,
            )
            .await;
            rabbit.delete(&queue).await?;
            outcome?;
        }
        Err(error) => println!("  RabbitMQ: not measured ({error})"),
    }

    #[cfg(feature = "kafka")]
    {
        use queues::kafka::{DEFAULT_KAFKA_BROKERS, Kafka};
        let brokers =
            std::env::var("KAFKA_BROKERS").unwrap_or_else(|_| DEFAULT_KAFKA_BROKERS.to_owned());
        match Kafka::connect(&brokers).await {
            Ok(kafka) => {
                let outcome = measure(
                    &kafka,
                    "publishes to Kafka (acks=all)",
                    &queue,
                    &users,
                    total,
                    &mut next_email,
                )
                .await;
                kafka.delete(&queue).await?;
                outcome?;
            }
            Err(error) => println!("  Kafka: not measured ({error})"),
        }
    }
    Ok(())
}

async fn insert_user(users: &AnyPool, email: &str) -> anyhow::Result<()> {
    sqlx::query("INSERT INTO users (id, email) VALUES ($1, $2)")
        .bind(uuid::Uuid::new_v4().to_string())
        .bind(email)
        .execute(users)
        .await?;
    Ok(())
}

async fn measure<B: Broker>(
    broker: &B,
    label: &str,
    queue: &str,
    users: &AnyPool,
    total: usize,
    next_email: &mut impl FnMut() -> String,
) -> anyhow::Result<()> {
    broker.declare(queue).await?;
    let mut times = Vec::with_capacity(total);
    for _ in 0..total {
        let email = next_email();
        let started = Instant::now();
        insert_user(users, &email).await?;
        let body = serde_json::to_vec(&UserRegistered {
            email: email.clone(),
        })?;
        broker
            .publish(queue, Message::new(body).keyed(email))
            .await?;
        times.push(started.elapsed());
    }
    report(label, &mut times);
    Ok(())
}

fn report(label: &str, times: &mut [Duration]) {
    times.sort();
    let at = |fraction: f64| times[((times.len() as f64 * fraction) as usize).min(times.len() - 1)];
    println!(
        "  a sign-up that {label}: median {:.3} ms, p99 {:.3} ms",
        at(0.5).as_secs_f64() * 1e3,
        at(0.99).as_secs_f64() * 1e3
    );
}

/// An SMTP server on loopback that accepts every mail and keeps none: the cheapest mail
/// server there can be, so the figure is a floor. With `quick_ack`, it acknowledges each TCP
/// segment at once (TCP_QUICKACK, Linux only). Returns its port.
async fn smtp_sink(quick_ack: bool) -> anyhow::Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(smtp_session(stream, quick_ack));
        }
    });
    Ok(port)
}

async fn smtp_session(stream: TcpStream, quick_ack: bool) -> std::io::Result<()> {
    #[cfg(not(target_os = "linux"))]
    let _ = quick_ack; // elsewhere every sink acknowledges the operating system's way
    stream.set_nodelay(true)?;
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 localhost ESMTP sink\r\n").await?;
    let mut in_data = false;
    while let Some(line) = lines.next_line().await? {
        // Linux turns quick acknowledgements off again by itself: ask after every read.
        #[cfg(target_os = "linux")]
        if quick_ack {
            socket2::SockRef::from(lines.get_ref().get_ref().as_ref()).set_tcp_quickack(true)?;
        }
        if in_data {
            if line == "." {
                in_data = false;
                write.write_all(b"250 OK: queued\r\n").await?;
            }
            continue;
        }
        let verb = line.get(..4).unwrap_or_default().to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-localhost\r\n250 8BITMIME\r\n",
            "HELO" => b"250 localhost\r\n",
            "MAIL" | "RCPT" | "RSET" | "NOOP" => b"250 OK\r\n",
            "DATA" => {
                in_data = true;
                b"354 End data with <CR><LF>.<CR><LF>\r\n"
            }
            "QUIT" => {
                write.write_all(b"221 Bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 Command not implemented\r\n",
        };
        write.write_all(reply).await?;
    }
    Ok(())
}
