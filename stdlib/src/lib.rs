//! # sdia — the course library of the sdia Jupyter kernel
//!
//! Every kernel session starts with `use sdia::prelude::*;` in effect. This first slice gives:
//!
//! - everything in [polars' prelude](polars::prelude) (`DataFrame`, `df!`, `col`, lazy frames…);
//! - DataFrames that render as HTML tables in the notebook ([`display`], [`table`]);
//! - inline SVG charts ([`chart::Chart`]);
//! - several displays per cell, displays updated in place and progress bars ([`display`]);
//! - questions to the user, like Python's `input()` ([`input`]).
//!
//! ```
//! use sdia::prelude::*;
//!
//! let df = df!("x" => [1, 2, 3], "y" => [2.0, 4.0, 6.0]).unwrap();
//! let html = sdia::table::to_html(&df);
//! assert!(html.contains("<table"));
//! ```

pub mod chart;
pub mod display;
pub mod input;
#[doc(hidden)]
pub mod kernel_hooks;
pub mod prelude;
pub mod table;

/// Re-export of the polars crate, so that `sdia::polars::...` paths work in cells.
pub use polars;
