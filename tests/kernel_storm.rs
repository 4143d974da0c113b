//! A storm of bad messages on the real kernel's shell and control sockets: random bytes,
//! malformed and truncated frames, unsigned and wrongly signed requests, well-signed garbage,
//! unknown message types. The kernel must run none of the forged requests, reply to none of
//! the invalid ones, and serve normally afterwards.

mod support;

use serde_json::{json, Value};
use std::time::{Duration, Instant};
use support::{sign, Kernel};

/// SplitMix64: seeded, so a failing storm can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, max_len: usize) -> Vec<u8> {
        let len = self.below(max_len + 1);
        (0..len).map(|_| self.next() as u8).collect()
    }

    fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b"0123456789abcdef"[self.below(16)]))
            .collect()
    }
}

const DELIMITER: &[u8] = b"<IDS|MSG>";

/// The four signed frames of a message.
fn parts(header: &Value, content: &Value) -> Vec<Vec<u8>> {
    [header, &json!({}), &json!({}), content]
        .iter()
        .map(|v| serde_json::to_vec(v).unwrap())
        .collect()
}

fn framed(signature: String, parts: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    let mut frames = vec![DELIMITER.to_vec(), signature.into_bytes()];
    frames.extend(parts);
    frames
}

/// A wrong signature for `parts`: random hex, another key's, one digit changed, uppercase,
/// cut short, or empty.
fn wrong_signature(rng: &mut Rng, parts: &[Vec<u8>]) -> String {
    let good = sign(parts);
    match rng.below(6) {
        0 => rng.hex(64),
        1 => {
            use hmac::{Hmac, Mac};
            let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"not the key").unwrap();
            for p in parts {
                mac.update(p);
            }
            hex::encode(mac.finalize().into_bytes())
        }
        2 => {
            let mut chars: Vec<char> = good.chars().collect();
            let at = rng.below(chars.len());
            chars[at] = if chars[at] == '0' { '1' } else { '0' };
            chars.into_iter().collect()
        }
        3 => good.to_uppercase(),
        4 => good[..rng.below(64)].to_string(),
        _ => String::new(),
    }
}

