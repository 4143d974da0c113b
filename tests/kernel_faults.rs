//! Interrupts and faults of the cell process, over ZeroMQ against the real kernel binary: what
//! stops at once, what keeps the session's variables, every fault in words a student can act
//! on, the memory limit of the cell process; each fault followed by a library cell that works.
//!
//! Every kernel here runs with `SDIA_MEMORY_LIMIT=1G`, so the ordinary cells and library loops
//! of these tests also show that normal work fits under a small limit.

mod support;

use serde_json::json;
use std::time::{Duration, Instant};
use support::{Exchange, Kernel, Msg};

/// The memory limit every kernel of this file runs with.
const LIMIT: &str = "1G";

fn kernel() -> Kernel {
    // Same value for every test of this binary, so concurrent tests agree on it.
    std::env::set_var("SDIA_MEMORY_LIMIT", LIMIT);
    Kernel::start()
}

/// The IOPub messages of request `id` until one satisfies `wanted` (which is returned).
fn wait_for(k: &Kernel, id: &str, timeout: Duration, wanted: impl Fn(&Msg) -> bool) -> Msg {
    let deadline = Instant::now() + timeout;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        let Some(msg) = k.recv(&k.iopub, left) else {
            break;
        };
        if msg.parent["msg_id"] == id && wanted(&msg) {
            return msg;
        }
    }
    panic!("request {id}: the awaited output did not come in {timeout:?}");
}

/// An execute request that does not abort the queue when it fails: the cells of these tests
/// fail on purpose, and the next request must run whatever the timing.
fn failing_content(code: &str) -> serde_json::Value {
    let mut content = support::execute_content(code, false);
    content["stop_on_error"] = json!(false);
    content
}

