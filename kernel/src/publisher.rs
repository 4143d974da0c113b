//! The one place that sends on the IOPub socket: status, streams, displays, results, errors.

use crate::wire::{Header, Message, Signer};
use serde_json::{json, Value};
use std::sync::Mutex;

/// Publishes IOPub messages; shared by every thread that produces output.
pub struct Publisher {
    socket: Mutex<zmq::Socket>,
    signer: Signer,
    session: String,
}

impl Publisher {
    /// Wraps a bound PUB socket.
    pub fn new(socket: zmq::Socket, signer: Signer, session: String) -> Publisher {
        Publisher {
            socket: Mutex::new(socket),
            signer,
            session,
        }
    }

    /// Sends `msg_type` with `content`, child of `parent` (a request header, or `{}`).
    pub fn publish(&self, parent: &Value, msg_type: &str, content: Value) {
        let session = parent["session"]
            .as_str()
            .unwrap_or(&self.session)
            .to_string();
        let message = Message {
            identities: vec![format!("kernel.{}.{msg_type}", self.session).into_bytes()],
            header: Header::new(&session, msg_type),
            parent_header: parent.clone(),
            metadata: json!({}),
            content,
            buffers: Vec::new(),
        };
        let socket = self.socket.lock().unwrap_or_else(|e| e.into_inner());
        if let Err(e) = message.send(&socket, &self.signer) {
            crate::log(&format!("cannot publish {msg_type}: {e}"));
        }
    }

    /// Publishes `status` with `execution_state` (busy, idle, starting).
    pub fn status(&self, parent: &Value, state: &str) {
        self.publish(parent, "status", json!({ "execution_state": state }));
    }
}