#[test]
fn a_storm_of_bad_messages_runs_nothing_and_the_kernel_serves_after() {
    let k = Kernel::start();
    let dir = std::env::temp_dir().join(format!("sdia-storm-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let marker = |name: &str| dir.join(name).display().to_string();

    let mut rng = Rng(0x5d1a_2026);
    let mut forged_ids = Vec::new();
    let mut sent = [0usize; 10];
    let started = Instant::now();
    for n in 0..3_000 {
        let socket = if rng.below(3) == 0 {
            &k.control
        } else {
            &k.shell
        };
        let forged_execute = || {
            let header = k.header("execute_request");
            let code = format!(
                "std::fs::write({:?}, \"ran\").unwrap();",
                marker(&format!("forged-{n}"))
            );
            let content = support::execute_content(&code, false);
            (header, content)
        };
        let kind = rng.below(10);
        sent[kind] += 1;
        let frames: Vec<Vec<u8>> = match kind {
            // Random bytes, sometimes around a real delimiter.
            0 => {
                let mut frames: Vec<Vec<u8>> =
                    (0..1 + rng.below(10)).map(|_| rng.bytes(64)).collect();
                if rng.below(2) == 0 {
                    let at = rng.below(frames.len());
                    frames[at] = DELIMITER.to_vec();
                }
                frames
            }
            // Unsigned execute_request.
            1 => {
                let (header, content) = forged_execute();
                forged_ids.push(header["msg_id"].as_str().unwrap().to_string());
                framed(String::new(), parts(&header, &content))
            }
            // Wrongly signed execute_request.
            2 => {
                let (header, content) = forged_execute();
                forged_ids.push(header["msg_id"].as_str().unwrap().to_string());
                let parts = parts(&header, &content);
                framed(wrong_signature(&mut rng, &parts), parts)
            }
            // A well-signed execute_request cut short (fewer than the 4 signed frames).
            3 => {
                let (header, content) = forged_execute();
                forged_ids.push(header["msg_id"].as_str().unwrap().to_string());
                let parts = parts(&header, &content);
                let mut frames = framed(sign(&parts), parts);
                frames.truncate(rng.below(6));
                frames
            }
            // Well-signed frames that are not JSON.
            4 => {
                let parts: Vec<Vec<u8>> = (0..4).map(|_| rng.bytes(48)).collect();
                framed(sign(&parts), parts)
            }
            // Well-signed JSON of the wrong shape: header without fields, content not an
            // object, header of the wrong type.
            5 => {
                let (header, content) = match rng.below(3) {
                    0 => (json!({"msg_type": "execute_request"}), json!({})),
                    1 => (k.header("execute_request"), json!(["code"])),
                    _ => (json!([1, 2, 3]), json!({"code": "1"})),
                };
                let parts = parts(&header, &content);
                framed(sign(&parts), parts)
            }
            // Well-signed, of a type nobody knows: handled (busy, idle), never answered.
            6 => {
                let header = k.header(&format!("storm_{}_request", rng.below(100)));
                let parts = parts(&header, &json!({"x": n}));
                framed(sign(&parts), parts)
            }
            // Forged shutdown or interrupt.
            7 => {
                let msg_type = ["shutdown_request", "interrupt_request"][rng.below(2)];
                let header = k.header(msg_type);
                forged_ids.push(header["msg_id"].as_str().unwrap().to_string());
                let parts = parts(&header, &json!({"restart": false}));
                framed(wrong_signature(&mut rng, &parts), parts)
            }
            // A misspelt delimiter before a well-signed execute_request.
            8 => {
                let (header, content) = forged_execute();
                forged_ids.push(header["msg_id"].as_str().unwrap().to_string());
                let parts = parts(&header, &content);
                let mut frames = framed(sign(&parts), parts);
                frames[0] =
                    [b"<IDS|MSG".as_slice(), b"<ids|msg>", b"IDS|MSG", b""][rng.below(4)].to_vec();
                frames
            }
            // Empty frames, or a lone delimiter.
            _ => match rng.below(3) {
                0 => vec![Vec::new()],
                1 => vec![DELIMITER.to_vec()],
                _ => vec![DELIMITER.to_vec(), Vec::new(), Vec::new()],
            },
        };
        socket.send_multipart(frames, 0).unwrap();
    }
    let sending = started.elapsed();
    assert!(sent.iter().all(|&c| c > 0), "every kind was sent: {sent:?}");

    // The kernel is alive and answers, on shell (first message there: no reply to the storm)
    // and on control.
    let mut k = k;
    assert!(
        k.process.try_wait().unwrap().is_none(),
        "the kernel exited during the storm"
    );
    let id = k.send(&k.shell, "kernel_info_request", json!({}));
    let first = k
        .recv(&k.shell, Duration::from_secs(60))
        .expect("a kernel_info reply after the storm");
    assert_eq!(
        first.parent["msg_id"], id,
        "the kernel replied to a storm message: {first:?}"
    );
    assert_eq!(first.content["status"], "ok");
    assert_eq!(first.content["language_info"]["name"], "rust");
    let absorbed = started.elapsed();
    let mut storm_iopub = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let left = deadline
            .checked_duration_since(Instant::now())
            .expect("idle after kernel_info");
        let msg = k.recv(&k.iopub, left).expect("idle after kernel_info");
        let done = msg.parent["msg_id"] == id && msg.content["execution_state"] == "idle";
        storm_iopub.push(msg);
        if done {
            break;
        }
    }
    for msg in &storm_iopub {
        assert!(
            !["execute_input", "stream", "error", "execute_result"].contains(&msg.msg_type()),
            "the storm made the kernel run something: {msg:?}"
        );
        assert!(
            !forged_ids
                .iter()
                .any(|f| msg.parent["msg_id"] == f.as_str()),
            "the kernel handled a forged request: {msg:?}"
        );
    }
    let reply = k.control_request("kernel_info_request", json!({}));
    assert_eq!(reply.content["status"], "ok");
    k.heartbeat.send("ping", 0).unwrap();
    assert_eq!(
        k.heartbeat.poll(zmq::POLLIN, 10_000).unwrap(),
        1,
        "heartbeat after the storm"
    );
    assert_eq!(k.heartbeat.recv_bytes(0).unwrap(), b"ping");

    // A real cell runs, with the same side effect the forged ones asked for: it would have
    // been visible.
    let real = marker("real");
    let ex = k.execute(&format!(
        "std::fs::write({real:?}, \"ran\").unwrap();\nlet v = vec![6, 7];\nv[0] * v[1]"
    ));
    assert_eq!(ex.status(), "ok", "{:?}", ex.reply.content);
    assert_eq!(
        ex.of_type("execute_result")[0].content["data"]["text/plain"],
        "42"
    );
    assert_eq!(
        ex.reply.content["execution_count"], 1,
        "no forged cell was counted"
    );
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "ran");
    let forged: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("forged-"))
        .collect();
    assert!(forged.is_empty(), "forged cells ran: {forged:?}");
    assert!(k.process.try_wait().unwrap().is_none());
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!(
        "storm: {} messages sent in {sending:?}, kernel_info answered {absorbed:?} after the first ({sent:?} by kind)",
        sent.iter().sum::<usize>()
    );
}
