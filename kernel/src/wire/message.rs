//! Jupyter messages and their multipart ZeroMQ framing:
//! `[identities…, "<IDS|MSG>", signature, header, parent_header, metadata, content, buffers…]`.

use super::{Signer, PROTOCOL_VERSION};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::fmt;

const DELIMITER: &[u8] = b"<IDS|MSG>";

/// A message header.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Header {
    pub msg_id: String,
    pub session: String,
    pub username: String,
    pub date: String,
    pub msg_type: String,
    pub version: String,
}

impl Header {
    /// A fresh header for a message of `msg_type` in `session`.
    pub fn new(session: &str, msg_type: &str) -> Header {
        Header {
            msg_id: uuid::Uuid::new_v4().to_string(),
            session: session.to_string(),
            username: "sdia-kernel".to_string(),
            date: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            msg_type: msg_type.to_string(),
            version: PROTOCOL_VERSION.to_string(),
        }
    }
}

/// One Jupyter message.
#[derive(Debug, Clone)]
pub struct Message {
    /// ZeroMQ routing identities (ROUTER sockets); empty on PUB.
    pub identities: Vec<Vec<u8>>,
    pub header: Header,
    /// The header of the request this message answers, or `{}`.
    pub parent_header: Value,
    pub metadata: Value,
    pub content: Value,
    pub buffers: Vec<Vec<u8>>,
}

/// Why incoming frames are not a valid message.
#[derive(Debug, PartialEq)]
pub enum WireError {
    /// No `<IDS|MSG>` delimiter, or too few frames after it.
    Framing(String),
    /// The signature does not match the frames.
    BadSignature,
    /// A frame is not the JSON it should be.
    Json(String),
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WireError::Framing(e) => write!(f, "malformed message: {e}"),
            WireError::BadSignature => write!(f, "invalid message signature"),
            WireError::Json(e) => write!(f, "malformed message body: {e}"),
        }
    }
}

impl std::error::Error for WireError {}

impl Message {
    /// A new message of `msg_type` answering `parent` (routed back to the parent's sender).
    pub fn reply_to(parent: &Message, msg_type: &str, content: Value) -> Message {
        Message {
            identities: parent.identities.clone(),
            header: Header::new(&parent.header.session, msg_type),
            parent_header: serde_json::to_value(&parent.header).unwrap_or_else(|_| json!({})),
            metadata: json!({}),
            content,
            buffers: Vec::new(),
        }
    }

    /// The message's type.
    pub fn msg_type(&self) -> &str {
        &self.header.msg_type
    }

    /// Parses and verifies the frames of one multipart message.
    pub fn from_frames(frames: Vec<Vec<u8>>, signer: &Signer) -> Result<Message, WireError> {
        let split = frames
            .iter()
            .position(|f| f == DELIMITER)
            .ok_or_else(|| WireError::Framing("no <IDS|MSG> delimiter".into()))?;
        if frames.len() < split + 6 {
            return Err(WireError::Framing(format!(
                "{} frames after the delimiter, 5 expected",
                frames.len() - split - 1
            )));
        }
        let mut frames = frames;
        let buffers = frames.split_off(split + 6);
        let mut parts = frames.split_off(split + 1);
        frames.truncate(split);
        let identities = frames;
        let signature = parts.remove(0);
        let signed: Vec<&[u8]> = parts.iter().map(|p| p.as_slice()).collect();
        if !signer.verify(&signature, &signed) {
            return Err(WireError::BadSignature);
        }
        let json = |bytes: &[u8], what: &str| -> Result<Value, WireError> {
            serde_json::from_slice(bytes).map_err(|e| WireError::Json(format!("{what}: {e}")))
        };
        let header: Header = serde_json::from_slice(&parts[0])
            .map_err(|e| WireError::Json(format!("header: {e}")))?;
        let parent_header = json(&parts[1], "parent_header")?;
        let metadata = json(&parts[2], "metadata")?;
        let content = json(&parts[3], "content")?;
        if !content.is_object() {
            return Err(WireError::Json("content: not an object".into()));
        }
        Ok(Message {
            identities,
            header,
            parent_header,
            metadata,
            content,
            buffers,
        })
    }

    /// The frames to send for this message, signed.
    pub fn to_frames(&self, signer: &Signer) -> Vec<Vec<u8>> {
        let header = serde_json::to_vec(&self.header).expect("header serializes");
        let parent = serde_json::to_vec(&self.parent_header).expect("JSON value serializes");
        let metadata = serde_json::to_vec(&self.metadata).expect("JSON value serializes");
        let content = serde_json::to_vec(&self.content).expect("JSON value serializes");
        let signature = signer.sign(&[&header, &parent, &metadata, &content]);
        let mut frames = self.identities.clone();
        frames.push(DELIMITER.to_vec());
        frames.push(signature.into_bytes());
        frames.extend([header, parent, metadata, content]);
        frames.extend(self.buffers.iter().cloned());
        frames
    }

    /// Receives one message; `Ok(Err(..))` for frames that arrived but are invalid.
    pub fn recv(
        socket: &zmq::Socket,
        signer: &Signer,
    ) -> Result<Result<Message, WireError>, zmq::Error> {
        let frames = socket.recv_multipart(0)?;
        Ok(Message::from_frames(frames, signer))
    }

    /// Sends this message, signed.
    pub fn send(&self, socket: &zmq::Socket, signer: &Signer) -> Result<(), zmq::Error> {
        socket.send_multipart(self.to_frames(signer), 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(signer: &Signer) -> Vec<Vec<u8>> {
        let msg = Message {
            identities: vec![b"client".to_vec()],
            header: Header::new("s1", "kernel_info_request"),
            parent_header: json!({}),
            metadata: json!({}),
            content: json!({}),
            buffers: vec![],
        };
        msg.to_frames(signer)
    }

    #[test]
    fn round_trip_keeps_identities_and_header() {
        let signer = Signer::new("key");
        let msg = Message::from_frames(request(&signer), &signer).unwrap();
        assert_eq!(msg.identities, vec![b"client".to_vec()]);
        assert_eq!(msg.msg_type(), "kernel_info_request");
        let reply = Message::reply_to(&msg, "kernel_info_reply", json!({"status": "ok"}));
        assert_eq!(reply.parent_header["msg_id"], json!(msg.header.msg_id));
        assert_eq!(reply.identities, msg.identities);
    }

    #[test]
    fn bad_signature_is_rejected() {
        let frames = request(&Signer::new("other key"));
        let err = Message::from_frames(frames, &Signer::new("key")).unwrap_err();
        assert_eq!(err, WireError::BadSignature);
    }

    #[test]
    fn malformed_frames_are_rejected() {
        let signer = Signer::new("");
        assert!(matches!(
            Message::from_frames(vec![b"x".to_vec()], &signer),
            Err(WireError::Framing(_))
        ));
        let mut frames = request(&signer);
        let n = frames.len();
        frames[n - 1] = b"not json".to_vec();
        assert!(matches!(
            Message::from_frames(frames, &signer),
            Err(WireError::Json(_))
        ));
    }
}
