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
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

static SIGINT_RECEIVED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_sigint(_: libc::c_int) {
    SIGINT_RECEIVED.store(true, Ordering::SeqCst);
}

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
    watch_sigint(interrupter.clone());
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

fn watch_sigint(interrupter: Arc<dyn Interrupter>) {
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, on_sigint as *const () as libc::sighandler_t);
    }
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(20));
        if SIGINT_RECEIVED.swap(false, Ordering::SeqCst) {
            crate::log("SIGINT received: interrupting");
            interrupter.interrupt();
        }
    });
}

fn receive(socket: &zmq::Socket, signer: &Signer, channel: &str) -> Option<Message> {
    match Message::recv(socket, signer) {
        Ok(Ok(message)) => Some(message),
        Ok(Err(e)) => {
            crate::log(&format!("dropped a message on {channel}: {e}"));
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
                crate::log(&format!("unsupported control request {other}"));
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

impl<I: Interpreter> Shell<I> {
    fn run(&mut self) {
        loop {
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
            "execute_request" => {
                let failed_and_stop = self.execute(request);
                self.publisher.status(&parent, "idle");
                if failed_and_stop {
                    self.abort_queued();
                }
                return true;
            }
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
            other => crate::log(&format!("unsupported shell request {other}")),
        }
        self.publisher.status(&parent, "idle");
        keep_running
    }

    /// Runs an execute request; true if it failed and asked to stop on error.
    fn execute(&mut self, request: &Message) -> bool {
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
                false
            }
            ExecuteOutcome::Error(error) => {
                self.publisher.publish(
                    &parent,
                    "error",
                    json!({"ename": error.ename, "evalue": error.evalue, "traceback": error.traceback}),
                );
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
                stop_on_error
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

    /// After a failed cell with stop_on_error: every execute request already queued is
    /// answered "aborted" without running; other requests are handled as usual.
    fn abort_queued(&mut self) {
        loop {
            // Only what is already queued, as ipykernel (stop_on_error_timeout = 0).
            match self.shell.poll(zmq::POLLIN, 0) {
                Ok(n) if n > 0 => {}
                _ => return,
            }
            let Some(request) = receive(&self.shell, &self.signer, "shell") else {
                continue;
            };
            if request.msg_type() == "execute_request" {
                let parent = parent_of(&request);
                self.publisher.status(&parent, "busy");
                self.reply(
                    &request,
                    "execute_reply",
                    json!({"status": "aborted", "execution_count": self.execution_count}),
                );
                self.publisher.status(&parent, "idle");
            } else {
                self.handle(&request);
            }
        }
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
