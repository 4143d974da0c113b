//! Running one action on the cluster: its progress shown, ■ cancelling it, its errors named.
//!
//! The action runs on a thread of its own while the cell's thread watches: every 50 ms it
//! checks the interrupt flag (the job is one of the library's interruptible loops, so ■ raises
//! the flag instead of stopping the process) and, once the job has run for half a second in a
//! kernel session, shows the stages and tasks Spark reports. On ■ it cancels the job on the
//! server through the job's own tag and the cell fails with [`SdiaError::Interrupted`].

use crate::display::{DisplayHandle, Html};
use crate::error::{Result, SdiaError};
use crate::interrupt::Steps;
use spark_connect::SparkSession;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a job runs before its progress is shown.
const SHOW_AFTER: Duration = Duration::from_millis(500);
/// How often the cell's thread looks at the flag and the progress.
const TICK: Duration = Duration::from_millis(50);
/// How long to wait for a cancelled job to give its thread back.
const CANCEL_WAIT: Duration = Duration::from_secs(10);

static NEXT_JOB: AtomicU64 = AtomicU64::new(0);

/// Tasks done and in all, summed over the stages Spark reported last.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
struct Tasks {
    stages: usize,
    done: i64,
    total: i64,
}

/// Runs `action` on the cluster as the job `what` (the query, for messages).
pub(crate) fn run<T: Send + 'static>(
    session: &SparkSession,
    what: &str,
    action: impl FnOnce(&SparkSession) -> spark_connect::Result<T> + Send + 'static,
) -> Result<T> {
    let tag = format!(
        "sdia-{}-{}",
        std::process::id(),
        NEXT_JOB.fetch_add(1, Ordering::SeqCst)
    );
    session.add_tag(&tag).map_err(|e| spark_error(what, &e))?;
    let tasks = Arc::new(Mutex::new(Tasks::default()));
    let seen = Arc::clone(&tasks);
    let handler = session.register_progress_handler(move |progress| {
        let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
        *seen = Tasks {
            stages: progress.stages.len(),
            done: progress.stages.iter().map(|s| s.num_completed_tasks).sum(),
            total: progress.stages.iter().map(|s| s.num_tasks).sum(),
        };
    });
    let (sender, receiver) = mpsc::channel();
    let worker = session.clone();
    std::thread::spawn(move || {
        let _ = sender.send(action(&worker));
    });
    let outcome = watch(session, what, &tag, &receiver, &tasks);
    session.remove_progress_handler(handler);
    session.remove_tag(&tag);
    outcome
}

