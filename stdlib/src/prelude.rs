//! Everything a student needs in scope, nothing more: `use sdia::prelude::*;`
//! is in effect in every kernel session.
//!
//! sdia's names are listed one by one: an explicit name here wins over a polars name of the
//! same spelling brought by the glob import below.

pub use crate::chart::Chart;
pub use crate::display::{
    clear_output, display, display_html, display_markdown, DisplayHandle, Progress, RichDisplay,
};
pub use crate::error::SdiaError;
pub use crate::input::{input, input_password};
pub use crate::plot::{
    bar_chart, boxplot, boxplot_by, heatmap, histogram, line_chart, missing_map, scatter,
    scatter_by, scatter_matrix, scatter_matrix_by, Figure, Plot,
};
pub use crate::stats::{correlation, covariance, CorrMethod};
pub use polars::prelude::*;
