//! A loopback TCP proxy that a test can cut and restore: "the broker is unreachable" without
//! stopping the broker (which, for the in-memory brokers CI runs, would lose its data). Point a
//! client at the proxy's address; [`Proxy::cut`] closes every connection through it and refuses
//! new ones until [`Proxy::restore`].

use std::net::SocketAddr;
use std::process::Child;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A loopback TCP proxy to `upstream`.
pub struct Proxy {
    address: SocketAddr,
    up: watch::Sender<bool>,
    pipes: Arc<Mutex<Vec<JoinHandle<()>>>>,
    accepting: JoinHandle<()>,
}

impl Proxy {
    /// Starts proxying from `listener` (bind it first when the proxy's address must be known
    /// before the upstream starts, as a broker that advertises it does) to `upstream`.
    pub fn start(listener: TcpListener, upstream: SocketAddr) -> Self {
        let address = listener
            .local_addr()
            .expect("a bound listener has an address");
        let (up, mut is_up) = watch::channel(true);
        let pipes: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let accepting = tokio::spawn({
            let pipes = Arc::clone(&pipes);
            async move {
                while let Ok((mut client, _)) = listener.accept().await {
                    if !*is_up.borrow_and_update() {
                        drop(client); // down: the connection is closed at once
                        continue;
                    }
                    let pipe = tokio::spawn(async move {
                        if let Ok(mut server) = TcpStream::connect(upstream).await {
                            let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                        }
                    });
                    pipes
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(pipe);
                }
            }
        });
        Self {
            address,
            up,
            pipes,
            accepting,
        }
    }

    /// A proxy on a free loopback port to `upstream`.
    pub async fn to(upstream: SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a loopback port");
        Self::start(listener, upstream)
    }

    /// Where clients connect.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Closes every connection through the proxy, and every new one at once, until `restore`.
    pub fn cut(&self) {
        self.up.send_replace(false);
        for pipe in self
            .pipes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .drain(..)
        {
            pipe.abort();
        }
    }

    /// Lets connections through again.
    pub fn restore(&self) {
        self.up.send_replace(true);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accepting.abort();
        self.cut();
    }
}

/// A child process (a broker a test starts for itself), killed when dropped.
pub struct KillOnDrop(pub Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A loopback port nobody listens on now.
pub async fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    listener
        .local_addr()
        .expect("a bound listener has an address")
        .port()
}

/// Waits until something listens on the loopback `port` (10 s at most).
pub async fn wait_for_port(port: u16) {
    for _ in 0..100 {
        if TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("nothing listened on port {port} within 10 s");
}
