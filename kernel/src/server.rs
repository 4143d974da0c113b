//! The protocol server: binds the five sockets, checks signatures, answers heartbeats, and
//! dispatches each request to one handler, wrapped in busy/idle status messages.
//!
//! Threads: the shell loop (this one, which owns the interpreter), control, heartbeat and a
//! SIGINT watcher. Outputs of a running cell reach IOPub through the shared [`Publisher`].

use crate::frontend::CellFrontend;
use crate::history::History;
use crate::interpreter::{
    Completeness, ExecuteOutcome, ExecuteRequest, Interpreter, Interrupter, KernelInfo,
};
use crate::publisher::Publisher;
use crate::wire::{ConnectionInfo, Message, Signer, PROTOCOL_VERSION};
use serde_json::{json, Map, Value};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Everything the shell loop needs.
struct Shell<I: Interpreter> {
    interpreter: I,
    shell: zmq::Socket,
    wake: zmq::Socket,
    stdin: Arc<Mutex<zmq::Socket>>,
    publisher: Arc<Publisher>,
    signer: Signer,
    execution_count: u64,
    history: History,
    info: KernelInfo,
    /// Requests that were queued when a cell failed with `stop_on_error`, taken off the socket
    /// before that cell's reply: their execute requests are answered "aborted", the others
    /// handled as usual, before anything that arrived later.
    aborting: VecDeque<Message>,
}

/// Runs a kernel on the sockets of `connection` until a shutdown request.
pub fn serve<I: Interpreter>(connection: &ConnectionInfo, interpreter: I) -> anyhow::Result<()> {
    let context = zmq::Context::new();
    let signer = Signer::new(&connection.key);
    let bind = |kind, port| -> anyhow::Result<zmq::Socket> {
        let socket = context.socket(kind)?;
        socket.set_linger(1000)?;
        let endpoint = connection.endpoint(port);
        socket
            .bind(&endpoint)
            .map_err(|e| anyhow::anyhow!("cannot bind {endpoint}: {e}"))?;
        Ok(socket)
    };
    let shell = bind(zmq::ROUTER, connection.shell_port)?;
    let control = bind(zmq::ROUTER, connection.control_port)?;
    let stdin = bind(zmq::ROUTER, connection.stdin_port)?;
    let iopub = bind(zmq::PUB, connection.iopub_port)?;
    let heartbeat = bind(zmq::REP, connection.hb_port)?;
    let wake_address = format!("inproc://wake-{}", uuid::Uuid::new_v4());
    let wake = context.socket(zmq::PAIR)?;
    wake.bind(&wake_address)?;
    let wake_sender = context.socket(zmq::PAIR)?;
    wake_sender.connect(&wake_address)?;

    let publisher = Arc::new(Publisher::new(
        iopub,
        signer.clone(),
        uuid::Uuid::new_v4().to_string(),
    ));
    publisher.status(&json!({}), "starting");

    std::thread::spawn(move || run_heartbeat(heartbeat));

    let interrupter = interpreter.interrupter();
    crate::sigint::forward_to(interrupter.clone());
    let info = interpreter.kernel_info();
    {
        let publisher = publisher.clone();
        let signer = signer.clone();
        let info = info.clone();
        std::thread::spawn(move || {
            run_control(control, wake_sender, publisher, signer, interrupter, info)
        });
    }

    let mut shell = Shell {
        interpreter,
        shell,
        wake,
        stdin: Arc::new(Mutex::new(stdin)),
        publisher,
        signer,
        execution_count: 0,
        history: History::default(),
        info,
        aborting: VecDeque::new(),
    };
    shell.run();
    shell.interpreter.shutdown();
    Ok(())
}

fn run_heartbeat(socket: zmq::Socket) {
    loop {
        match socket.recv_bytes(0) {
            Ok(ping) => {
                let _ = socket.send(ping, 0);
            }
            Err(zmq::Error::ETERM) => return,
            Err(_) => continue,
        }
    }
}

/// Invalid messages dropped since the kernel started, on every channel.
static DROPPED: AtomicU64 = AtomicU64::new(0);

