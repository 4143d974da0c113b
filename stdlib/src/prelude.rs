//! Everything a student needs in scope, nothing more: `use sdia::prelude::*;`
//! is in effect in every kernel session.

pub use crate::chart::Chart;
pub use crate::display::{
    clear_output, display, display_html, display_markdown, DisplayHandle, Progress, RichDisplay,
};
pub use crate::input::{input, input_password};
pub use polars::prelude::*;