/// Waits for the job's result, showing progress and cancelling the job on ■.
fn watch<T>(
    session: &SparkSession,
    what: &str,
    tag: &str,
    receiver: &mpsc::Receiver<spark_connect::Result<T>>,
    tasks: &Mutex<Tasks>,
) -> Result<T> {
    let steps = Steps::quiet();
    let started = Instant::now();
    let mut shown: Option<(DisplayHandle, Tasks)> = None;
    loop {
        match receiver.recv_timeout(TICK) {
            Ok(result) => {
                if let Some((handle, _)) = &shown {
                    handle.update(&Html(finished_html(
                        what,
                        started.elapsed(),
                        result.is_ok(),
                    )));
                }
                return result.map_err(|e| spark_error(what, &e));
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(SdiaError::Spark {
                    query: what.to_string(),
                    message: "the Spark client stopped without an answer".into(),
                });
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if steps.advance().is_err() {
            let _ = session.interrupt_tag(tag);
            let _ = receiver.recv_timeout(CANCEL_WAIT);
            if let Some((handle, _)) = &shown {
                handle.update(&Html(format!(
                    "<span>Spark: {} — cancelled after {:.1} s</span>",
                    crate::table::escape_html(what),
                    started.elapsed().as_secs_f64()
                )));
            }
            return Err(SdiaError::Interrupted);
        }
        if crate::kernel_hooks::in_kernel() && started.elapsed() >= SHOW_AFTER {
            let now = *tasks.lock().unwrap_or_else(|e| e.into_inner());
            match &mut shown {
                None => {
                    shown = Some((DisplayHandle::show(&Html(progress_html(what, now))), now));
                }
                Some((handle, last)) if *last != now => {
                    handle.update(&Html(progress_html(what, now)));
                    *last = now;
                }
                Some(_) => {}
            }
        }
    }
}

/// The progress line: a bar over the tasks of the stages Spark reported.
fn progress_html(what: &str, tasks: Tasks) -> String {
    let what = crate::table::escape_html(what);
    if tasks.total == 0 {
        return format!("<span>Spark: {what} — waiting for the cluster…</span>");
    }
    format!(
        "<div style=\"display:flex;align-items:center;gap:0.5em\">\
         <progress value=\"{}\" max=\"{}\" style=\"width:20em\"></progress>\
         <span>Spark: {what} — {} stage(s), {}/{} tasks</span></div>",
        tasks.done, tasks.total, tasks.stages, tasks.done, tasks.total
    )
}

fn finished_html(what: &str, elapsed: Duration, ok: bool) -> String {
    format!(
        "<span>Spark: {} — {} in {:.1} s</span>",
        crate::table::escape_html(what),
        if ok { "done" } else { "failed" },
        elapsed.as_secs_f64()
    )
}

/// A Spark error as an [`SdiaError`] naming the query; a cancelled job as an interruption.
pub(crate) fn spark_error(what: &str, e: &spark_connect::SparkError) -> SdiaError {
    let message = e.message();
    if message.contains("OPERATION_CANCELED") {
        return SdiaError::Interrupted;
    }
    // Spark repeats the error class ("[X] [X] …") and appends the analysed plan: keep the
    // first statement of the reason, which is what names the fault.
    let mut reason = message
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    if let Some(end) = reason.find("] ").filter(|_| reason.starts_with('[')) {
        let class = reason[..end + 2].to_string(); // "[ERROR_CLASS] "
        if let Some(rest) = reason.strip_prefix(&class)
            && rest.starts_with(class.trim_end())
        {
            reason = rest.to_string();
        }
    }
    SdiaError::Spark {
        query: what.to_string(),
        message: reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_shows_tasks_done_out_of_all() {
        let html = progress_html(
            "sql(\"select 1\")",
            Tasks {
                stages: 2,
                done: 3,
                total: 8,
            },
        );
        assert!(
            html.contains("3/8 tasks") && html.contains("2 stage(s)"),
            "{html}"
        );
        assert!(
            html.contains("&quot;select 1&quot;"),
            "the query is escaped: {html}"
        );
        assert!(progress_html("q", Tasks::default()).contains("waiting"));
    }

    #[test]
    fn a_server_error_keeps_its_first_line_once() {
        let e = spark_connect::SparkError::connect_msg(
            "[UNRESOLVED_COLUMN] [UNRESOLVED_COLUMN] A column `nope` cannot be resolved.\n\
             'Project ['nope]",
        );
        let err = spark_error("sql(\"select nope\")", &e).to_string();
        assert!(err.contains("sql(\"select nope\")"), "{err}");
        assert_eq!(err.matches("[UNRESOLVED_COLUMN]").count(), 1, "{err}");
        assert!(!err.contains("Project"), "{err}");
    }

    #[test]
    fn a_short_or_odd_first_line_is_kept_as_it_is() {
        for line in [
            "[PARSE_SYNTAX_ERROR]",
            "[X] ",
            "[",
            "] [",
            "plain words",
            "[É] [É] x",
        ] {
            let e = spark_connect::SparkError::connect_msg(line);
            let err = spark_error("q", &e).to_string();
            assert!(err.starts_with("Spark: q: "), "{err}");
        }
        let e = spark_connect::SparkError::connect_msg("[É] [É] accents");
        assert!(spark_error("q", &e).to_string().ends_with(": [É] accents"));
    }

    #[test]
    fn a_cancelled_job_is_an_interruption() {
        let e = spark_connect::SparkError::connect_msg(
            "[OPERATION_CANCELED] Operation has been canceled.",
        );
        assert!(matches!(spark_error("q", &e), SdiaError::Interrupted));
    }
}