/// Dropped messages logged one by one; after that, one line per this many (a storm of bad
/// messages must not flood the log).
const DROPS_LOGGED: u64 = 20;
const DROPS_PER_LOG_LINE: u64 = 1000;

/// Requests of unknown types seen since the kernel started.
static UNSUPPORTED: AtomicU64 = AtomicU64::new(0);

/// Logs a request of an unknown type: the first few, then one line per
/// [`DROPS_PER_LOG_LINE`].
fn log_unsupported(channel: &str, msg_type: &str) {
    let n = UNSUPPORTED.fetch_add(1, Ordering::Relaxed) + 1;
    if n <= DROPS_LOGGED {
        crate::log(&format!("unsupported {channel} request {msg_type}"));
    } else if n.is_multiple_of(DROPS_PER_LOG_LINE) {
        crate::log(&format!(
            "{n} requests of unsupported types since start; the last: {msg_type} on {channel}"
        ));
    }
}

fn receive(socket: &zmq::Socket, signer: &Signer, channel: &str) -> Option<Message> {
    match Message::recv(socket, signer) {
        Ok(Ok(message)) => Some(message),
        Ok(Err(e)) => {
            let n = DROPPED.fetch_add(1, Ordering::Relaxed) + 1;
            if n <= DROPS_LOGGED {
                crate::log(&format!("dropped a message on {channel}: {e}"));
                if n == DROPS_LOGGED {
                    crate::log(&format!(
                        "from now on, one line per {DROPS_PER_LOG_LINE} dropped messages"
                    ));
                }
            } else if n.is_multiple_of(DROPS_PER_LOG_LINE) {
                crate::log(&format!(
                    "{n} invalid messages dropped since start; the last on {channel}: {e}"
                ));
            }
            None
        }
        Err(e) => {
            crate::log(&format!("cannot receive on {channel}: {e}"));
            None
        }
    }
}

fn parent_of(message: &Message) -> Value {
    serde_json::to_value(&message.header).unwrap_or_else(|_| json!({}))
}

fn kernel_info_content(info: &KernelInfo) -> Value {
    json!({
        "status": "ok",
        "protocol_version": PROTOCOL_VERSION,
        "implementation": info.implementation,
        "implementation_version": info.implementation_version,
        "language_info": info.language_info,
        "banner": info.banner,
        "help_links": info.help_links.iter()
            .map(|(text, url)| json!({"text": text, "url": url}))
            .collect::<Vec<_>>(),
        "debugger": false,
    })
}

fn run_control(
    control: zmq::Socket,
    wake: zmq::Socket,
    publisher: Arc<Publisher>,
    signer: Signer,
    interrupter: Arc<dyn Interrupter>,
    info: KernelInfo,
) {
    loop {
        let Some(request) = receive(&control, &signer, "control") else {
            continue;
        };
        let parent = parent_of(&request);
        publisher.status(&parent, "busy");
        let (reply_type, content) = match request.msg_type() {
            "kernel_info_request" => ("kernel_info_reply", kernel_info_content(&info)),
            "interrupt_request" => {
                interrupter.interrupt();
                ("interrupt_reply", json!({"status": "ok"}))
            }
            "shutdown_request" => {
                let restart = request.content["restart"].as_bool().unwrap_or(false);
                (
                    "shutdown_reply",
                    json!({"status": "ok", "restart": restart}),
                )
            }
            other => {
                log_unsupported("control", other);
                publisher.status(&parent, "idle");
                continue;
            }
        };
        let reply = Message::reply_to(&request, reply_type, content);
        if let Err(e) = reply.send(&control, &signer) {
            crate::log(&format!("cannot reply on control: {e}"));
        }
        publisher.status(&parent, "idle");
        if reply_type == "shutdown_reply" {
            interrupter.interrupt();
            let _ = wake.send("shutdown", 0);
            // If the shell loop is stuck, don't outlive the client's patience.
            std::thread::sleep(Duration::from_secs(5));
            crate::log("shell did not stop in 5 s after shutdown: exiting");
            std::process::exit(0);
        }
    }
}

/// At most this many requests are set aside at a failure; later ones are handled as usual.
const MAX_SET_ASIDE: usize = 10_000;

