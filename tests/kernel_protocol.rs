//! The kernel binary over ZeroMQ: outputs, errors, interrupts, the execution queue and
//! message signing, as Jupyter clients see them.

mod support;

use serde_json::json;
use std::time::{Duration, Instant};
use support::{Exchange, Kernel};

fn assert_error_reply(exchange: &Exchange, ename_prefix: &str) {
    assert_eq!(
        exchange.status(),
        "error",
        "reply: {:?}",
        exchange.reply.content
    );
    let content = &exchange.reply.content;
    assert!(
        content["ename"].as_str().unwrap().starts_with(ename_prefix),
        "ename {}",
        content["ename"]
    );
    assert!(!content["evalue"].as_str().unwrap().is_empty());
    assert!(!content["traceback"].as_array().unwrap().is_empty());
    let errors = exchange.of_type("error");
    assert_eq!(errors.len(), 1, "one iopub error message");
    assert_eq!(errors[0].content["ename"], content["ename"]);
}

#[test]
fn outputs_results_and_status() {
    let k = Kernel::start();

    // busy first, idle last, stdout before idle, execute_result with text/plain.
    let ex = k.execute("println!(\"bonjour\");\nlet x = 20;\nx + 22");
    assert_eq!(ex.status(), "ok");
    assert_eq!(ex.reply.content["execution_count"], 1);
    assert_eq!(ex.iopub[0].content["execution_state"], "busy");
    assert_eq!(ex.stream("stdout"), "bonjour\n");
    assert_eq!(
        ex.stream("stderr"),
        "",
        "no stray stderr in a successful cell"
    );
    let results = ex.of_type("execute_result");
    assert_eq!(results.len(), 1);
    assert_eq!(results[0].content["data"]["text/plain"], "42");

    // Variables persist; silent runs don't advance the count.
    let silent = k.request(
        "execute_request",
        json!({"code": "let y = x * 2;", "silent": true, "store_history": true,
               "user_expressions": {}, "allow_stdin": false}),
        Duration::from_secs(120),
    );
    assert_eq!(silent.status(), "ok");
    assert!(silent.of_type("execute_input").is_empty());
    let ex = k.execute("y");
    assert_eq!(ex.reply.content["execution_count"], 2);
    assert_eq!(
        ex.of_type("execute_result")[0].content["data"]["text/plain"],
        "40"
    );

    // user_expressions are evaluated after the code.
    let ex = k.request(
        "execute_request",
        json!({"code": "let z = 5;", "silent": false, "store_history": true,
               "user_expressions": {"double": "z * 2"}, "allow_stdin": false}),
        Duration::from_secs(120),
    );
    assert_eq!(
        ex.reply.content["user_expressions"]["double"]["status"],
        "ok"
    );
    assert_eq!(
        ex.reply.content["user_expressions"]["double"]["data"]["text/plain"],
        "10"
    );

    // A DataFrame is an HTML table plus text.
    let ex = k.execute("df!(\"a\" => [1, 2, 3], \"b\" => [\"x\", \"<y>\", \"z\"]).unwrap()");
    assert_eq!(ex.status(), "ok", "{:?}", ex.reply.content);
    let data = &ex.of_type("execute_result")[0].content["data"];
    assert!(data["text/html"].as_str().unwrap().contains("&lt;y&gt;"));
    assert!(data["text/html"]
        .as_str()
        .unwrap()
        .contains("3 rows × 2 columns"));
    assert!(data["text/plain"]
        .as_str()
        .unwrap()
        .contains("shape: (3, 2)"));
}

/// Files under `dir` (recursively) whose name contains `needle`.
fn files_named(dir: &std::path::Path, needle: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_named(&path, needle));
        } else if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().contains(needle))
        {
            found.push(path);
        }
    }
    found
}

