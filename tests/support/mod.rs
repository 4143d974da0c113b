//! A minimal Jupyter client for the integration tests: launches the real `sdia-kernel` binary
//! on a fresh connection file and speaks the wire protocol over ZeroMQ. Its framing and
//! signing are written here independently of the kernel's own code.

#![allow(dead_code)]

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const KEY: &str = "a0436f6c-1916-498b-8eb9-e81ab9368e84";

pub struct Kernel {
    pub process: Child,
    _context: zmq::Context,
    pub shell: zmq::Socket,
    pub control: zmq::Socket,
    pub stdin: zmq::Socket,
    pub iopub: zmq::Socket,
    pub heartbeat: zmq::Socket,
    pub session: String,
    dir: PathBuf,
}

/// `n` distinct free ports: all listeners are held until every port is picked, so that no
/// port is handed out twice (as jupyter_client does). Another process may still take one before
/// the kernel binds it; [`Kernel::start`] then retries.
fn free_ports(n: usize) -> Vec<u16> {
    let listeners: Vec<TcpListener> = (0..n)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}

pub fn sign(parts: &[Vec<u8>]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(KEY.as_bytes()).unwrap();
    for p in parts {
        mac.update(p);
    }
    hex::encode(mac.finalize().into_bytes())
}

/// A received message: header, parent header, content.
#[derive(Debug, Clone)]
pub struct Msg {
    pub header: Value,
    pub parent: Value,
    pub content: Value,
}

impl Msg {
    pub fn msg_type(&self) -> &str {
        self.header["msg_type"].as_str().unwrap_or("")
    }
}

/// Everything a request produced: its reply and the IOPub messages up to its idle.
#[derive(Debug)]
pub struct Exchange {
    pub reply: Msg,
    pub iopub: Vec<Msg>,
}

impl Exchange {
    pub fn of_type(&self, msg_type: &str) -> Vec<&Msg> {
        self.iopub
            .iter()
            .filter(|m| m.msg_type() == msg_type)
            .collect()
    }

    pub fn stream(&self, name: &str) -> String {
        self.of_type("stream")
            .iter()
            .filter(|m| m.content["name"] == name)
            .map(|m| m.content["text"].as_str().unwrap_or("").to_string())
            .collect()
    }

    pub fn status(&self) -> &str {
        self.reply.content["status"].as_str().unwrap_or("")
    }
}

/// The content of an ordinary execute request.
pub fn execute_content(code: &str, allow_stdin: bool) -> Value {
    json!({"code": code, "silent": false, "store_history": true,
           "user_expressions": {}, "allow_stdin": allow_stdin, "stop_on_error": true})
}

impl Kernel {
    /// Starts the kernel and waits until it answers kernel_info and IOPub is connected. A
    /// kernel that exits while starting (a port taken between picking and binding) is started
    /// again on new ports, up to three times.
    pub fn start() -> Kernel {
        for _ in 0..3 {
            if let Some(kernel) = Kernel::launch() {
                return kernel;
            }
        }
        panic!("kernel did not start: it exited three times while starting (see its stderr)");
    }