impl<I: Interpreter> Shell<I> {
    fn run(&mut self) {
        loop {
            if let Some(request) = self.aborting.pop_front() {
                if !self.handle_queued_at_failure(&request) {
                    return;
                }
                continue;
            }
            let mut items = [
                self.shell.as_poll_item(zmq::POLLIN),
                self.wake.as_poll_item(zmq::POLLIN),
            ];
            if zmq::poll(&mut items, -1).is_err() {
                continue;
            }
            if items[1].is_readable() {
                let _ = self.wake.recv_bytes(0);
                return;
            }
            if items[0].is_readable() {
                let Some(request) = receive(&self.shell, &self.signer, "shell") else {
                    continue;
                };
                if !self.handle(&request) {
                    return;
                }
            }
        }
    }

    fn reply(&self, request: &Message, msg_type: &str, content: Value) {
        let reply = Message::reply_to(request, msg_type, content);
        if let Err(e) = reply.send(&self.shell, &self.signer) {
            crate::log(&format!("cannot reply on shell: {e}"));
        }
    }

    /// Handles one shell request between busy and idle; false when the kernel must stop.
    fn handle(&mut self, request: &Message) -> bool {
        let parent = parent_of(request);
        self.publisher.status(&parent, "busy");
        let mut keep_running = true;
        match request.msg_type() {
            "execute_request" => self.execute(request),
            "kernel_info_request" => self.reply(
                request,
                "kernel_info_reply",
                kernel_info_content(&self.info),
            ),
            "complete_request" => self.complete(request),
            "inspect_request" => self.inspect(request),
            "is_complete_request" => self.is_complete(request),
            "history_request" => {
                let history = self.history.answer(&request.content);
                self.reply(
                    request,
                    "history_reply",
                    json!({"status": "ok", "history": history}),
                );
            }
            "comm_info_request" => {
                self.reply(
                    request,
                    "comm_info_reply",
                    json!({"status": "ok", "comms": {}}),
                );
            }
            "comm_open" => {
                // No comm targets are registered: close the comm, as ipykernel does.
                let comm_id = request.content["comm_id"].clone();
                self.publisher.publish(
                    &parent,
                    "comm_close",
                    json!({"comm_id": comm_id, "data": {}}),
                );
            }
            "comm_msg" | "comm_close" => {}
            "shutdown_request" => {
                let restart = request.content["restart"].as_bool().unwrap_or(false);
                self.reply(
                    request,
                    "shutdown_reply",
                    json!({"status": "ok", "restart": restart}),
                );
                keep_running = false;
            }
            other => log_unsupported("shell", other),
        }
        self.publisher.status(&parent, "idle");
        keep_running
    }

