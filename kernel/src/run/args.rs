//! The command line of `sdia-kernel run`, with papermill's spelling of parameters.

use super::parameters::{CliValue, Parameter};
use std::path::PathBuf;
use std::time::Duration;

/// Usage of `sdia-kernel run`.
pub const USAGE: &str = "usage: sdia-kernel run NOTEBOOK [-o OUT] [-p NAME VALUE]… [-r NAME VALUE]…
                        [--timeout SECONDS] [--cwd DIR] [-q] [--log]
  Runs every code cell of NOTEBOOK through the sdia interpreter and writes the executed
  notebook to OUT (default: NOTEBOOK itself; `-o -` writes it to standard output).
  Stops at the first failing cell (except cells tagged raises-exception), names it and its
  error, and exits with status 1; 2 for a bad command line, notebook or parameter; 130 on Ctrl-C.
  -p NAME VALUE     a parameter, read as papermill reads it (True/False, None, integer, number,
                    else text), typed by its declaration in the cell tagged `parameters`
  -r NAME VALUE     a parameter kept as text
  --timeout SECONDS how long one cell may run before it is stopped and the run fails
  --cwd DIR         working directory of the cells (default: the notebook's folder)
  -q                no progress line per cell
  --log             the kernel's log lines on standard error";

/// Where the executed notebook goes.
#[derive(Debug, Clone, PartialEq)]
pub enum Output {
    File(PathBuf),
    Stdout,
}

/// What `sdia-kernel run` was asked.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub notebook: PathBuf,
    pub output: Output,
    pub parameters: Vec<Parameter>,
    pub timeout: Option<Duration>,
    pub cwd: Option<PathBuf>,
    pub quiet: bool,
    pub log: bool,
}

fn value_after<'a>(args: &'a [String], i: &mut usize, option: &str) -> Result<&'a str, String> {
    *i += 1;
    args.get(*i)
        .map(String::as_str)
        .ok_or_else(|| format!("{option} needs a value"))
}

/// Parses the arguments that follow `run`.
pub fn parse(args: &[String]) -> Result<RunOptions, String> {
    let mut notebook = None;
    let mut output = None;
    // papermill's order: every -p, then every -r; a name given again keeps its first place
    // and takes its last value (a Python dict updated in that order).
    let (mut given, mut raw) = (Vec::new(), Vec::new());
    let mut timeout = None;
    let mut cwd = None;
    let (mut quiet, mut log) = (false, false);
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        match arg {
            "-p" | "--parameters" | "-r" | "--parameters_raw" => {
                let name = value_after(args, &mut i, arg)?.to_string();
                let text = value_after(args, &mut i, arg)?.to_string();
                if arg == "-p" || arg == "--parameters" {
                    given.push((name, CliValue::from_p(&text)));
                } else {
                    raw.push((name, CliValue::Text(text)));
                }
            }
            "-y" | "--parameters_yaml" | "-f" | "--parameters_file" | "-b" => {
                return Err(format!(
                    "{arg} (papermill's YAML parameters) is not supported by sdia-kernel run: \
                     give each parameter with -p NAME VALUE, or run the notebook with papermill"
                ))
            }
            "-o" | "--output" => {
                let value = value_after(args, &mut i, arg)?;
                output = Some(if value == "-" {
                    Output::Stdout
                } else {
                    Output::File(PathBuf::from(value))
                });
            }
            "--timeout" | "--execution-timeout" => {
                let value = value_after(args, &mut i, arg)?;
                let seconds: f64 = value
                    .parse()
                    .ok()
                    .filter(|s: &f64| s.is_finite() && *s > 0.0)
                    .ok_or_else(|| {
                        format!("--timeout takes a number of seconds above 0, not {value:?}")
                    })?;
                timeout = Some(Duration::from_secs_f64(seconds));
            }
            "--cwd" => cwd = Some(PathBuf::from(value_after(args, &mut i, arg)?)),
            "-q" | "--quiet" => quiet = true,
            "--log" => log = true,
            "-h" | "--help" => return Err(String::new()),
            _ if arg.starts_with('-') && arg != "-" => return Err(format!("unknown option {arg}")),
            _ if notebook.is_none() => notebook = Some(PathBuf::from(arg)),
            _ if output.is_none() => output = Some(Output::File(PathBuf::from(arg))),
            _ => return Err(format!("unexpected argument {arg:?}")),
        }
        i += 1;
    }
    let notebook = notebook.ok_or("which notebook? give its path")?;
    let mut parameters: Vec<Parameter> = Vec::new();
    for (name, value) in given.into_iter().chain(raw) {
        match parameters.iter_mut().find(|p| p.name == name) {
            Some(earlier) => earlier.value = value,
            None => parameters.push(Parameter { name, value }),
        }
    }
    let output = output.unwrap_or_else(|| Output::File(notebook.clone()));
    Ok(RunOptions {
        notebook,
        output,
        parameters,
        timeout,
        cwd,
        quiet,
        log,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn papermill_spelling_is_understood() {
        let options = parse(&args(
            "in.ipynb out.ipynb -p n 7 -r label 7 -p n 8 --timeout 2.5",
        ))
        .unwrap();
        assert_eq!(options.notebook, PathBuf::from("in.ipynb"));
        assert_eq!(options.output, Output::File("out.ipynb".into()));
        let given: Vec<_> = options
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), p.value.clone()))
            .collect();
        assert_eq!(
            given,
            [
                ("n", CliValue::Int(8)),
                ("label", CliValue::Text("7".into()))
            ]
        );
        let both = parse(&args("nb.ipynb -r a x -p b 1 -p a 2")).unwrap();
        let names: Vec<_> = both
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), p.value.clone()))
            .collect();
        assert_eq!(
            names,
            [("b", CliValue::Int(1)), ("a", CliValue::Text("x".into()))]
        );
        assert_eq!(options.timeout, Some(Duration::from_millis(2500)));
        let in_place = parse(&args("nb.ipynb -q")).unwrap();
        assert_eq!(in_place.output, Output::File("nb.ipynb".into()));
        assert_eq!(
            parse(&args("nb.ipynb -o -")).unwrap().output,
            Output::Stdout
        );
    }

    #[test]
    fn mistakes_are_named() {
        assert!(parse(&args("")).unwrap_err().contains("which notebook"));
        assert!(parse(&args("nb.ipynb -p n"))
            .unwrap_err()
            .contains("-p needs a value"));
        assert!(parse(&args("nb.ipynb --timeout 0"))
            .unwrap_err()
            .contains("above 0"));
        assert!(parse(&args("nb.ipynb -y a:1"))
            .unwrap_err()
            .contains("-p NAME VALUE"));
        assert!(parse(&args("nb.ipynb --bogus"))
            .unwrap_err()
            .contains("--bogus"));
    }
}
