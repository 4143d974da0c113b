//! The connection to a Spark Connect server and the frames that start from it.

use super::frame::SparkFrame;
use super::job;
use super::rows;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use polars::prelude::DataFrame;
use spark_connect::SparkSession;
use std::path::Path;

/// A session on a Spark cluster, through its Spark Connect server.
///
/// Made by [`spark`] or [`Spark::from_env`]. Cheap to clone: clones share the connection.
#[derive(Clone)]
pub struct Spark {
    session: SparkSession,
    remote: String,
    version: String,
}

/// Connects to the Spark Connect server at `remote` (`sc://host:port`, Spark 4.x) and checks
/// that it answers.
///
/// ```no_run
/// use sdia::prelude::*;
///
/// let sc = spark("sc://127.0.0.1:15002").unwrap();
/// println!("Spark {}", sc.version());
/// ```
pub fn spark(remote: &str) -> Result<Spark> {
    Spark::connect(remote)
}

impl Spark {
    /// Connects to the server at `remote` (`sc://host:port`) and asks for its version, so that a
    /// wrong address fails here rather than at the first query.
    pub fn connect(remote: &str) -> Result<Spark> {
        let remote = remote.trim();
        if !remote.starts_with("sc://") {
            return Err(SdiaError::InvalidInput(format!(
                "'{remote}' is not a Spark Connect address: write it as sc://host:port \
                 (e.g. sc://127.0.0.1:15002)"
            )));
        }
        reachable(remote)?;
        // The client retries a failing call for minutes: bound the first one.
        let (sender, receiver) = std::sync::mpsc::channel();
        let address = remote.to_string();
        std::thread::spawn(move || {
            let connected = SparkSession::builder()
                .remote(&address)
                .get_or_create()
                .and_then(|session| session.version().map(|version| (session, version)));
            let _ = sender.send(connected);
        });
        let (session, version) = match receiver.recv_timeout(CONNECT_TIMEOUT) {
            Ok(connected) => connected.map_err(|e| unreachable_server(remote, &e.message()))?,
            Err(_) => {
                return Err(unreachable_server(
                    remote,
                    &format!("no answer in {} s", CONNECT_TIMEOUT.as_secs()),
                ));
            }
        };
        Ok(Spark {
            session,
            remote: remote.to_string(),
            version,
        })
    }

    /// Connects to the server named by the `SPARK_REMOTE` environment variable, as PySpark does.
    pub fn from_env() -> Result<Spark> {
        match std::env::var("SPARK_REMOTE") {
            Ok(remote) if !remote.trim().is_empty() => Spark::connect(&remote),
            _ => Err(SdiaError::InvalidInput(
                "SPARK_REMOTE is not set: give the address to spark(\"sc://host:port\"), or set \
                 SPARK_REMOTE before starting the kernel"
                    .into(),
            )),
        }
    }

    /// The server's address, as given.
    pub fn remote(&self) -> &str {
        &self.remote
    }

    /// The Spark version the server runs (e.g. `4.2.1`).
    pub fn version(&self) -> &str {
        &self.version
    }

    /// A SQL query on the cluster, over the tables and views it knows (see [`Spark::upload`]
    /// and [`SparkFrame::create_view`]). A `SELECT` is only described here; statements such as
    /// `CREATE TABLE` run at once.
    pub fn sql(&self, query: &str) -> Result<SparkFrame> {
        let what = format!("sql({query:?})");
        let q = query.to_string();
        let df = job::run(&self.session, &what, move |s| s.sql(&q))?;
        Ok(SparkFrame::new(self.session.clone(), df, what))
    }

    /// The Parquet file or folder of files at `path`, as the cluster reads it.
    ///
    /// A relative path that exists beside the notebook is sent as an absolute path (a server on
    /// the same machine then reads the same files); any other path or URL (`hdfs://`, `s3a://`)
    /// is sent as it is, for the cluster to resolve.
    pub fn read_parquet(&self, path: &str) -> SparkFrame {
        let path = server_path(path);
        let df = self.session.read().parquet(&path);
        SparkFrame::new(self.session.clone(), df, format!("read_parquet({path:?})"))
    }

    /// The CSV file or folder at `path` (first line as header, column types inferred), as the
    /// cluster reads it. Paths as for [`Spark::read_parquet`].
    pub fn read_csv(&self, path: &str) -> SparkFrame {
        let path = server_path(path);
        let df = self
            .session
            .read()
            .option("header", "true")
            .option("inferSchema", "true")
            .csv(&path);
        SparkFrame::new(self.session.clone(), df, format!("read_csv({path:?})"))
    }

    /// A table or view the cluster knows, by name.
    pub fn table(&self, name: &str) -> SparkFrame {
        let df = self.session.read().table(name);
        SparkFrame::new(self.session.clone(), df, format!("table({name:?})"))
    }