    /// Runs an execute request. When it fails with `stop_on_error` (and is not silent, as in
    /// ipykernel), the requests already queued are set aside before the reply, to be aborted.
    fn execute(&mut self, request: &Message) {
        let content = &request.content;
        let code = content["code"].as_str().unwrap_or("").to_string();
        let silent = content["silent"].as_bool().unwrap_or(false);
        let store_history = content["store_history"].as_bool().unwrap_or(!silent) && !silent;
        let stop_on_error = content["stop_on_error"].as_bool().unwrap_or(true);
        let parent = parent_of(request);
        if store_history {
            self.execution_count += 1;
            self.history.record(self.execution_count, &code);
        }
        let count = self.execution_count;
        if !silent {
            self.publisher.publish(
                &parent,
                "execute_input",
                json!({"code": code, "execution_count": count}),
            );
        }
        let exec = ExecuteRequest {
            code,
            allow_stdin: content["allow_stdin"].as_bool().unwrap_or(false),
            user_expressions: content["user_expressions"]
                .as_object()
                .cloned()
                .unwrap_or_default(),
        };
        let frontend = Arc::new(CellFrontend::new(
            self.publisher.clone(),
            request,
            self.stdin.clone(),
            self.signer.clone(),
            exec.allow_stdin,
            silent,
        ));
        let outcome = self.interpreter.execute(&exec, frontend);
        match outcome {
            ExecuteOutcome::Ok { result, payload } => {
                if let (Some(text), true) = (
                    result
                        .as_ref()
                        .and_then(|d| d.get("text/plain"))
                        .and_then(Value::as_str),
                    store_history,
                ) {
                    self.history.record_output(count, text);
                }
                if let (Some(data), false) = (result, silent) {
                    self.publisher.publish(
                        &parent,
                        "execute_result",
                        json!({"execution_count": count, "data": data, "metadata": {}}),
                    );
                }
                let user_expressions = self.user_expressions(&exec.user_expressions);
                self.reply(
                    request,
                    "execute_reply",
                    json!({
                        "status": "ok",
                        "execution_count": count,
                        "user_expressions": user_expressions,
                        "payload": payload,
                    }),
                );
            }
            ExecuteOutcome::Error(error) => {
                self.publisher.publish(
                    &parent,
                    "error",
                    json!({"ename": error.ename, "evalue": error.evalue, "traceback": error.traceback}),
                );
                if stop_on_error && !silent {
                    self.set_aside_queued();
                }
                self.reply(
                    request,
                    "execute_reply",
                    json!({
                        "status": "error",
                        "execution_count": count,
                        "ename": error.ename,
                        "evalue": error.evalue,
                        "traceback": error.traceback,
                        "user_expressions": {},
                        "payload": [],
                    }),
                );
            }
        }
    }

    fn user_expressions(&mut self, expressions: &Map<String, Value>) -> Value {
        let mut results = Map::new();
        for (name, expression) in expressions {
            let expression = expression.as_str().unwrap_or("");
            let value = match self.interpreter.evaluate_expression(expression) {
                Ok(data) => json!({"status": "ok", "data": data, "metadata": {}}),
                Err(e) => json!({
                    "status": "error", "ename": e.ename, "evalue": e.evalue, "traceback": e.traceback,
                }),
            };
            results.insert(name.clone(), value);
        }
        Value::Object(results)
    }

    /// Called when a cell failed with `stop_on_error`, just before its reply: takes every
    /// request already queued on the shell socket. A client sends its next request only after
    /// it has seen the reply (and idle), so what is queued now was sent while the cell ran and
    /// is aborted; whatever arrives later runs, as in ipykernel (`stop_on_error_timeout = 0`).
    fn set_aside_queued(&mut self) {
        while let Ok(n) = self.shell.poll(zmq::POLLIN, 0) {
            // A client sending without pause must not keep the failed cell's reply back.
            if n == 0 || self.aborting.len() >= MAX_SET_ASIDE {
                break;
            }
            if let Some(request) = receive(&self.shell, &self.signer, "shell") {
                self.aborting.push_back(request);
            }
        }
        if !self.aborting.is_empty() {
            crate::log(&format!(
                "a cell failed with stop_on_error: {} queued request(s) set aside",
                self.aborting.len()
            ));
        }
    }

    /// A request set aside at a failure: an execute request is answered "aborted" without
    /// running, any other is handled as usual. False when the kernel must stop.
    fn handle_queued_at_failure(&mut self, request: &Message) -> bool {
        if request.msg_type() != "execute_request" {
            return self.handle(request);
        }
        let parent = parent_of(request);
        self.publisher.status(&parent, "busy");
        self.reply(
            request,
            "execute_reply",
            json!({"status": "aborted", "execution_count": self.execution_count}),
        );
        self.publisher.status(&parent, "idle");
        true
    }

    fn complete(&mut self, request: &Message) {
        let code = request.content["code"].as_str().unwrap_or("");
        let cursor = cursor_of(request, code);
        let completions = self.interpreter.complete(code, cursor);
        self.reply(
            request,
            "complete_reply",
            json!({
                "status": "ok",
                "matches": completions.matches,
                "cursor_start": completions.cursor_start,
                "cursor_end": completions.cursor_end,
                "metadata": {"_jupyter_types_experimental": completions.types},
            }),
        );
    }

