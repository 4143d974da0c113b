//! The server's side of [`Frontend`]: publishes a running cell's outputs on IOPub with the
//! request as parent, and asks for input on the stdin channel.

use crate::interpreter::{Frontend, MimeBundle};
use crate::publisher::Publisher;
use crate::wire::{Message, Signer};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

/// Outputs of one execute request.
pub struct CellFrontend {
    publisher: Arc<Publisher>,
    request: Message,
    parent: Value,
    stdin: Arc<Mutex<zmq::Socket>>,
    signer: Signer,
    allow_stdin: bool,
    silent: bool,
}

impl CellFrontend {
    /// Outputs for `request`; a `silent` request publishes nothing.
    pub fn new(
        publisher: Arc<Publisher>,
        request: &Message,
        stdin: Arc<Mutex<zmq::Socket>>,
        signer: Signer,
        allow_stdin: bool,
        silent: bool,
    ) -> CellFrontend {
        CellFrontend {
            publisher,
            parent: serde_json::to_value(&request.header).unwrap_or_else(|_| json!({})),
            request: request.clone(),
            stdin,
            signer,
            allow_stdin,
            silent,
        }
    }
}

impl Frontend for CellFrontend {
    fn stream(&self, name: &str, text: &str) {
        if !self.silent && !text.is_empty() {
            self.publisher
                .publish(&self.parent, "stream", json!({"name": name, "text": text}));
        }
    }

    fn display(&self, data: MimeBundle, metadata: Value, display_id: Option<String>, update: bool) {
        if self.silent {
            return;
        }
        let transient = match &display_id {
            Some(id) => json!({"display_id": id}),
            None => json!({}),
        };
        let msg_type = if update && display_id.is_some() {
            "update_display_data"
        } else {
            "display_data"
        };
        self.publisher.publish(
            &self.parent,
            msg_type,
            json!({"data": data, "metadata": metadata, "transient": transient}),
        );
    }

    fn clear_output(&self, wait: bool) {
        if !self.silent {
            self.publisher
                .publish(&self.parent, "clear_output", json!({"wait": wait}));
        }
    }

    fn input(&self, prompt: &str, password: bool) -> Option<String> {
        if !self.allow_stdin {
            return None;
        }
        let socket = self.stdin.lock().unwrap_or_else(|e| e.into_inner());
        // Drop any stale reply left from an earlier, abandoned request.
        while let Ok(frames) = socket.recv_multipart(zmq::DONTWAIT) {
            drop(frames);
        }
        let request = Message::reply_to(
            &self.request,
            "input_request",
            json!({"prompt": prompt, "password": password}),
        );
        if let Err(e) = request.send(&socket, &self.signer) {
            crate::log(&format!("cannot send input_request: {e}"));
            return None;
        }
        loop {
            match Message::recv(&socket, &self.signer) {
                Ok(Ok(reply)) if reply.msg_type() == "input_reply" => {
                    return Some(reply.content["value"].as_str().unwrap_or("").to_string());
                }
                Ok(Ok(other)) => {
                    crate::log(&format!("ignored {} on stdin", other.msg_type()));
                }
                Ok(Err(e)) => crate::log(&format!("dropped a message on stdin: {e}")),
                Err(e) => {
                    crate::log(&format!("cannot receive on stdin: {e}"));
                    return None;
                }
            }
        }
    }
}