#[test]
fn sessions_link_the_prebuilt_library_and_never_compile_polars() {
    let home = std::env::var_os("SDIA_HOME")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(std::env::var("HOME").unwrap()).join(".local/share/sdia")
        });
    let k = Kernel::start();
    let ex = k.execute(
        "let t = df!(\"a\" => [1.0, 2.0]).unwrap();\nt.column(\"a\").unwrap().f64().unwrap().sum()",
    );
    assert_eq!(ex.status(), "ok", "{:?}", ex.reply.content);
    assert_eq!(
        ex.of_type("execute_result")[0].content["data"]["text/plain"],
        "Some(3.0)"
    );
    let compiled = files_named(&home.join("sessions"), "polars");
    assert!(
        compiled.is_empty(),
        "a session compiled polars: {compiled:?}"
    );
}

#[test]
fn several_displays_in_one_cell_and_updates() {
    let k = Kernel::start();
    let ex = k.execute(
        "let c = Chart::new(\"one\").line(\"l\", &[0.0, 1.0], &[1.0, 2.0]);\n\
         c.show();\n\
         Chart::new(\"two\").bars(&[\"a\", \"b\"], &[1.0, 2.0]).show();\n\
         println!(\"between\");",
    );
    assert_eq!(ex.status(), "ok", "{:?}", ex.reply.content);
    let displays = ex.of_type("display_data");
    assert_eq!(displays.len(), 2, "two charts, two display_data");
    for (d, title) in displays.iter().zip(["one", "two"]) {
        let svg = d.content["data"]["image/svg+xml"].as_str().unwrap();
        assert!(svg.contains(title));
        assert!(d.content["data"]["text/plain"].is_string());
    }
    assert_eq!(ex.stream("stdout"), "between\n");

    // A progress bar: one display with an id, then updates of that id.
    let ex = k.execute("let p = Progress::new(4);\nfor _ in 0..4 { p.inc(1); }");
    assert_eq!(ex.status(), "ok");
    let shown = ex.of_type("display_data");
    assert_eq!(shown.len(), 1);
    let id = shown[0].content["transient"]["display_id"]
        .as_str()
        .unwrap()
        .to_string();
    let updates = ex.of_type("update_display_data");
    assert_eq!(updates.len(), 4);
    assert!(updates
        .iter()
        .all(|u| u.content["transient"]["display_id"] == id.as_str()));
    assert!(updates[3].content["data"]["text/html"]
        .as_str()
        .unwrap()
        .contains("4/4"));

    let ex = k.execute("clear_output(false);");
    assert_eq!(ex.of_type("clear_output").len(), 1);
}

#[test]
fn failures_look_failed() {
    let k = Kernel::start();

    let ex = k.execute("let a = 1;\nassert!(a == 2, \"a vaut {}\", a);");
    assert_error_reply(&ex, "Panic");
    assert!(ex.reply.content["evalue"]
        .as_str()
        .unwrap()
        .contains("a vaut 1"));
    let trace = ex.reply.content["traceback"].to_string();
    assert!(trace.contains("cell line 2"), "traceback: {trace}");
    assert_eq!(
        ex.stream("stderr"),
        "",
        "panic text is in the error, not in stderr"
    );

    let ex = k.execute("let v: Vec<i32> = vec![];\nv[3]");
    assert_error_reply(&ex, "Panic");
    assert!(ex.reply.content["evalue"]
        .as_str()
        .unwrap()
        .contains("index out of bounds"));

    let ex = k.execute("let n: i32 = \"texte\";");
    assert_error_reply(&ex, "CompileError");
    assert!(ex.reply.content["ename"]
        .as_str()
        .unwrap()
        .contains("E0308"));
    let trace = ex.reply.content["traceback"].to_string();
    assert!(trace.contains("cell line 1"), "traceback: {trace}");

    let ex = k.execute("let x: i32 = \"12x\".parse()?;\nx");
    assert_error_reply(&ex, "Error");
    assert!(
        ex.reply.content["evalue"]
            .as_str()
            .unwrap()
            .contains("invalid digit"),
        "{:?}",
        ex.reply.content
    );

    // The kernel is fine afterwards, and a failed cell's count is still used.
    let ex = k.execute("1 + 1");
    assert_eq!(ex.status(), "ok");
    assert_eq!(ex.reply.content["execution_count"], 5);
}

