//! # Seeing the layers: a trace of the spans a request opens
//!
//! Every layer's functions carry `#[tracing::instrument(name = "layer.action")]`. This
//! `tracing` layer records each span as it opens, indented by how deep it is, so a request
//! prints the path it took through the code:
//!
//! ```text
//! controller.register
//!   service.register
//!     repository.find_by_email
//!     repository.insert
//! ```
//!
//! The demo prints it after each request, and a snapshot test pins it, so the chapter's
//! diagram cannot drift from the code.

use std::sync::{Arc, Mutex, PoisonError};

use tracing::Subscriber;
use tracing::span::{Attributes, Id};
use tracing_subscriber::Layer;
use tracing_subscriber::layer::Context;
use tracing_subscriber::registry::LookupSpan;

/// Records the names of the spans of the layers, indented by depth. Clones share the record.
#[derive(Clone, Default)]
pub struct SpanTree {
    lines: Arc<Mutex<Vec<String>>>,
}

impl SpanTree {
    pub fn new() -> Self {
        Self::default()
    }

    /// The spans recorded since the last call, and a fresh start.
    pub fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.lines.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

impl<S> Layer<S> for SpanTree
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let name = attrs.metadata().name();
        // Only our layers' spans ("controller.x", "service.x", "repository.x"), not sqlx's.
        if !["controller.", "service.", "repository."]
            .iter()
            .any(|p| name.starts_with(p))
        {
            return;
        }
        let depth = ctx.span(id).map_or(0, |span| {
            span.scope()
                .skip(1)
                .filter(|parent| parent.name().contains('.'))
                .count()
        });
        self.lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(format!("{}{name}", "  ".repeat(depth)));
    }
}