    /// One launch on fresh ports: the ready kernel, or `None` if the process exited first.
    fn launch() -> Option<Kernel> {
        let dir = std::env::temp_dir().join(format!("sdia-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        let ports = free_ports(5);
        let connection = json!({
            "transport": "tcp", "ip": "127.0.0.1",
            "shell_port": ports[0], "iopub_port": ports[1], "stdin_port": ports[2],
            "control_port": ports[3], "hb_port": ports[4],
            "key": KEY, "signature_scheme": "hmac-sha256",
        });
        let file = dir.join("connection.json");
        std::fs::write(&file, connection.to_string()).unwrap();
        let process = Command::new(env!("CARGO_BIN_EXE_sdia-kernel"))
            .arg("--connection-file")
            .arg(&file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .expect("start sdia-kernel");
        let context = zmq::Context::new();
        let session = uuid::Uuid::new_v4().to_string();
        let connect = |kind, port: u16| {
            let s = context.socket(kind).unwrap();
            s.set_linger(0).unwrap();
            if kind == zmq::DEALER {
                s.set_identity(session.as_bytes()).unwrap();
            }
            if kind == zmq::SUB {
                s.set_subscribe(b"").unwrap();
            }
            s.connect(&format!("tcp://127.0.0.1:{port}")).unwrap();
            s
        };
        let mut kernel = Kernel {
            process,
            shell: connect(zmq::DEALER, ports[0]),
            iopub: connect(zmq::SUB, ports[1]),
            stdin: connect(zmq::DEALER, ports[2]),
            control: connect(zmq::DEALER, ports[3]),
            heartbeat: connect(zmq::REQ, ports[4]),
            _context: context,
            session,
            dir,
        };
        // kernel_info until IOPub delivers its status messages (the PUB/SUB join is async).
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            assert!(Instant::now() < deadline, "kernel did not start");
            if let Ok(Some(_)) = kernel.process.try_wait() {
                return None;
            }
            let id = kernel.send(&kernel.shell, "kernel_info_request", json!({}));
            if kernel
                .recv_reply(&kernel.shell, &id, Duration::from_secs(10))
                .is_some()
                && kernel.wait_idle(&id, Duration::from_millis(500)).is_some()
            {
                return Some(kernel);
            }
        }
    }

    pub fn header(&self, msg_type: &str) -> Value {
        json!({
            "msg_id": uuid::Uuid::new_v4().to_string(),
            "session": self.session, "username": "test",
            "date": "2026-01-01T00:00:00.000000Z",
            "msg_type": msg_type, "version": "5.3",
        })
    }

    /// Sends a request; returns its msg_id.
    pub fn send(&self, socket: &zmq::Socket, msg_type: &str, content: Value) -> String {
        let header = self.header(msg_type);
        let id = header["msg_id"].as_str().unwrap().to_string();
        self.send_frames(socket, header, content, None);
        id
    }

    /// Sends with an optional forged signature.
    pub fn send_frames(
        &self,
        socket: &zmq::Socket,
        header: Value,
        content: Value,
        signature: Option<&str>,
    ) {
        let parts: Vec<Vec<u8>> = [header, json!({}), json!({}), content]
            .iter()
            .map(|v| serde_json::to_vec(v).unwrap())
            .collect();
        let sig = signature
            .map(str::to_string)
            .unwrap_or_else(|| sign(&parts));
        let mut frames = vec![b"<IDS|MSG>".to_vec(), sig.into_bytes()];
        frames.extend(parts);
        socket.send_multipart(frames, 0).unwrap();
    }

    /// Receives one message (checking its signature) within `timeout`.
    pub fn recv(&self, socket: &zmq::Socket, timeout: Duration) -> Option<Msg> {
        if socket
            .poll(zmq::POLLIN, timeout.as_millis() as i64)
            .unwrap()
            == 0
        {
            return None;
        }
        let frames = socket.recv_multipart(0).unwrap();
        let at = frames
            .iter()
            .position(|f| f == b"<IDS|MSG>")
            .expect("delimiter");
        let parts = frames[at + 2..at + 6].to_vec();
        assert_eq!(
            sign(&parts),
            String::from_utf8_lossy(&frames[at + 1]),
            "kernel signature"
        );
        let parse = |b: &Vec<u8>| serde_json::from_slice::<Value>(b).unwrap();
        Some(Msg {
            header: parse(&parts[0]),
            parent: parse(&parts[1]),
            content: parse(&parts[3]),
        })
    }

    pub fn recv_reply(&self, socket: &zmq::Socket, id: &str, timeout: Duration) -> Option<Msg> {
        let deadline = Instant::now() + timeout;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let msg = self.recv(socket, left)?;
            if msg.parent["msg_id"] == id {
                return Some(msg);
            }
        }
        None
    }

    /// IOPub messages whose parent is `id`, up to and including its idle status.
    pub fn wait_idle(&self, id: &str, timeout: Duration) -> Option<Vec<Msg>> {
        let deadline = Instant::now() + timeout;
        let mut messages = Vec::new();
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            let msg = self.recv(&self.iopub, left)?;
            if msg.parent["msg_id"] != id {
                continue;
            }
            let idle = msg.msg_type() == "status" && msg.content["execution_state"] == "idle";
            messages.push(msg);
            if idle {
                return Some(messages);
            }
        }
        None
    }

    /// A request and everything it caused.
    pub fn request(&self, msg_type: &str, content: Value, timeout: Duration) -> Exchange {
        let id = self.send(&self.shell, msg_type, content);
        let reply = self
            .recv_reply(&self.shell, &id, timeout)
            .unwrap_or_else(|| panic!("no reply to {msg_type} in {timeout:?}"));
        let iopub = self.wait_idle(&id, timeout).expect("idle after the reply");
        Exchange { reply, iopub }
    }

    /// Sends an ordinary execute request (not silent, stored, stop on error); returns its id.
    pub fn send_execute(&self, code: &str, allow_stdin: bool) -> String {
        self.send(
            &self.shell,
            "execute_request",
            execute_content(code, allow_stdin),
        )
    }

    pub fn execute(&self, code: &str) -> Exchange {
        self.request(
            "execute_request",
            execute_content(code, false),
            Duration::from_secs(120),
        )
    }

    pub fn control_request(&self, msg_type: &str, content: Value) -> Msg {
        let id = self.send(&self.control, msg_type, content);
        self.recv_reply(&self.control, &id, Duration::from_secs(10))
            .unwrap_or_else(|| panic!("no {msg_type} reply on control"))
    }
}

impl Drop for Kernel {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
