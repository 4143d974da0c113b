//! Statistical charts on DataFrames, drawn with plotters: inline SVG, PNG on request, files.
//!
//! Each constructor takes a frame and column names, checks them (a missing column, a
//! non-numeric column, an empty or all-missing column give an [`SdiaError`](crate::SdiaError)
//! that names the column) and returns a [`Plot`] with a title and axis labels taken from the
//! column names:
//!
//! | constructor | chart |
//! |---|---|
//! | [`histogram`] | distribution of a column, automatic bins like numpy's `bins="auto"` |
//! | [`boxplot`], [`boxplot_by`] | Tukey box plots with outliers, per group |
//! | [`scatter`], [`scatter_by`] | two columns, one colour per group with a legend |
//! | [`scatter_matrix`], [`scatter_matrix_by`] | every pair of columns, as a [`Figure`] |
//! | [`bar_chart`] | one bar per row, e.g. a frequency table |
//! | [`line_chart`] | lines against numbers, dates or datetimes |
//! | [`heatmap`] | a correlation matrix or a crosstab, with the values |
//! | [`missing_map`] | where the missing values are |
//! | [`XyChart`] | lines, points, segments and text from numbers (model charts) |
//!
//! Builder methods adjust a plot ([`Plot::title`], [`Plot::x_label`], [`Plot::size`],
//! [`Plot::bins`], [`Plot::png`]); a [`Figure`] puts several plots side by side. Plots and
//! figures show themselves when they are the last expression of a cell, and have `to_svg`,
//! `to_png`, `save` (`.svg` or `.png`) and `show`.
//!
//! ```
//! use sdia::prelude::*;
//!
//! let df = df!(
//!     "species" => ["Adelie", "Adelie", "Gentoo", "Gentoo", "Chinstrap"],
//!     "flipper" => [181.0, 186.0, 217.0, 221.0, 192.0],
//!     "mass" => [3750.0, 3800.0, 4500.0, 5700.0, 3500.0],
//! ).unwrap();
//! let figure = Figure::new(2)
//!     .add(histogram(&df, "mass").unwrap())
//!     .add(scatter_by(&df, "flipper", "mass", "species").unwrap());
//! assert!(figure.to_svg().unwrap().contains("Distribution of mass"));
//! assert!(histogram(&df, "species").is_err()); // text is not numeric
//! ```

mod axes;
mod bar;
mod base;
mod boxplot;
pub(crate) mod dates;
mod figure;
mod heatmap;
mod histogram;
mod layers;
mod line;
mod matrix;
mod missing;
pub(crate) mod render;
mod scatter;
pub(crate) mod style;

pub use bar::bar_chart;
pub use base::Plot;
pub use boxplot::{boxplot, boxplot_by};
pub use figure::Figure;
pub use heatmap::heatmap;
pub use histogram::histogram;
pub use layers::{Segment, XyChart};
pub use line::line_chart;
pub use matrix::{scatter_matrix, scatter_matrix_by};
pub use missing::missing_map;
pub use scatter::{scatter, scatter_by};
