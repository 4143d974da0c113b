//! The connection file Jupyter writes for a kernel: where to bind and which key signs messages.

use serde::Deserialize;
use std::path::Path;

/// Contents of a kernel connection file.
#[derive(Debug, Clone, Deserialize)]
pub struct ConnectionInfo {
    /// `tcp` or `ipc`.
    pub transport: String,
    /// Address to bind.
    pub ip: String,
    pub shell_port: u16,
    pub iopub_port: u16,
    pub stdin_port: u16,
    pub control_port: u16,
    pub hb_port: u16,
    /// HMAC key; empty means messages are not signed.
    #[serde(default)]
    pub key: String,
    /// Only `hmac-sha256` (or empty, with an empty key) is supported.
    #[serde(default = "default_scheme")]
    pub signature_scheme: String,
}

fn default_scheme() -> String {
    "hmac-sha256".to_string()
}

impl ConnectionInfo {
    /// Reads and checks a connection file.
    pub fn from_file(path: &Path) -> anyhow::Result<ConnectionInfo> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read connection file {}: {e}", path.display()))?;
        Self::from_json(&text)
            .map_err(|e| anyhow::anyhow!("bad connection file {}: {e}", path.display()))
    }

    /// Parses a connection file's JSON text.
    pub fn from_json(text: &str) -> anyhow::Result<ConnectionInfo> {
        let info: ConnectionInfo = serde_json::from_str(text)?;
        if !info.key.is_empty() && info.signature_scheme != "hmac-sha256" {
            anyhow::bail!(
                "unsupported signature scheme '{}': only hmac-sha256 is supported",
                info.signature_scheme
            );
        }
        Ok(info)
    }

    /// The ZeroMQ endpoint for a port.
    pub fn endpoint(&self, port: u16) -> String {
        if self.transport == "ipc" {
            format!("ipc://{}-{}", self.ip, port)
        } else {
            format!("{}://{}:{}", self.transport, self.ip, port)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_jupyter_connection_file() {
        let info = ConnectionInfo::from_json(
            r#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4,
                "hb_port": 5, "ip": "127.0.0.1", "key": "k", "transport": "tcp",
                "signature_scheme": "hmac-sha256", "kernel_name": "sdia"}"#,
        )
        .unwrap();
        assert_eq!(info.endpoint(info.hb_port), "tcp://127.0.0.1:5");
        assert_eq!(info.key, "k");
    }

    #[test]
    fn rejects_unknown_signature_scheme() {
        let err = ConnectionInfo::from_json(
            r#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4,
                "hb_port": 5, "ip": "127.0.0.1", "key": "k", "transport": "tcp",
                "signature_scheme": "hmac-md5"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("hmac-md5"));
    }
}