    fn inspect(&mut self, request: &Message) {
        let code = request.content["code"].as_str().unwrap_or("");
        let cursor = cursor_of(request, code);
        let detail = request.content["detail_level"].as_u64().unwrap_or(0) as u8;
        let content = match self.interpreter.inspect(code, cursor, detail) {
            Some(data) => json!({"status": "ok", "found": true, "data": data, "metadata": {}}),
            None => json!({"status": "ok", "found": false, "data": {}, "metadata": {}}),
        };
        self.reply(request, "inspect_reply", content);
    }

    fn is_complete(&mut self, request: &Message) {
        let code = request.content["code"].as_str().unwrap_or("");
        let content = match self.interpreter.is_complete(code) {
            Completeness::Complete => json!({"status": "complete"}),
            Completeness::Incomplete(indent) => json!({"status": "incomplete", "indent": indent}),
            Completeness::Invalid => json!({"status": "invalid"}),
        };
        self.reply(request, "is_complete_reply", content);
    }
}

/// The request's cursor position in characters, clamped to the code (end if absent).
fn cursor_of(request: &Message, code: &str) -> usize {
    let len = code.chars().count();
    request.content["cursor_pos"]
        .as_u64()
        .map(|c| (c as usize).min(len))
        .unwrap_or(len)
}

#[cfg(test)]
mod tests {
    //! The server over real ZeroMQ sockets with a trivial interpreter: no compiler, so the
    //! queue's rules can be checked many times in milliseconds.

    use super::*;
    use crate::interpreter::{Completions, ErrorReport, Frontend, MimeBundle};
    use std::time::Instant;

    /// `sleep N` lines wait N ms, `print X` lines print X, a cell containing `fail` fails;
    /// the result is the cell's last line.
    struct Trivial;

    struct NoInterrupt;

    impl Interrupter for NoInterrupt {
        fn interrupt(&self) {}
    }

    impl Interpreter for Trivial {
        fn kernel_info(&self) -> KernelInfo {
            KernelInfo {
                implementation: "trivial".into(),
                implementation_version: "0".into(),
                language_info: json!({"name": "trivial"}),
                banner: String::new(),
                help_links: Vec::new(),
            }
        }

        fn execute(
            &mut self,
            request: &ExecuteRequest,
            frontend: Arc<dyn Frontend>,
        ) -> ExecuteOutcome {
            for line in request.code.lines() {
                if let Some(ms) = line.strip_prefix("sleep ") {
                    std::thread::sleep(Duration::from_millis(ms.parse().unwrap_or(0)));
                }
                if let Some(text) = line.strip_prefix("print ") {
                    frontend.stream("stdout", &format!("{text}\n"));
                }
            }
            if request.code.contains("fail") {
                return ExecuteOutcome::Error(ErrorReport {
                    ename: "Failed".into(),
                    evalue: "asked to fail".into(),
                    traceback: vec!["asked to fail".into()],
                });
            }
            let mut result = MimeBundle::new();
            let last = request.code.lines().last().unwrap_or("").to_string();
            result.insert("text/plain".into(), json!(last));
            ExecuteOutcome::Ok {
                result: Some(result),
                payload: Vec::new(),
            }
        }

        fn evaluate_expression(&mut self, expression: &str) -> Result<MimeBundle, ErrorReport> {
            let mut result = MimeBundle::new();
            result.insert("text/plain".into(), json!(expression));
            Ok(result)
        }

        fn complete(&mut self, _code: &str, cursor: usize) -> Completions {
            Completions {
                cursor_start: cursor,
                cursor_end: cursor,
                ..Completions::default()
            }
        }

        fn inspect(&mut self, _code: &str, _cursor: usize, _detail: u8) -> Option<MimeBundle> {
            None
        }

        fn is_complete(&mut self, _code: &str) -> Completeness {
            Completeness::Complete
        }

        fn interrupter(&self) -> Arc<dyn Interrupter> {
            Arc::new(NoInterrupt)
        }

        fn shutdown(&mut self) {}
    }

    struct Client {
        _context: zmq::Context,
        shell: zmq::Socket,
        iopub: zmq::Socket,
        signer: Signer,
    }

    const KEY: &str = "server-test-key";

