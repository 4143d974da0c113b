//! `sdia-kernel`: a Jupyter kernel for data science in Rust.
//!
//! ```text
//! sdia-kernel --connection-file FILE     run a kernel (what Jupyter calls)
//! sdia-kernel install [--user | --prefix DIR] [--memory-limit SIZE]   install the kernelspec
//! sdia-kernel run NOTEBOOK [-o OUT] [-p NAME VALUE]…   run a notebook headless (CI)
//! ```

mod frontend;
mod history;
mod install;
mod interpreter;
mod publisher;
mod run;
mod rust;
mod server;
mod sigint;
mod wire;

use std::path::PathBuf;

static LOG_ENABLED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Writes a line to the kernel's log (its standard error, which Jupyter shows in its log).
pub fn log(message: &str) {
    if LOG_ENABLED.load(std::sync::atomic::Ordering::Relaxed) {
        eprintln!("[sdia-kernel] {message}");
    }
}

/// Turns the log on or off (`sdia-kernel run` keeps standard error for its own report).
pub fn set_log_enabled(enabled: bool) {
    LOG_ENABLED.store(enabled, std::sync::atomic::Ordering::Relaxed);
}

const USAGE: &str = "usage:
  sdia-kernel --connection-file FILE          run a kernel (Jupyter does this)
  sdia-kernel install [--user | --prefix DIR] [--memory-limit SIZE]
                                              install the Jupyter kernelspec (SIZE: 4G, 512M…)
  sdia-kernel run NOTEBOOK [-o OUT] [-p NAME VALUE]… [-r NAME VALUE]… [--timeout SECONDS]
                                              run a notebook headless (`sdia-kernel run --help`)
  sdia-kernel --version";

fn main() {
    // Must come first: the same binary, re-executed, is the process that runs cells.
    evcxr::runtime_hook();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("install") => install::run(&args[1..]),
        Some("run") => std::process::exit(run::main(&args[1..])),
        Some("--version") | Some("-V") => {
            println!("sdia-kernel {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        Some("--connection-file") | Some("-f") if args.len() >= 2 => {
            run_kernel(PathBuf::from(&args[1]))
        }
        Some(path) if path.ends_with(".json") => run_kernel(PathBuf::from(path)),
        _ => {
            eprintln!("{USAGE}");
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        log(&format!("error: {e:#}"));
        std::process::exit(1);
    }
}

fn run_kernel(connection_file: PathBuf) -> anyhow::Result<()> {
    let connection = wire::ConnectionInfo::from_file(&connection_file)?;
    server::serve(&connection, start_interpreter())
}

/// Starts the Rust interpreter of a new session (kernel or `run`): its build directory, its
/// environment, then evcxr and the library loading in the background.
pub fn start_interpreter() -> rust::RustInterpreter {
    let sessions = rust::sessions::sessions_root(&rust::library::sdia_home());
    let session_dir = rust::sessions::new_session_dir(&sessions);
    // Environment first, while this is the only thread; a missing library is reported on
    // each execution rather than killing the kernel, so the user sees how to fix it.
    let load_error = rust::prepare_environment(&session_dir).err();
    if let Some(e) = &load_error {
        log(e);
    }
    // Build directories of kernels that died without cleaning up, swept off the startup path.
    std::thread::spawn(move || {
        let removed = rust::sessions::sweep_stale(&sessions);
        if removed > 0 {
            log(&format!(
                "removed {removed} build directories left by stopped kernels"
            ));
        }
    });
    rust::RustInterpreter::start(session_dir, load_error)
}