#[test]
fn stop_on_error_aborts_the_queue() {
    let k = Kernel::start();
    let first = k.send_execute("panic!(\"stop\");", false);
    let second = k.send_execute("println!(\"must not run\");", false);
    let third = k.send_execute("1", false);
    let timeout = Duration::from_secs(120);
    let r1 = k.recv_reply(&k.shell, &first, timeout).unwrap();
    assert_eq!(r1.content["status"], "error");
    for id in [&second, &third] {
        let r = k.recv_reply(&k.shell, id, timeout).unwrap();
        assert_eq!(r.content["status"], "aborted");
    }
    let ex = k.execute("2");
    assert_eq!(ex.status(), "ok", "the queue runs again after the aborts");
}

/// Two CPU-bound processes beside the kernel (the machine of a shared JupyterHub), killed
/// when dropped, even if the test fails.
struct BusyNeighbours(Vec<std::process::Child>);

impl BusyNeighbours {
    fn start() -> BusyNeighbours {
        BusyNeighbours(
            (0..2)
                .map(|_| {
                    std::process::Command::new("sha256sum")
                        .arg("/dev/zero")
                        .stdout(std::process::Stdio::null())
                        .spawn()
                        .expect("start sha256sum /dev/zero")
                })
                .collect(),
        )
    }
}