fn evalue(reply: &Msg) -> String {
    reply.content["evalue"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

fn text_result(ex: &Exchange) -> String {
    let results = ex.of_type("execute_result");
    assert_eq!(results.len(), 1, "one result: {:?}", ex.reply.content);
    results[0].content["data"]["text/plain"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A library cell works (a frame built and measured), so the session is usable again, and the
/// library's hooks are in the (possibly restarted) process: a panic is reported as one.
fn library_works(k: &Kernel) {
    let ex = k.execute("df!(\"a\" => [1, 2, 3]).unwrap().height()");
    assert_eq!(ex.status(), "ok", "{:?}", ex.reply.content);
    assert_eq!(text_result(&ex), "3");
    let ex = k.request(
        "execute_request",
        failing_content("panic!(\"boom\");"),
        Duration::from_secs(120),
    );
    assert_eq!(ex.reply.content["ename"], "Panic", "{:?}", ex.reply.content);
    assert_eq!(ex.reply.content["evalue"], "boom");
}

/// Runs `code`, which makes the cell process die, and checks the reply: an error named
/// `ename`, whose value contains `words` and names `kept` among the lost variables; one IOPub
/// error.
fn assert_fault(k: &Kernel, code: &str, ename: &str, words: &str) -> Exchange {
    assert_eq!(k.execute("let kept = 7;").status(), "ok");
    let ex = k.request(
        "execute_request",
        failing_content(code),
        Duration::from_secs(120),
    );
    assert_eq!(ex.status(), "error", "{:?}", ex.reply.content);
    assert_eq!(
        ex.reply.content["ename"],
        ename,
        "{:?}\nstderr: {}",
        ex.reply.content,
        ex.stream("stderr")
    );
    let value = evalue(&ex.reply);
    assert!(value.contains(words), "{value}");
    let lost = value.split("Variables lost: ").nth(1).unwrap_or_default();
    assert!(
        lost.trim_end_matches('.')
            .split(", ")
            .any(|name| name == "kept"),
        "{value}"
    );
    assert_eq!(ex.of_type("error").len(), 1);
    let ex_after = k.request(
        "execute_request",
        failing_content("kept"),
        Duration::from_secs(120),
    );
    assert_eq!(ex_after.status(), "error", "the variable is really gone");
    library_works(k);
    ex
}

/// Sends `code`, waits until its stdout says `running`, interrupts by message, and returns the
/// reply with the time from the interrupt to the reply.
fn interrupt_when_running(k: &Kernel, code: &str) -> (Msg, Duration) {
    let id = k.send(&k.shell, "execute_request", failing_content(code));
    wait_for(k, &id, Duration::from_secs(120), |m| {
        m.msg_type() == "stream"
            && m.content["text"]
                .as_str()
                .is_some_and(|t| t.contains("running"))
    });
    let asked = Instant::now();
    let reply = k.control_request("interrupt_request", json!({}));
    assert_eq!(reply.content["status"], "ok");
    let reply = k
        .recv_reply(&k.shell, &id, Duration::from_secs(30))
        .expect("reply after the interrupt");
    (reply, asked.elapsed())
}

#[test]
fn code_outside_library_loops_stops_at_once() {
    let k = kernel();
    for code in [
        "println!(\"running\");\nloop {}",
        // A long std computation and a sleep: neither can look at an interrupt flag.
        "println!(\"running\");\nlet mut h = 0u64;\nfor i in 0..u64::MAX { h = h.wrapping_mul(31).wrapping_add(i); }\nh",
        "println!(\"running\");\nstd::thread::sleep(std::time::Duration::from_secs(600));",
    ] {
        assert_eq!(k.execute("let kept = 7;").status(), "ok");
        let (reply, took) = interrupt_when_running(&k, code);
        eprintln!("interrupt of {code:?} answered in {took:?}");
        assert_eq!(reply.content["status"], "error");
        assert_eq!(reply.content["ename"], "KeyboardInterrupt");
        assert!(evalue(&reply).contains("Variables lost: kept."), "{reply:?}");
        // The old grace period was 5 s; the process is now stopped at once (slack for a
        // loaded machine: the reply also waits for the new process to load the library).
        assert!(took < Duration::from_secs(3), "took {took:?}");
        library_works(&k);
    }
}

#[test]
fn library_loops_stop_at_their_next_step_and_keep_the_session() {
    let k = kernel();
    let setup = k.execute("let vins = dataset(\"wine\")?;\nlet kept = 7;");
    assert_eq!(setup.status(), "ok", "{:?}", setup.reply.content);
    // 170 folds of a 300-tree forest: a minute of work, one fold per step.
    let id = k.send(
        &k.shell,
        "execute_request",
        failing_content(
            "cross_val_score(&RandomForestClassifier::new().n_trees(300), &vins, \
         &[\"alcohol\", \"proline\", \"hue\"], \"cultivar\", &KFold::new(170), Scoring::Accuracy)?",
        ),
    );
    // The progress bar appears once the loop has run for half a second.
    wait_for(&k, &id, Duration::from_secs(120), |m| {
        m.msg_type() == "display_data"
    });
    let asked = Instant::now();
    k.control_request("interrupt_request", json!({}));
    let reply = k
        .recv_reply(&k.shell, &id, Duration::from_secs(30))
        .expect("reply after the interrupt");
    eprintln!("library loop interrupt answered in {:?}", asked.elapsed());
    assert_eq!(reply.content["status"], "error");
    let value = evalue(&reply);
    assert!(value.contains("interrupted by the user"), "{value}");
    assert!(!value.contains("Variables lost"), "{value}");
    let ex = k.execute("kept");
    assert_eq!(text_result(&ex), "7");
    let ex = k.execute("vins.height()");
    assert_eq!(text_result(&ex), "178");
    // The process was not restarted: a new loop runs to its end.
    let ex = k.execute(
        "cross_val_score(&DecisionTreeClassifier::new(), &vins, &[\"alcohol\", \"proline\"], \
         \"cultivar\", &KFold::new(3), Scoring::Accuracy)?.scores.len()",
    );
    assert_eq!(text_result(&ex), "3", "{:?}", ex.reply.content);
}

#[test]
fn a_cell_that_goes_on_after_its_loop_was_interrupted_is_stopped() {
    // The loop obeys, but the cell ignores the error and spins: the fallback kill stops it.
    let k = kernel();
    assert_eq!(k.execute("let kept = 7;").status(), "ok");
    let id = k.send(
        &k.shell,
        "execute_request",
        failing_content(
            "println!(\"running\");\n\
             { let steps = sdia::interrupt::Steps::quiet(); while steps.advance().is_ok() {} }\n\
             loop {}",
        ),
    );
    wait_for(&k, &id, Duration::from_secs(120), |m| {
        m.msg_type() == "stream"
    });
    std::thread::sleep(Duration::from_millis(300));
    let asked = Instant::now();
    k.control_request("interrupt_request", json!({}));
    let reply = k
        .recv_reply(&k.shell, &id, Duration::from_secs(30))
        .expect("reply after the interrupt");
    let took = asked.elapsed();
    assert_eq!(reply.content["ename"], "KeyboardInterrupt", "{reply:?}");
    assert!(
        evalue(&reply).contains("Variables lost: kept."),
        "{reply:?}"
    );
    assert!(took < Duration::from_secs(10), "took {took:?}");
    library_works(&k);
}

#[test]
fn infinite_recursion_is_a_stack_overflow() {
    let k = kernel();
    assert_fault(
        &k,
        "fn down(n: u64) -> u64 { down(n + 1) + 1 }\ndown(0)",
        "StackOverflow",
        "stack overflow (deep or infinite recursion?)",
    );
}

#[test]
fn a_stack_overflow_in_a_thread_of_the_cell_says_so() {
    let k = kernel();
    assert_fault(
        &k,
        "fn deeper(n: u64) -> u64 { deeper(n + 1) + 1 }\nstd::thread::spawn(|| deeper(0)).join().unwrap()",
        "SegmentationFault",
        "most often a stack overflow",
    );
}

#[test]
fn bad_pointers_are_segmentation_faults_in_unsafe_code() {
    let k = kernel();
    // At opt-level 0, Rust's debug checks catch a null pointer before the write (through a
    // variable: a literal null dereference is refused at compile time).
    let ex = assert_fault(
        &k,
        "let p = std::hint::black_box(std::ptr::null_mut::<i32>());\nunsafe { *p = 1; }",
        "SegmentationFault",
        "segmentation fault in unsafe code",
    );
    eprintln!("null pointer: {}", evalue(&ex.reply));
    // A non-null wild pointer reaches the processor: a real SIGSEGV.
    let ex = assert_fault(
        &k,
        "unsafe { *(0x10 as *mut u64) = 1; }",
        "SegmentationFault",
        "segmentation fault in unsafe code",
    );
    eprintln!("wild pointer: {}", evalue(&ex.reply));
}

#[test]
fn process_exit_is_named_with_its_code() {
    let k = kernel();
    assert_fault(
        &k,
        "std::process::exit(3);",
        "ProcessExit",
        "the cell called process::exit (exit code 3)",
    );
}

/// The pid of the kernel's cell process (its child running the same binary).
fn cell_process(kernel_pid: u32) -> u32 {
    let exe = std::fs::read_link(format!("/proc/{kernel_pid}/exe")).unwrap();
    let parent_of = |pid: u32| -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // "pid (comm) state ppid …": comm may hold spaces, so read after its last ')'.
        let after = &stat[stat.rfind(')')? + 1..];
        after.split_whitespace().nth(1)?.parse().ok()
    };
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| parent_of(pid) == Some(kernel_pid))
        .find(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).ok().as_ref() == Some(&exe))
        .expect("a cell process")
}

/// The "Max data size" soft limit of process `pid`, as /proc shows it.
fn data_limit(pid: u32) -> String {
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max data size"))
        .unwrap();
    line.split_whitespace().nth(3).unwrap().to_string()
}

#[test]
fn the_memory_limit_stops_the_cell_not_the_kernel() {
    let k = kernel();
    library_works(&k);
    let cell = cell_process(k.process.id());
    assert_eq!(data_limit(cell), (1u64 << 30).to_string());
    assert_eq!(
        data_limit(k.process.id()),
        "unlimited",
        "the kernel is not limited"
    );

    // Ordinary polars work fits: 20 million rows (160 MB), filtered.
    let ex = k.execute(
        "let big = df!(\"x\" => (0..20_000_000i64).collect::<Vec<_>>())?;\n\
         big.clone().lazy().filter(col(\"x\").lt(lit(1000))).collect()?.height()",
    );
    assert_eq!(ex.status(), "ok", "{:?}", ex.reply.content);
    assert_eq!(text_result(&ex), "1000");

    let ex = assert_fault(
        &k,
        "let v = vec![1u8; 3_000_000_000];\nv.len()",
        "MemoryLimit",
        "memory limit of 1 GB reached",
    );
    eprintln!("memory: {}", evalue(&ex.reply));
    // The new cell process has the limit too.
    let again = cell_process(k.process.id());
    assert_ne!(again, cell);
    assert_eq!(data_limit(again), (1u64 << 30).to_string());
}
