//! The Jupyter wire protocol: connection files, message framing, HMAC signing.
//!
//! Nothing here knows about Rust compilation or about what a message means.

pub mod connection;
pub mod message;
pub mod signer;

pub use connection::ConnectionInfo;
pub use message::{Header, Message};
pub use signer::Signer;

/// Jupyter messaging protocol version this kernel speaks.
pub const PROTOCOL_VERSION: &str = "5.3";
