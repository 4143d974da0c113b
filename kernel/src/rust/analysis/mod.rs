//! The kernel's own rust-analyzer: sees the cell as evcxr compiles it, with the course library,
//! polars and std, for completion (Tab) and documentation (Shift-Tab, `name?`).
//!
//! evcxr's analysis loads only the session crate's manifest, which has no dependencies (cells link
//! against the prebuilt library: see `library`), so it knows nothing of sdia. This one loads a
//! crate that depends on the library's sources, on a thread of its own, in the background: until it
//! is loaded (seconds after launch), queries answer `None` at once and the caller falls back on
//! evcxr's analysis. Queries wait at most [`QUERY_TIMEOUT`].

pub mod bindings;
mod heap;
mod prelude_names;
mod queries;
mod scope;
pub mod session_source;
mod workspace;

use prelude_names::PreludeNames;
pub use queries::Completion;
use ra_ap_ide::{AnalysisHost, FileId};
use session_source::AnalysisSource;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// How long a completion or hover may take before the kernel answers without it.
pub const QUERY_TIMEOUT: Duration = Duration::from_secs(3);

type Job = Box<dyn FnOnce(&mut AnalysisHost, FileId, Option<&PreludeNames>) + Send>;

/// A handle on the analysis thread.
pub struct Analysis {
    jobs: mpsc::Sender<Job>,
    ready: Arc<AtomicBool>,
}

impl Analysis {
    /// Starts loading the analysis crate in `dir` on a new thread; returns at once.
    ///
    /// `SDIA_ANALYSIS=off` in the kernel's environment leaves it out (about 0.8 GB less per
    /// kernel; completion then covers std and session variables only).
    pub fn start(dir: PathBuf) -> Analysis {
        let (jobs, receive) = mpsc::channel::<Job>();
        let ready = Arc::new(AtomicBool::new(false));
        if std::env::var("SDIA_ANALYSIS").is_ok_and(|v| v == "off") {
            crate::log("analysis off (SDIA_ANALYSIS=off)");
            return Analysis { jobs, ready };
        }
        let flag = ready.clone();
        let spawned = std::thread::Builder::new()
            .name("analysis".into())
            // rust-analyzer's queries recurse deeply on large crates.
            .stack_size(64 * 1024 * 1024)
            .spawn(move || {
                lower_priority();
                let started = Instant::now();
                let loaded = workspace::write(&dir).and_then(|lib| workspace::load(&dir, &lib));
                let (mut host, file, scope) = match loaded {
                    Ok(loaded) => loaded,
                    Err(e) => {
                        crate::log(&format!("analysis unavailable: {e}"));
                        return;
                    }
                };
                let loaded_in = started.elapsed();
                // The first query needs the name tables and trait impls of every crate: compute
                // them on every core first, then check what the queries see.
                let primed = prime(&host, file);
                let missing = warm_up(&mut host, file);
                let prelude = PreludeNames::of_library(host.raw_database());
                let warm = heap::resident_mb();
                let trimmed = heap::give_back_freed();
                crate::log(&format!(
                    "analysis loaded in {:.1} s ({scope}), warmed up in {:.1} s ({primed}); \
                     {warm} MB resident, {trimmed} MB after giving freed memory back; \
                     {} names in the prelude",
                    loaded_in.as_secs_f64(),
                    (started.elapsed() - loaded_in).as_secs_f64(),
                    prelude.as_ref().map_or(0, PreludeNames::len)
                ));
                for what in missing {
                    crate::log(&format!(
                        "warning: the analysis does not see {what}; Tab and Shift-Tab will \
                         miss those names"
                    ));
                }
                flag.store(true, Ordering::SeqCst);
                for job in receive {
                    job(&mut host, file, prelude.as_ref());
                }
            });
        if let Err(e) = spawned {
            crate::log(&format!("cannot start the analysis thread: {e}"));
        }
        Analysis { jobs, ready }
    }

