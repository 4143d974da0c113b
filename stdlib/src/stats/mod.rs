//! Descriptive statistics and tests. Results come back as DataFrames or typed structs that
//! display as tables.

pub mod corr;

pub use corr::{correlation, covariance, CorrMethod};