impl Drop for BusyNeighbours {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn stop_on_error_aborts_only_what_was_queued_before_the_reply() {
    // ipykernel's rule: the requests queued while the failed cell ran are aborted; a request
    // sent after the failed cell's reply and idle runs. Busy neighbours make the kernel's
    // thread lose the CPU between its reply and its next step, where a late abort would catch
    // the follow-up.
    let k = Kernel::start();
    assert_eq!(k.execute("let warm = 1;").status(), "ok");
    let neighbours = BusyNeighbours::start();
    let timeout = Duration::from_secs(120);
    for round in 0..10 {
        let failing = k.send_execute(
            "std::thread::sleep(std::time::Duration::from_millis(300));\npanic!(\"stop\");",
            false,
        );
        // Sent while the failing cell compiles and runs: queued, so aborted.
        let queued: Vec<String> = (0..2)
            .map(|i| k.send_execute(&format!("println!(\"queued {i} ran\");"), false))
            .collect();
        let reply = k.recv_reply(&k.shell, &failing, timeout).unwrap();
        assert_eq!(reply.content["status"], "error", "round {round}");
        // Sent after the failed cell's reply: on odd rounds at once, before its idle reaches
        // the client; on even rounds after its idle. Either way it must run.
        let follow_up = if round % 2 == 1 {
            let id = k.send_execute(&format!("{round} + 100"), false);
            k.wait_idle(&failing, timeout)
                .unwrap_or_else(|| panic!("round {round}: no idle after the failed cell"));
            id
        } else {
            k.wait_idle(&failing, timeout)
                .unwrap_or_else(|| panic!("round {round}: no idle after the failed cell"));
            k.send_execute(&format!("{round} + 100"), false)
        };
        for id in &queued {
            let r = k.recv_reply(&k.shell, id, timeout).unwrap();
            assert_eq!(
                r.content["status"], "aborted",
                "round {round}: a request queued during the failed cell"
            );
            let iopub = k.wait_idle(id, timeout).unwrap();
            assert!(
                iopub.iter().all(|m| m.msg_type() != "stream"),
                "round {round}: an aborted request ran: {iopub:?}"
            );
        }
        let r = k.recv_reply(&k.shell, &follow_up, timeout).unwrap();
        assert_eq!(
            r.content["status"], "ok",
            "round {round}: the request sent after the reply was not run: {:?}",
            r.content
        );
        let iopub = k.wait_idle(&follow_up, timeout).unwrap();
        let result = iopub
            .iter()
            .find(|m| m.msg_type() == "execute_result")
            .expect("the follow-up's result");
        assert_eq!(
            result.content["data"]["text/plain"],
            (round + 100).to_string()
        );
    }
    drop(neighbours);
}

#[test]
fn interrupts_stop_cells_and_say_what_was_lost() {
    let k = Kernel::start();
    assert_eq!(k.execute("let kept = 7;").status(), "ok");

    // Interrupt while idle loses nothing.
    let reply = k.control_request("interrupt_request", json!({}));
    assert_eq!(reply.content["status"], "ok");
    assert_eq!(
        k.execute("kept").of_type("execute_result")[0].content["data"]["text/plain"],
        "7"
    );

    // Interrupt by message.
    let id = k.send_execute("loop {}", false);
    std::thread::sleep(Duration::from_secs(3));
    let asked = Instant::now();
    k.control_request("interrupt_request", json!({}));
    let reply = k
        .recv_reply(&k.shell, &id, Duration::from_secs(20))
        .expect("reply after interrupt");
    let took = asked.elapsed();
    assert_eq!(reply.content["status"], "error");
    assert_eq!(reply.content["ename"], "KeyboardInterrupt");
    assert!(reply.content["evalue"]
        .as_str()
        .unwrap()
        .contains("Variables lost: kept."));
    eprintln!("interrupt by message took {took:?}");

    // The library is still there; the lost variable is gone.
    let ex = k.execute("df!(\"a\" => [1]).unwrap().height()");
    assert_eq!(ex.status(), "ok", "{:?}", ex.reply.content);
    assert_eq!(
        ex.of_type("execute_result")[0].content["data"]["text/plain"],
        "1"
    );
    assert_eq!(k.execute("kept").status(), "error");

    // Interrupt by SIGINT.
    let id = k.send_execute("loop { std::hint::spin_loop(); }", false);
    std::thread::sleep(Duration::from_secs(3));
    // SAFETY: sending a signal to our own child process.
    unsafe {
        libc::kill(k.process.id() as i32, libc::SIGINT);
    }
    let reply = k
        .recv_reply(&k.shell, &id, Duration::from_secs(20))
        .expect("reply after SIGINT");
    assert_eq!(reply.content["ename"], "KeyboardInterrupt");
    assert_eq!(k.execute("3 * 3").status(), "ok");
}

#[test]
fn library_loops_stop_at_an_interrupt_and_keep_the_variables() {
    // The course library's long computations check for SIGINT at each step: the cell fails
    // with the library's message and the process (with its variables) lives on.
    let k = Kernel::start();
    assert_eq!(k.execute("let kept = 7;").status(), "ok");
    let id = k.send_execute(
        "{ let steps = sdia::interrupt::Steps::quiet(); loop { steps.advance()?; } };",
        false,
    );
    // Long enough for the cell to be running, not compiling, on a loaded machine.
    std::thread::sleep(Duration::from_secs(8));
    k.control_request("interrupt_request", json!({}));
    let reply = k
        .recv_reply(&k.shell, &id, Duration::from_secs(20))
        .expect("reply after interrupt");
    assert_eq!(reply.content["status"], "error");
    let evalue = reply.content["evalue"].as_str().unwrap_or_default();
    assert!(evalue.contains("interrupted by the user"), "{evalue}");
    assert!(!evalue.contains("Variables lost"), "{evalue}");
    let after = k.execute("kept");
    assert_eq!(after.status(), "ok", "{:?}", after.reply.content);
    assert_eq!(
        after.of_type("execute_result")[0].content["data"]["text/plain"],
        "7"
    );
}

#[test]
fn a_cell_ending_with_a_loop_shows_no_result() {
    // `()` is Rust's "nothing", like Python's None: no execute_result.
    let k = Kernel::start();
    let ex = k.execute("let mut n = 0;\nfor i in 0..4 { n += i; }");
    assert_eq!(ex.status(), "ok", "{:?}", ex.reply.content);
    assert!(ex.of_type("execute_result").is_empty());
    assert_eq!(
        k.execute("n").of_type("execute_result")[0].content["data"]["text/plain"],
        "6"
    );
}

#[test]
fn an_interrupt_during_startup_is_not_lost() {
    // The first cell may wait for evcxr to finish loading; an interrupt then still counts.
    let k = Kernel::start();
    let id = k.send_execute("loop {}", false);
    std::thread::sleep(Duration::from_millis(300));
    k.control_request("interrupt_request", json!({}));
    let reply = k
        .recv_reply(&k.shell, &id, Duration::from_secs(60))
        .expect("reply after interrupt");
    assert_eq!(reply.content["ename"], "KeyboardInterrupt");
    assert_eq!(k.execute("2 + 2").status(), "ok");
}

#[test]
fn bad_signatures_and_garbage_are_ignored() {
    let k = Kernel::start();
    let header = k.header("execute_request");
    k.send_frames(
        &k.shell,
        header,
        json!({"code": "println!(\"forged\");", "silent": false}),
        Some("0000000000000000000000000000000000000000000000000000000000000000"),
    );
    k.shell
        .send_multipart([b"not a jupyter message".to_vec()], 0)
        .unwrap();
    assert!(
        k.recv(&k.shell, Duration::from_millis(500)).is_none(),
        "no reply to a forged message"
    );
    let ex = k.request("kernel_info_request", json!({}), Duration::from_secs(10));
    assert_eq!(ex.reply.content["language_info"]["name"], "rust");
    assert_eq!(ex.reply.content["language_info"]["file_extension"], ".rs");
    // The heartbeat echoes.
    k.heartbeat.send("ping", 0).unwrap();
    assert_eq!(k.heartbeat.recv_bytes(0).unwrap(), b"ping");
}

#[test]
fn stdin_history_completion_and_shutdown() {
    let k = Kernel::start();
    let id = k.send_execute(
        "let name = input(\"Nom : \");\nprintln!(\"Bonjour {name}\");",
        true,
    );
    let request = k
        .recv(&k.stdin, Duration::from_secs(120))
        .expect("input_request");
    assert_eq!(request.msg_type(), "input_request");
    assert_eq!(request.content["prompt"], "Nom \u{2236} ");
    k.send(&k.stdin, "input_reply", json!({"value": "Ada"}));
    let reply = k
        .recv_reply(&k.shell, &id, Duration::from_secs(60))
        .unwrap();
    assert_eq!(reply.content["status"], "ok");
    let out: String = k
        .wait_idle(&id, Duration::from_secs(10))
        .unwrap()
        .iter()
        .filter(|m| m.msg_type() == "stream")
        .map(|m| m.content["text"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(out, "Bonjour Ada\n");

    let ex = k.request(
        "history_request",
        json!({"output": false, "raw": true, "hist_access_type": "tail", "n": 1}),
        Duration::from_secs(10),
    );
    let history = ex.reply.content["history"].as_array().unwrap();
    assert_eq!(history.len(), 1);
    assert!(history[0][2].as_str().unwrap().contains("input("));

    k.execute("let ma_variable = 3;");
    let ex = k.request(
        "complete_request",
        json!({"code": "ma_v", "cursor_pos": 4}),
        Duration::from_secs(60),
    );
    assert!(
        ex.reply.content["matches"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m == "ma_variable"),
        "{:?}",
        ex.reply.content
    );
    assert_eq!(ex.reply.content["cursor_start"], 0);

    let ex = k.request(
        "is_complete_request",
        json!({"code": "fn f() {"}),
        Duration::from_secs(10),
    );
    assert_eq!(ex.reply.content["status"], "incomplete");
    let ex = k.request("comm_info_request", json!({}), Duration::from_secs(10));
    assert_eq!(ex.reply.content["comms"], json!({}));

    // A comm to a target nobody registered is closed at once.
    let id = k.send(
        &k.shell,
        "comm_open",
        json!({"comm_id": "c-1", "target_name": "jupyter.widget", "data": {}}),
    );
    let messages = k
        .wait_idle(&id, Duration::from_secs(10))
        .expect("idle after comm_open");
    let closes: Vec<_> = messages
        .iter()
        .filter(|m| m.msg_type() == "comm_close")
        .collect();
    assert_eq!(closes.len(), 1);
    assert_eq!(closes[0].content["comm_id"], "c-1");

    let reply = k.control_request("shutdown_request", json!({"restart": false}));
    assert_eq!(reply.content["status"], "ok");
    let mut k = k;
    let deadline = Instant::now() + Duration::from_secs(10);
    while k.process.try_wait().unwrap().is_none() {
        assert!(
            Instant::now() < deadline,
            "kernel still running after shutdown"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
