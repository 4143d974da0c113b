//! # sdia — the course library of the sdia Jupyter kernel
//!
//! Every kernel session starts with `use sdia::prelude::*;` in effect, which brings:
//!
//! - everything in [polars' prelude](polars::prelude) (`DataFrame`, `df!`, `col`, lazy frames…);
//! - data in and out: CSV, Parquet, JSON, SQLite, partitioned Parquet, bundled datasets ([`io`]);
//! - a column's values as plain Rust values (`df.f64_values("x")?`, `df.column_mean("x")?`,
//!   `df.value_text("ville", 0)?`) and its sum, mean, minimum and maximum ([`values`]);
//! - queries that borrow the frame instead of consuming it: `df.rows_where(col("x").gt(lit(3)))?`,
//!   `df.assign([...])?`, `df.sorted_by("x")?`, `df.to_lazy()` ([`query`]);
//! - a profile of a frame in one table ([`profile`]);
//! - cleaning: missing values, outliers, duplicates, entry errors ([`clean`]);
//! - encoders fitted once and applied to new data, column selection ([`encode`]);
//! - descriptive statistics and tests, as DataFrames ([`stats`]);
//! - statistical charts, inline SVG or PNG ([`plot`], [`chart`]);
//! - models with scikit-learn's shape, fitted on DataFrames, saved and loaded ([`learn`],
//!   [`models`]);
//! - model evaluation as scikit-learn's metrics: scores, confusion matrix, ROC and
//!   precision–recall curves, regression charts, a fairness audit ([`metrics`]);
//! - model selection and preprocessing: splits, folds, cross-validation, grid search, learning
//!   curves, scalers and pipelines ([`selection`]);
//! - models in production (drift, retraining, cost) and statistical experiments (permutation
//!   and A/B tests) ([`monitor`], [`experiment`]);
//! - unsupervised learning: PCA ([`reduce`]), clustering and its scores and charts ([`cluster`]);
//! - DataFrames that render as HTML tables in the notebook ([`display`], [`table`]);
//! - several displays per cell, displays updated in place and progress bars ([`display`]);
//! - the engineer's project toolkit: requirements, risks, decisions, planning, teams,
//!   indicators and the project's context ([`project`]);
//! - Spark from a cell: queries run on a cluster, results back as DataFrames ([`spark`]);
//! - questions to the user, like Python's `input()` ([`input`]).
//!
//! Functions that can fail on user data return `Result<_, `[`SdiaError`]`>`: the message names
//! the column and the problem. Nothing in the library panics on user data.
//!
//! ```
//! use sdia::prelude::*;
//!
//! let df = df!("x" => [1, 2, 3], "y" => [2.0, 4.0, 6.0]).unwrap();
//! let html = sdia::table::to_html(&df);
//! assert!(html.contains("<table"));
//! ```

pub mod chart;
pub mod clean;
pub mod cluster;
pub mod display;
pub mod encode;
pub mod error;
pub mod experiment;
pub mod frame;
pub mod input;
pub mod interrupt;
pub mod io;
#[doc(hidden)]
pub mod kernel_hooks;
pub mod learn;
pub mod metrics;
pub mod models;
pub mod monitor;
mod numeric;
pub mod plot;
pub mod prelude;
pub mod profile;
pub mod project;
pub mod query;
pub mod reduce;
pub mod selection;
mod simd;
pub mod spark;
pub mod stats;
mod strings;
pub mod table;
pub mod values;

pub use error::SdiaError;
/// Re-export of ndarray (linfa's version), the matrices models work on: `sdia::ndarray::Array2`.
pub use ndarray;
/// Re-export of the polars crate, so that `sdia::polars::...` paths work in cells.
pub use polars;
