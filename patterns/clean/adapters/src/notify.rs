//! # The notifier port, on the factory chapter's notifiers
//!
//! The use case says "tell the customer the order is confirmed" ([`clean_app::Notifier`]);
//! how is the factory pattern's business. This adapter turns an order into a message and hands
//! it to any `factory` notifier: the `.eml` outbox by default, SMTP or the console as
//! configured. The use cases never learn that lettre exists.

use clean_app::{Notifier, NotifyError};
use clean_domain::Order;

/// A [`Notifier`] port on top of a notifier from the `factory` crate.
pub struct FactoryNotifier<N> {
    channel: N,
}

impl<N: factory::Notifier> FactoryNotifier<N> {
    pub fn new(channel: N) -> Self {
        Self { channel }
    }
}

/// What the customer reads.
pub fn confirmation(order: &Order) -> factory::Message {
    let lines: Vec<String> = order
        .lines()
        .iter()
        .map(|line| format!("{} x {}", line.quantity, line.product))
        .collect();
    factory::Message {
        to: order.customer().to_string(),
        subject: format!("Order {} confirmed", order.id()),
        body: format!("We are packing {}.", lines.join(", ")),
    }
}

impl<N: factory::Notifier> Notifier for FactoryNotifier<N> {
    async fn order_confirmed(&self, order: &Order) -> Result<(), NotifyError> {
        self.channel
            .send(&confirmation(order))
            .await
            .map(|_| ())
            .map_err(|error| NotifyError(error.to_string()))
    }
}
