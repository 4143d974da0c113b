//! The library's one error type: what went wrong, with the column at fault and how to fix it.
//!
//! Every fallible function of sdia returns `Result<T, SdiaError>`. In a notebook cell, `?` shows
//! the message and marks the cell as failed.
//!
//! ```
//! use sdia::prelude::*;
//!
//! let df = df!("name" => ["Ada", "Alan"]).unwrap();
//! let err = correlation(&df, CorrMethod::Pearson).unwrap_err();
//! assert!(err.to_string().contains("numeric columns"));
//! ```

use polars::prelude::{DataType, PolarsError};
use std::fmt;

/// Why an sdia function could not do what was asked.
#[derive(Debug)]
pub enum SdiaError {
    /// A column name that is not in the frame.
    ColumnNotFound {
        /// The name asked for.
        column: String,
        /// The names the frame has.
        available: Vec<String>,
    },
    /// A column that should hold numbers holds something else.
    NotNumeric {
        /// The column.
        column: String,
        /// Its data type.
        dtype: DataType,
    },
    /// A column that should hold text or categories holds something else.
    NotCategorical {
        /// The column.
        column: String,
        /// Its data type.
        dtype: DataType,
    },
    /// The frame, or the part of it that matters, has no rows or no usable columns.
    Empty(String),
    /// A column in which every value is missing (null or NaN).
    AllMissing {
        /// The column.
        column: String,
    },
    /// Too few values for the computation.
    NotEnoughData {
        /// The column or group concerned.
        what: String,
        /// How many values are needed.
        needed: usize,
        /// How many there are.
        got: usize,
    },
    /// A parameter or value outside what the function accepts.
    InvalidInput(String),
    /// A value never seen when the transformer was fitted.
    UnknownCategory {
        /// The column.
        column: String,
        /// The unseen value.
        value: String,
    },
    /// A dataset name that is not bundled.
    UnknownDataset {
        /// The name asked for.
        name: String,
        /// The bundled names.
        available: Vec<String>,
    },
    /// Reading or writing a file failed.
    Io {
        /// The file.
        path: String,
        /// What the system said.
        message: String,
    },
    /// The SQL engine refused the query.
    Sql(String),
    /// A chart could not be drawn.
    Chart(String),
    /// polars refused the operation.
    Polars(PolarsError),
    /// The user interrupted a long computation.
    Interrupted,
    /// Spark refused or failed a query (see [`crate::spark`]).
    Spark {
        /// The query, as the chain of steps that built it.
        query: String,
        /// What Spark said.
        message: String,
    },
}

impl fmt::Display for SdiaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdiaError::ColumnNotFound { column, available } => write!(
                f,
                "column '{column}' not found; the frame has: {}",
                available.join(", ")
            ),
            SdiaError::NotNumeric { column, dtype } => write!(
                f,
                "column '{column}' is {dtype}, not numeric: convert it first \
                 (e.g. with parse_decimal_comma or .cast(&DataType::Float64)) or leave it out"
            ),
            SdiaError::NotCategorical { column, dtype } => write!(
                f,
                "column '{column}' is {dtype}, but text or categories are needed here: \
                 cast it to String first or choose another column"
            ),
            SdiaError::Empty(what) => write!(f, "{what} is empty: there is nothing to compute on"),
            SdiaError::AllMissing { column } => write!(
                f,
                "column '{column}' has only missing values (null or NaN): fill it or drop it first"
            ),
            SdiaError::NotEnoughData { what, needed, got } => write!(
                f,
                "{what} has {got} usable value(s) but at least {needed} are needed"
            ),
            SdiaError::InvalidInput(message) => write!(f, "{message}"),
            SdiaError::UnknownCategory { column, value } => write!(
                f,
                "column '{column}' has the value '{value}', never seen when the encoder was \
                 fitted: refit on data that has it, or choose Unknown::Ignore"
            ),
            SdiaError::UnknownDataset { name, available } => write!(
                f,
                "no bundled dataset is called '{name}'; available: {}",
                available.join(", ")
            ),
            SdiaError::Io { path, message } => write!(f, "{path}: {message}"),
            SdiaError::Sql(message) => write!(f, "SQL error: {message}"),
            SdiaError::Chart(message) => write!(f, "chart: {message}"),
            SdiaError::Polars(e) => write!(f, "polars: {e}"),
            SdiaError::Interrupted => write!(
                f,
                "interrupted by the user: the computation stopped; variables defined before \
                 this cell are kept"
            ),
            SdiaError::Spark { query, message } => write!(f, "Spark: {query}: {message}"),
        }
    }
}

impl std::error::Error for SdiaError {}

impl From<PolarsError> for SdiaError {
    fn from(e: PolarsError) -> Self {
        SdiaError::Polars(e)
    }
}

impl From<crate::chart::ChartError> for SdiaError {
    fn from(e: crate::chart::ChartError) -> Self {
        SdiaError::Chart(e.to_string())
    }
}

/// Shorthand used inside the library (not in the prelude, so that `Result` keeps its std meaning
/// in cells).
pub type Result<T> = std::result::Result<T, SdiaError>;
