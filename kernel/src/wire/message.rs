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

    /// SplitMix64: a small seeded generator, so every run tests the same cases and a failure
    /// names the seed that reproduces it.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        }

        /// Uniform in `0..n` (`n > 0`).
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }

        fn bytes(&mut self, max_len: usize) -> Vec<u8> {
            let len = self.below(max_len + 1);
            (0..len).map(|_| self.next() as u8).collect()
        }

        fn text(&mut self) -> String {
            const PIECES: &[&str] = &[
                "a",
                "Z",
                "0",
                " ",
                "\n",
                "\"",
                "\\",
                "{",
                "}",
                "é",
                "∶",
                "🦀",
                "<IDS|MSG>",
                "\0",
                "msg_id",
                "*",
            ];
            (0..self.below(8))
                .map(|_| PIECES[self.below(PIECES.len())])
                .collect()
        }

        /// A JSON value with nested objects and arrays (no floats: their text round trip is
        /// not the point here).
        fn json(&mut self, depth: usize) -> Value {
            match self.below(if depth == 0 { 4 } else { 6 }) {
                0 => Value::Null,
                1 => json!(self.next().is_multiple_of(2)),
                2 => json!(self.next() as i64),
                3 => json!(self.text()),
                4 => Value::Array((0..self.below(4)).map(|_| self.json(depth - 1)).collect()),
                _ => self.object(depth - 1),
            }
        }

        fn object(&mut self, depth: usize) -> Value {
            let mut map = serde_json::Map::new();
            for _ in 0..self.below(4) {
                let key = self.text();
                let value = self.json(depth);
                map.insert(key, value);
            }
            Value::Object(map)
        }

        fn message(&mut self) -> Message {
            let mut header = Header::new(&self.text(), &self.text());
            header.username = self.text();
            Message {
                identities: (0..self.below(3))
                    .map(|i| format!("peer-{i}-{}", self.next()).into_bytes())
                    .collect(),
                header,
                parent_header: self.object(2),
                metadata: self.object(2),
                content: self.object(3),
                buffers: (0..self.below(3)).map(|_| self.bytes(32)).collect(),
            }
        }
    }

    /// What a parse must keep of the original for the message to be the same one.
    fn signed_part(m: &Message) -> (Header, Value, Value, Value) {
        (
            m.header.clone(),
            m.parent_header.clone(),
            m.metadata.clone(),
            m.content.clone(),
        )
    }

    #[test]
    fn random_valid_messages_round_trip() {
        for seed in 0..500 {
            let mut rng = Rng(seed);
            let signer = Signer::new(&format!("key-{seed}"));
            let original = rng.message();
            let parsed = Message::from_frames(original.to_frames(&signer), &signer)
                .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            assert_eq!(parsed.identities, original.identities, "seed {seed}");
            assert_eq!(signed_part(&parsed), signed_part(&original), "seed {seed}");
            assert_eq!(parsed.buffers, original.buffers, "seed {seed}");
        }
    }

    #[test]
    fn tampered_messages_fail_verification() {
        // Frames: identities…, delimiter, signature, header, parent, metadata, content, buffers….
        for seed in 0..2_000 {
            let mut rng = Rng(1_000_000 + seed);
            let signer = Signer::new("the key");
            let original = rng.message();
            let mut frames = original.to_frames(&signer);
            let delimiter = original.identities.len();
            let what = rng.below(6);
            let at = rng.below(frames.len());
            match what {
                // One bit flipped in one frame.
                0 => {
                    if frames[at].is_empty() {
                        frames[at].push(0);
                    } else {
                        let byte = rng.below(frames[at].len());
                        frames[at][byte] ^= 1 << rng.below(8);
                    }
                }
                // One frame dropped.
                1 => {
                    frames.remove(at);
                }
                // One frame duplicated.
                2 => {
                    let copy = frames[at].clone();
                    frames.insert(at, copy);
                }
                // The delimiter misspelt.
                3 => {
                    const WRONG: &[&[u8]] =
                        &[b"<IDS|MSG", b"<ids|msg>", b"IDS|MSG", b"<IDS|MSG> ", b""];
                    frames[delimiter] = WRONG[rng.below(WRONG.len())].to_vec();
                }
                // Truncated after some frame.
                4 => frames.truncate(at),
                // Signed with another key.
                _ => frames = original.to_frames(&Signer::new("another key")),
            }
            let result = Message::from_frames(frames, &signer);
            let unsigned_frame = at < delimiter || at >= delimiter + 6;
            // Whatever the mutation, an accepted message is the one that was signed.
            if let Ok(parsed) = &result {
                assert_eq!(
                    signed_part(parsed),
                    signed_part(&original),
                    "seed {seed}: mutation {what} at frame {at} changed the message"
                );
            }
            match what {
                // Identities and buffers are not signed: changing one keeps the message.
                0..=2 if unsigned_frame => {
                    assert!(result.is_ok(), "seed {seed}: {what} at {at}: {result:?}")
                }
                // A flipped bit in the signature or a signed frame.
                0 if at != delimiter => assert_eq!(
                    result.unwrap_err(),
                    WireError::BadSignature,
                    "seed {seed}: flip at {at}"
                ),
                // A dropped or duplicated signature or signed frame shifts the frames;
                // duplicating the content is the one case where the copy is a mere buffer.
                1 | 2 if !(what == 2 && at == delimiter + 5) => {
                    assert!(result.is_err(), "seed {seed}: {what} at {at} accepted")
                }
                3 => assert!(
                    matches!(result, Err(WireError::Framing(_))),
                    "seed {seed}: {result:?}"
                ),
                4 if at < delimiter + 6 => assert!(
                    matches!(result, Err(WireError::Framing(_))),
                    "seed {seed}: truncated to {at} frames: {result:?}"
                ),
                5 => assert_eq!(result.unwrap_err(), WireError::BadSignature, "seed {seed}"),
                _ => {}
            }
        }
    }

    #[test]
    fn random_frames_never_panic_and_never_pass_a_keyed_check() {
        let keyed = Signer::new("k");
        let unkeyed = Signer::new("");
        for seed in 0..5_000 {
            let mut rng = Rng(2_000_000 + seed);
            let mut frames: Vec<Vec<u8>> = (0..rng.below(12)).map(|_| rng.bytes(40)).collect();
            // Often a real delimiter, so the parser gets past the framing check.
            if !frames.is_empty() && rng.below(2) == 0 {
                let at = rng.below(frames.len());
                frames[at] = DELIMITER.to_vec();
            }
            assert!(
                Message::from_frames(frames.clone(), &keyed).is_err(),
                "seed {seed}"
            );
            // Without a key the signature is not checked: random JSON frames are still
            // refused unless they really are a header and objects.
            if let Ok(m) = Message::from_frames(frames, &unkeyed) {
                assert!(m.content.is_object(), "seed {seed}");
            }
        }
    }

    #[test]
    fn well_signed_garbage_is_a_json_error_not_a_panic() {
        let signer = Signer::new("k");
        let header = serde_json::to_vec(&Header::new("s", "execute_request")).unwrap();
        let cases: Vec<[Vec<u8>; 4]> = vec![
            [
                b"not json".to_vec(),
                b"{}".to_vec(),
                b"{}".to_vec(),
                b"{}".to_vec(),
            ],
            [
                b"{}".to_vec(),
                b"{}".to_vec(),
                b"{}".to_vec(),
                b"{}".to_vec(),
            ],
            [
                b"[]".to_vec(),
                b"{}".to_vec(),
                b"{}".to_vec(),
                b"{}".to_vec(),
            ],
            [
                header.clone(),
                b"{".to_vec(),
                b"{}".to_vec(),
                b"{}".to_vec(),
            ],
            [
                header.clone(),
                b"{}".to_vec(),
                vec![0xff, 0xfe],
                b"{}".to_vec(),
            ],
            [
                header.clone(),
                b"{}".to_vec(),
                b"{}".to_vec(),
                b"[1, 2]".to_vec(),
            ],
            [
                header.clone(),
                b"{}".to_vec(),
                b"{}".to_vec(),
                b"\"code\"".to_vec(),
            ],
            [header, b"{}".to_vec(), b"{}".to_vec(), b"".to_vec()],
        ];
        for (i, parts) in cases.into_iter().enumerate() {
            let refs: Vec<&[u8]> = parts.iter().map(|p| p.as_slice()).collect();
            let mut frames = vec![DELIMITER.to_vec(), signer.sign(&refs).into_bytes()];
            frames.extend(parts);
            let result = Message::from_frames(frames, &signer);
            assert!(
                matches!(result, Err(WireError::Json(_))),
                "case {i}: {result:?}"
            );
        }
    }
}