    /// Sends a local frame to the cluster as the temporary view `name` (replacing one of that
    /// name), so that SQL can name it and joins can combine it with the cluster's data.
    ///
    /// The frame is written as a Parquet file in the machine's temporary folder, which the
    /// server reads: this needs a server on the same machine (or sharing that folder), as in
    /// the course's setup. Meant for reference tables and samples, not for the big data.
    pub fn upload(&self, df: &DataFrame, name: &str) -> Result<SparkFrame> {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(SdiaError::InvalidInput(format!(
                "'{name}' cannot name a Spark view: use letters, digits and _ only"
            )));
        }
        // Spark 4.2.1 refuses the client's local relations ([PARSE_SYNTAX_ERROR] on their
        // schema), so the frame goes through a Parquet file the server reads: a server on
        // this machine (the course's setup) sees it; the file stays while the session may use
        // the view.
        rows::spark_rows(df)?; // the same refusals, with the same messages, for every column
        let folder = std::env::temp_dir().join(format!("sdia-spark-{}", std::process::id()));
        std::fs::create_dir_all(&folder).map_err(|e| crate::io::io_error(&folder, e))?;
        let file = folder.join(format!("{name}.parquet"));
        crate::io::write_parquet(df, &file)?;
        let what = format!("upload({name:?})");
        let remote = self.session.read().parquet(&file.display().to_string());
        let view = remote.clone();
        let view_name = name.to_string();
        job::run(&self.session, &what, move |_| {
            view.create_or_replace_temp_view(&view_name)
        })?;
        Ok(SparkFrame::new(self.session.clone(), remote, what))
    }
}

impl std::fmt::Debug for Spark {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Spark {} at {}", self.version, self.remote)
    }
}

impl RichDisplay for Spark {
    fn mime_bundle(&self) -> MimeBundle {
        let text = format!(
            "Spark {} at {} (Spark Connect): .sql(..), .read_parquet(..), .read_csv(..), \
             .upload(&df, name)",
            self.version, self.remote
        );
        vec![("text/plain".into(), text)]
    }
}

/// How long the first call to the server may take before the address is declared wrong.
const CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// Whether something accepts TCP connections at the address's host and port (a fast, clear
/// "connection refused" rather than the client's minutes of retries).
fn reachable(remote: &str) -> Result<()> {
    let authority = remote["sc://".len()..]
        .split(['/', ';'])
        .next()
        .unwrap_or_default();
    let with_port = if authority.contains(':') {
        authority.to_string()
    } else {
        format!("{authority}:15002")
    };
    let addresses: Vec<std::net::SocketAddr> = std::net::ToSocketAddrs::to_socket_addrs(&with_port)
        .map_err(|e| unreachable_server(remote, &e.to_string()))?
        .collect();
    let mut last = String::from("the host name gives no address");
    for address in addresses {
        match std::net::TcpStream::connect_timeout(&address, std::time::Duration::from_secs(5)) {
            Ok(_) => return Ok(()),
            Err(e) => last = e.to_string(),
        }
    }
    Err(unreachable_server(remote, &last))
}

/// "Nothing answers at …": what to check when the server cannot be reached.
fn unreachable_server(remote: &str, reason: &str) -> SdiaError {
    SdiaError::Spark {
        query: format!("spark({remote:?})"),
        message: format!(
            "no Spark Connect server answers at {remote} ({}): check the address, or start \
             one (docs/spark.md)",
            reason.lines().next().unwrap_or_default()
        ),
    }
}

/// The path as the server should read it: absolute when it names something beside the notebook.
fn server_path(path: &str) -> String {
    let local = Path::new(path);
    if path.contains("://") || local.is_absolute() || !local.exists() {
        return path.to_string();
    }
    match std::path::absolute(local) {
        Ok(absolute) => absolute.display().to_string(),
        Err(_) => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_without_the_scheme_is_refused_with_the_form_to_use() {
        let err = spark("127.0.0.1:15002").unwrap_err().to_string();
        assert!(err.contains("sc://host:port"), "{err}");
    }

    #[test]
    fn a_port_where_nothing_listens_says_no_server_answers() {
        // Bind then drop a listener: the port is free, and nothing listens on it.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let err = spark(&format!("sc://127.0.0.1:{port}")).unwrap_err();
        assert!(matches!(err, SdiaError::Spark { .. }), "{err:?}");
        let text = err.to_string();
        assert!(text.contains("no Spark Connect server answers"), "{text}");
        assert!(text.contains(&port.to_string()), "{text}");
    }

    #[test]
    fn an_unset_spark_remote_says_how_to_give_the_address() {
        // SAFETY: no other test of this crate reads or writes SPARK_REMOTE.
        unsafe { std::env::remove_var("SPARK_REMOTE") };
        let err = Spark::from_env().unwrap_err().to_string();
        assert!(err.contains("SPARK_REMOTE"), "{err}");
    }

    #[test]
    fn local_relative_paths_become_absolute_and_urls_stay() {
        let dir = std::env::temp_dir();
        let absolute = dir.display().to_string();
        assert_eq!(server_path(&absolute), absolute);
        assert_eq!(server_path("hdfs://nn/data"), "hdfs://nn/data");
        assert_eq!(
            server_path("no-such-folder-here/x.parquet"),
            "no-such-folder-here/x.parquet"
        );
        let here = server_path("src");
        assert!(
            Path::new(&here).is_absolute() && here.ends_with("src"),
            "{here}"
        );
    }
}