    impl Client {
        /// A server with the trivial interpreter on fresh ports, and a client ready to talk
        /// to it. The server's threads live until the test process ends (a shutdown request
        /// would end the process after its grace period).
        fn start() -> Client {
            for _ in 0..3 {
                let listeners: Vec<std::net::TcpListener> = (0..5)
                    .map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap())
                    .collect();
                let ports: Vec<u16> = listeners
                    .iter()
                    .map(|l| l.local_addr().unwrap().port())
                    .collect();
                drop(listeners);
                let connection = ConnectionInfo::from_json(
                    &json!({
                        "transport": "tcp", "ip": "127.0.0.1", "shell_port": ports[0],
                        "iopub_port": ports[1], "stdin_port": ports[2],
                        "control_port": ports[3], "hb_port": ports[4], "key": KEY,
                    })
                    .to_string(),
                )
                .unwrap();
                let server = std::thread::spawn(move || serve(&connection, Trivial));
                let context = zmq::Context::new();
                let shell = context.socket(zmq::DEALER).unwrap();
                shell
                    .connect(&format!("tcp://127.0.0.1:{}", ports[0]))
                    .unwrap();
                let iopub = context.socket(zmq::SUB).unwrap();
                iopub.set_subscribe(b"").unwrap();
                iopub
                    .connect(&format!("tcp://127.0.0.1:{}", ports[1]))
                    .unwrap();
                let client = Client {
                    _context: context,
                    shell,
                    iopub,
                    signer: Signer::new(KEY),
                };
                let deadline = Instant::now() + Duration::from_secs(10);
                while Instant::now() < deadline && !server.is_finished() {
                    let id = client.send("kernel_info_request", json!({}));
                    if client.reply(&id, 1_000).is_some() && client.idle(&id, 200).is_some() {
                        return client;
                    }
                }
            }
            panic!("the test server did not start");
        }

        fn send(&self, msg_type: &str, content: Value) -> String {
            let message = Message {
                identities: Vec::new(),
                header: crate::wire::Header::new("test-session", msg_type),
                parent_header: json!({}),
                metadata: json!({}),
                content,
                buffers: Vec::new(),
            };
            message.send(&self.shell, &self.signer).unwrap();
            message.header.msg_id
        }

        fn execute(&self, code: &str, silent: bool, stop_on_error: bool) -> String {
            self.send(
                "execute_request",
                json!({"code": code, "silent": silent, "stop_on_error": stop_on_error}),
            )
        }

        fn recv(&self, socket: &zmq::Socket, deadline: Instant) -> Option<Message> {
            let left = deadline.checked_duration_since(Instant::now())?;
            if socket.poll(zmq::POLLIN, left.as_millis() as i64).ok()? == 0 {
                return None;
            }
            Some(Message::recv(socket, &self.signer).unwrap().unwrap())
        }

        /// The shell reply to `id` (skipping others) within `ms`.
        fn reply(&self, id: &str, ms: u64) -> Option<Message> {
            let deadline = Instant::now() + Duration::from_millis(ms);
            loop {
                let message = self.recv(&self.shell, deadline)?;
                if message.parent_header["msg_id"] == id {
                    return Some(message);
                }
            }
        }

        /// IOPub messages of `id` up to its idle, within `ms`.
        fn idle(&self, id: &str, ms: u64) -> Option<Vec<Message>> {
            let deadline = Instant::now() + Duration::from_millis(ms);
            let mut messages = Vec::new();
            loop {
                let message = self.recv(&self.iopub, deadline)?;
                if message.parent_header["msg_id"] != id {
                    continue;
                }
                let idle =
                    message.msg_type() == "status" && message.content["execution_state"] == "idle";
                messages.push(message);
                if idle {
                    return Some(messages);
                }
            }
        }

