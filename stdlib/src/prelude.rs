//! Everything a student needs in scope, nothing more: `use sdia::prelude::*;`
//! is in effect in every kernel session.
//!
//! sdia's names are listed one by one: an explicit name here wins over a polars name of the
//! same spelling brought by the glob import below.

pub use crate::chart::Chart;
pub use crate::clean::{
    drop_duplicates, duplicate_count, duplicated_rows, invalid_categories, missing_report,
    normalize_text, out_of_range, parse_dates, parse_decimal_comma, pseudonymize, replace_values,
    unparsable_dates, FillValue, FittedImputer, FittedOutliers, Imputer, Outliers,
};
pub use crate::display::{
    clear_output, display, display_html, display_markdown, DisplayHandle, Progress, RichDisplay,
};
pub use crate::encode::{
    drop_correlated, drop_near_constant, FittedOneHot, FittedOrdinal, OneHotEncoder,
    OrdinalEncoder, Selection, Unknown,
};
pub use crate::error::SdiaError;
pub use crate::input::{input, input_password};
pub use crate::stats::{correlation, covariance, CorrMethod};
pub use polars::prelude::*;
