//! Spark from a cell: queries that run on a Spark cluster, results back as polars DataFrames.
//!
//! When data outgrow one machine they usually already sit in a cluster. [`spark`] connects to
//! its Spark Connect server (Spark 4, `sc://host:port`); [`Spark::sql`], [`Spark::read_parquet`]
//! and [`Spark::read_csv`] give a [`SparkFrame`]: a query that is only described, not run. Its
//! methods (`filter`, `select`, `group_by(..).agg(..)`, `join`, `sort`, `limit`) take the SQL
//! expressions Spark parses, so the habits of polars carry over without a second expression
//! language; nothing runs until an action (`collect`, `count`, `write_parquet`…), which shows the
//! job's progress, can be stopped with ■ (the job is cancelled on the cluster) and brings the
//! result back as a polars [`DataFrame`](polars::prelude::DataFrame). A local frame goes up with
//! [`Spark::upload`], as a table the SQL can name.
//!
//! ```no_run
//! use sdia::prelude::*;
//!
//! # fn main() -> Result<(), SdiaError> {
//! let sc = spark("sc://127.0.0.1:15002")?;
//! let per_station = sc
//!     .read_parquet("trajets/")
//!     .filter("duree_min > 2")
//!     .group_by(&["station"])
//!     .agg(&["count(*) AS trajets", "avg(duree_min) AS duree_moyenne"])
//!     .sort(&["trajets"], true)
//!     .collect()?; // a polars DataFrame
//! # Ok(())
//! # }
//! ```
//!
//! Errors of the server (a column that does not exist, a query that does not parse) come back
//! as [`SdiaError::Spark`] naming the query that failed.

// The Spark client's own error type is large (clippy's result_large_err); the library turns it
// into an SdiaError as soon as a job ends.
#![allow(clippy::result_large_err)]

mod arrow_frame;
mod frame;
mod job;
mod rows;
mod session;

pub use frame::{SparkFrame, SparkGroupBy};
pub use session::{Spark, spark};