    /// Whether queries are answered (the analysis is loaded).
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::SeqCst)
    }

    /// Runs `query` on the analysis with `source` as the session file; `None` if the analysis is
    /// not loaded yet or takes longer than [`QUERY_TIMEOUT`].
    fn ask<T: Send + 'static>(
        &self,
        source: AnalysisSource,
        query: impl FnOnce(&AnalysisHost, FileId, &AnalysisSource) -> T + Send + 'static,
    ) -> Option<T> {
        self.ask_with(source, |source, _| source, query)
    }

    /// [`ask`](Self::ask), with the file rewritten by `adapt` on the analysis thread first.
    fn ask_with<T: Send + 'static>(
        &self,
        source: AnalysisSource,
        adapt: impl FnOnce(AnalysisSource, Option<&PreludeNames>) -> AnalysisSource + Send + 'static,
        query: impl FnOnce(&AnalysisHost, FileId, &AnalysisSource) -> T + Send + 'static,
    ) -> Option<T> {
        if !self.is_ready() {
            return None;
        }
        let (reply, answer) = mpsc::channel();
        let job: Job = Box::new(move |host, file, prelude| {
            let source = adapt(source, prelude);
            set_text(host, file, &source.text);
            let _ = reply.send(query(host, file, &source));
        });
        self.jobs.send(job).ok()?;
        answer.recv_timeout(QUERY_TIMEOUT).ok()
    }

    /// Completions at `cell_offset` (bytes) in the cell of `source`, best first.
    ///
    /// For a bare name, the file imports only the prelude's names that start with it, its traits
    /// and the names the session uses (see `prelude_names`): same answer, a tenth of the time.
    pub fn complete(&self, source: AnalysisSource, cell_offset: usize) -> Option<Vec<Completion>> {
        let narrow = move |source: AnalysisSource, prelude: Option<&PreludeNames>| {
            let at = source.to_file(cell_offset);
            let import = prelude
                .zip(prelude_names::bare_prefix(&source.text, at))
                .map(|(prelude, prefix)| {
                    prelude.import_for(prefix, &source.text, &source.defined())
                });
            match import {
                Some(import) => source.with_prelude_import(&import),
                None => source,
            }
        };
        self.ask_with(source, narrow, move |host, file, source| {
            queries::complete(&host.analysis(), file, source, cell_offset)
        })
    }

    /// Markdown documentation of what is at `cell_offset` (bytes) in the cell of `source`.
    pub fn hover(&self, source: AnalysisSource, cell_offset: usize) -> Option<String> {
        self.ask(source, move |host, file, source| {
            queries::hover(&host.analysis(), file, source, cell_offset)
        })
        .flatten()
    }
}

impl Analysis {
    /// The names bound by each top-level `let` of the cell of `source`, with their types.
    pub fn bindings(&self, source: AnalysisSource) -> Option<Vec<bindings::LetBindings>> {
        self.ask(source, |host, file, source| {
            bindings::of_cell(host.raw_database(), file, source)
        })
    }
}

/// Lets cells and their compiles go first on a busy machine: the analysis thread runs at nice
/// 10 (Linux sets priorities per thread).
fn lower_priority() {
    // SAFETY: plain system calls on the calling thread.
    let tid = unsafe { libc::syscall(libc::SYS_gettid) } as libc::id_t;
    if unsafe { libc::setpriority(libc::PRIO_PROCESS, tid, 10) } != 0 {
        crate::log("cannot lower the analysis thread's priority");
    }
}

fn set_text(host: &mut AnalysisHost, file: FileId, text: &str) {
    let mut change = ra_ap_hir::ChangeWithProcMacros::default();
    change.change_file(file, Some(text.to_string()));
    host.apply_change(change);
}

/// Computes the def maps and trait impls of every crate the session crate sees, on as many threads
/// as the machine has cores (at the analysis thread's priority, which they inherit), as
/// rust-analyzer's own cache priming does; returns what it did, for the log.
fn prime(host: &AnalysisHost, file: FileId) -> String {
    let db = host.raw_database();
    let Ok(roots) = host.analysis().crates_for(file) else {
        return "priming cancelled".into();
    };
    let mut seen = std::collections::HashSet::new();
    let scope: Vec<_> = roots
        .into_iter()
        .flat_map(|root| root.transitive_deps(db))
        .filter(|krate| seen.insert(*krate))
        .collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    ra_ap_ide_db::prime_caches::parallel_prime_caches(db, &scope, threads, &|_| ());
    format!("{} crates on {threads} threads", scope.len())
}

fn warm_up(host: &mut AnalysisHost, file: FileId) -> Vec<&'static str> {
    let source = AnalysisSource::new(
        &Default::default(),
        &[("df".into(), "DataFrame".into())],
        "df.",
    );
    set_text(host, file, &source.text);
    let analysis = host.analysis();
    let library = queries::complete(&analysis, file, &source, 3);
    let _ = queries::hover(&analysis, file, &source, 1);
    // A change waits until every snapshot is gone.
    drop(analysis);
    let mut missing = Vec::new();
    if !library.iter().any(|c| c.text == "height") {
        missing.push("the library (polars' DataFrame has no `height` here)");
    }
    let code = "String::new().to_upp";
    let source = AnalysisSource::new(&Default::default(), &[], code);
    set_text(host, file, &source.text);
    let analysis = host.analysis();
    let std = queries::complete(&analysis, file, &source, code.len());
    if !std.iter().any(|c| c.text == "to_uppercase") {
        missing.push(
            "std (no `String::to_uppercase`): the crates std's sources depend on are probably \
             missing from cargo's cache, and kernels run cargo offline; run install.sh again \
             (it fetches them)",
        );
    }
    drop(analysis);
    // A new revision lets salsa evict the syntax trees every crate's parse left behind.
    set_text(host, file, "");
    missing
}
