//! Fitted models saved to one versioned JSON file (scikit-learn's `joblib.dump`/`load`): the
//! model's kind, the format version, the sdia version that wrote it, the columns it needs and
//! its learnt state, written atomically. Loading checks the kind and the version before
//! anything else.

use super::estimator::Model;
use crate::error::{Result, SdiaError};
use crate::io::{io_error, write_atomically};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;

/// The version of the model file format this library writes and reads.
pub const MODEL_FORMAT_VERSION: u32 = 1;

/// A fitted model that can be saved to a file and loaded back, in a later session or another
/// program. [`kind`](Persist::kind) names the model's type in the file.
pub trait Persist: Model + Serialize + DeserializeOwned {
    /// The model's type, as written in the file (e.g. `"LogisticRegression"`, or
    /// `"Pipeline<LogisticRegression>"` for a generic wrapper).
    fn kind() -> String;
}

/// What a model file holds around the model.
#[derive(Serialize, Deserialize)]
struct Envelope<M> {
    format: String,
    version: u32,
    sdia_version: String,
    kind: String,
    features: Vec<String>,
    model: M,
}

/// Just enough of a model file to check it before reading the model.
#[derive(Deserialize)]
pub(crate) struct Header {
    format: String,
    version: u32,
    pub(crate) kind: String,
}

const FORMAT: &str = "sdia-model";

/// Saves a fitted model (with its preprocessing, when it is a pipeline, and its feature names)
/// to `path` as JSON, atomically: the file is complete or not there.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [1.0, 2.0, 3.0, 4.0], "y" => [2.0, 4.0, 6.0, 8.0]).unwrap();
/// let model = LinearRegression::new().fit(&df, &["x"], "y").unwrap();
/// let path = std::env::temp_dir().join(format!("sdia-doc-{}.json", std::process::id()));
/// save_model(&model, &path).unwrap();
/// let back: FittedLinearRegression = load_model(&path).unwrap();
/// let new = df!("x" => [10.0]).unwrap();
/// assert_eq!(back.predict(&new).unwrap(), model.predict(&new).unwrap());
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn save_model<M: Persist>(model: &M, path: impl AsRef<Path>) -> Result<()> {
    let path = path.as_ref();
    let envelope = Envelope {
        format: FORMAT.to_string(),
        version: MODEL_FORMAT_VERSION,
        sdia_version: env!("CARGO_PKG_VERSION").to_string(),
        kind: M::kind(),
        features: model.schema().features.clone(),
        model,
    };
    let json = serde_json::to_vec(&envelope)
        .map_err(|e| SdiaError::InvalidInput(format!("the model could not be saved: {e}")))?;
    write_atomically(path, |file| {
        file.write_all(&json).map_err(|e| io_error(path, e))
    })
}

/// Loads a model saved by [`save_model`], as the type it was saved from (write the type:
/// `let model: FittedLogisticRegression = load_model("model.json")?;`). A file of another kind
/// of model, of another format version, or not a model file, is an error that says which.
///
/// ```
/// use sdia::prelude::*;
///
/// let path = std::env::temp_dir().join(format!("sdia-doc-bad-{}.json", std::process::id()));
/// std::fs::write(&path, "{\"hello\": 1}").unwrap();
/// let err = load_model::<FittedLinearRegression>(&path).unwrap_err();
/// assert!(err.to_string().contains("not an sdia model file"));
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn load_model<M: Persist>(path: impl AsRef<Path>) -> Result<M> {
    let path = path.as_ref();
    let (bytes, header) = read_header(path)?;
    if header.kind != M::kind() {
        return Err(io_error(
            path,
            format!(
                "this file holds a {} model, not a {}: load it as the type it was saved from, \
                 or with load_any_model, which reads the type from the file",
                header.kind,
                M::kind()
            ),
        ));
    }
    Ok(read_model::<M>(&bytes, path)?.0)
}

/// The bytes of a model file and its checked header (format and version), before the model is
/// read.
pub(crate) fn read_header(path: &Path) -> Result<(Vec<u8>, Header)> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    let header: Header = serde_json::from_slice(&bytes)
        .map_err(|_| io_error(path, "not an sdia model file (save models with save_model)"))?;
    if header.format != FORMAT {
        return Err(io_error(
            path,
            "not an sdia model file (save models with save_model)",
        ));
    }
    if header.version != MODEL_FORMAT_VERSION {
        return Err(io_error(
            path,
            format!(
                "model file format version {} but this sdia reads version {}: save the model \
                 again with this version of sdia",
                header.version, MODEL_FORMAT_VERSION
            ),
        ));
    }
    Ok((bytes, header))
}

/// The model of a file whose header was checked, and the sdia version that wrote it.
pub(crate) fn read_model<M: Persist>(bytes: &[u8], path: &Path) -> Result<(M, String)> {
    let envelope: Envelope<M> = serde_json::from_slice(bytes)
        .map_err(|e| io_error(path, format!("the model file is damaged: {e}")))?;
    Ok((envelope.model, envelope.sdia_version))
}