        fn status_of(&self, id: &str) -> String {
            let reply = self.reply(id, 5_000).expect("a reply");
            self.idle(id, 5_000).expect("idle after the reply");
            reply.content["status"].as_str().unwrap_or("").to_string()
        }
    }

    /// Two CPU-bound processes, killed when dropped: the server's thread then loses the CPU
    /// between its steps, which is where a late abort catches a request sent after idle
    /// (the code before this test's fix failed it in a few rounds, three runs out of three).
    struct BusyNeighbours(Vec<std::process::Child>);

    impl Drop for BusyNeighbours {
        fn drop(&mut self) {
            for child in &mut self.0 {
                let _ = child.kill();
                let _ = child.wait();
            }
        }
    }

    #[test]
    fn stop_on_error_aborts_what_was_queued_and_runs_what_came_after_idle() {
        let client = Client::start();
        let _neighbours = BusyNeighbours(
            (0..2)
                .map(|_| {
                    std::process::Command::new("sha256sum")
                        .arg("/dev/zero")
                        .stdout(std::process::Stdio::null())
                        .spawn()
                        .expect("start sha256sum /dev/zero")
                })
                .collect(),
        );
        for round in 0..50 {
            let failing = client.execute("sleep 30\nfail", false, true);
            let queued = [
                client.execute("print must not run", false, true),
                client.execute("print must not run either", false, true),
            ];
            let reply = client.reply(&failing, 5_000).expect("reply");
            assert_eq!(reply.content["status"], "error", "round {round}");
            // Sent after the failed cell's reply: on odd rounds at once (before its idle
            // reaches the client), on even rounds after its idle. Either way it must run.
            let after = if round % 2 == 1 {
                let after = client.execute(&format!("{round}"), false, true);
                client
                    .idle(&failing, 5_000)
                    .expect("idle after the failure");
                after
            } else {
                client
                    .idle(&failing, 5_000)
                    .expect("idle after the failure");
                client.execute(&format!("{round}"), false, true)
            };
            for id in &queued {
                let reply = client.reply(id, 5_000).expect("abort reply");
                assert_eq!(reply.content["status"], "aborted", "round {round}");
                let iopub = client.idle(id, 5_000).expect("idle after the abort");
                assert_eq!(iopub[0].content["execution_state"], "busy");
                assert!(
                    iopub.iter().all(|m| m.msg_type() == "status"),
                    "round {round}: an aborted request published {:?}",
                    iopub.iter().map(Message::msg_type).collect::<Vec<_>>()
                );
            }
            let reply = client.reply(&after, 5_000).expect("reply after idle");
            assert_eq!(
                reply.content["status"], "ok",
                "round {round}: sent after idle, yet {:?}",
                reply.content
            );
            let iopub = client.idle(&after, 5_000).unwrap();
            let result = iopub
                .iter()
                .find(|m| m.msg_type() == "execute_result")
                .expect("a result");
            assert_eq!(result.content["data"]["text/plain"], round.to_string());
        }
    }

    #[test]
    fn other_requests_queued_at_a_failure_are_answered_in_order() {
        let client = Client::start();
        let failing = client.execute("sleep 50\nfail", false, true);
        let info = client.send("kernel_info_request", json!({}));
        let queued = client.execute("print no", false, true);
        let history = client.send(
            "history_request",
            json!({"hist_access_type": "tail", "n": 5}),
        );
        assert_eq!(client.status_of(&failing), "error");
        let reply = client.reply(&info, 5_000).expect("kernel_info reply");
        assert_eq!(reply.msg_type(), "kernel_info_reply");
        assert_eq!(client.status_of(&queued), "aborted");
        let reply = client.reply(&history, 5_000).expect("history reply");
        // Only the failed cell is in the history: the aborted one never ran.
        assert_eq!(reply.content["history"], json!([[1, 1, "sleep 50\nfail"]]));
    }

    #[test]
    fn no_abort_without_stop_on_error_or_for_a_silent_failure() {
        let client = Client::start();
        let failing = client.execute("sleep 50\nfail", false, false);
        let queued = client.execute("still runs", false, true);
        assert_eq!(client.status_of(&failing), "error");
        assert_eq!(client.status_of(&queued), "ok");
        // ipykernel aborts only after a failure that is not silent.
        let failing = client.execute("sleep 50\nfail", true, true);
        let queued = client.execute("runs too", false, true);
        assert_eq!(client.status_of(&failing), "error");
        assert_eq!(client.status_of(&queued), "ok");
    }
}
