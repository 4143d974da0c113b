//! Input checks shared by the project toolkit: ids, references between tables, scores on a
//! scale, non-negative amounts. Each error names the row and the value at fault.

use crate::error::{Result, SdiaError};
use crate::frame;
use polars::prelude::*;
use std::collections::HashSet;

/// A text column with a value on every row (ids, names, owners): an error names the first row
/// with a missing value.
pub(crate) fn required_text(df: &DataFrame, column: &str) -> Result<Vec<String>> {
    let labels = frame::labels(df, column)?;
    labels
        .into_iter()
        .enumerate()
        .map(|(row, value)| {
            value
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .ok_or_else(|| {
                    SdiaError::InvalidInput(format!(
                        "column '{column}' has no value on row {row}: every row needs one"
                    ))
                })
        })
        .collect()
}

/// A numeric column with a value on every row: an error names the id of the first row
/// whose value is missing or not finite.
pub(crate) fn required_numbers(df: &DataFrame, column: &str, ids: &[String]) -> Result<Vec<f64>> {
    let values = frame::f64_options(df, column)?;
    values
        .into_iter()
        .enumerate()
        .map(|(row, value)| match value {
            Some(v) if v.is_finite() => Ok(v),
            _ => Err(SdiaError::InvalidInput(format!(
                "column '{column}' has no usable number for '{}': fill it in",
                ids.get(row).map(String::as_str).unwrap_or("?")
            ))),
        })
        .collect()
}

/// Checks that no id appears twice; `what` names the table ("task", "risk"…).
pub(crate) fn unique_ids(ids: &[String], what: &str) -> Result<()> {
    let mut seen = HashSet::with_capacity(ids.len());
    for id in ids {
        if !seen.insert(id.as_str()) {
            return Err(SdiaError::InvalidInput(format!(
                "{what} id '{id}' appears twice: ids must be unique"
            )));
        }
    }
    Ok(())
}

/// Checks that `reference` is one of `known`; the error says who refers to it.
pub(crate) fn known_id(reference: &str, known: &HashSet<&str>, what: &str, by: &str) -> Result<()> {
    if known.contains(reference) {
        return Ok(());
    }
    let mut names: Vec<&str> = known.iter().copied().collect();
    names.sort_unstable();
    Err(SdiaError::InvalidInput(format!(
        "{by} refers to an unknown {what} id '{reference}'; the known ids are: {}",
        names.join(", ")
    )))
}

/// Checks that a score lies on its scale `[low, high]`.
/// Example message: "severity of 'R3' is 12, outside its scale 1–10: give a score from 1 to 10".
pub(crate) fn on_scale(value: f64, low: f64, high: f64, what: &str, id: &str) -> Result<()> {
    if value.is_finite() && (low..=high).contains(&value) {
        return Ok(());
    }
    Err(SdiaError::InvalidInput(format!(
        "{what} of '{id}' is {value}, outside its scale {low}–{high}: give a score from {low} to {high}"
    )))
}

/// Checks that an amount (cost, duration, load…) is finite and not negative.
pub(crate) fn non_negative(value: f64, what: &str, id: &str) -> Result<()> {
    if value.is_finite() && value >= 0.0 {
        return Ok(());
    }
    Err(SdiaError::InvalidInput(format!(
        "{what} of '{id}' is {value}: it must be a number ≥ 0"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_text_names_the_empty_row() {
        let df = df!("id" => [Some("A"), None]).unwrap();
        let err = required_text(&df, "id").unwrap_err().to_string();
        assert!(err.contains("row 1"), "{err}");
    }

    #[test]
    fn required_numbers_names_the_id() {
        let df = df!("cost" => [Some(1.0), None]).unwrap();
        let ids = vec!["A".to_string(), "B".to_string()];
        let err = required_numbers(&df, "cost", &ids).unwrap_err().to_string();
        assert!(err.contains("'B'"), "{err}");
    }

    #[test]
    fn duplicates_unknown_ids_and_scales_are_named() {
        let ids = vec!["A".to_string(), "B".to_string(), "A".to_string()];
        assert!(
            unique_ids(&ids, "task")
                .unwrap_err()
                .to_string()
                .contains("'A'")
        );
        let known: HashSet<&str> = ["A", "B"].into_iter().collect();
        let err = known_id("Z", &known, "task", "task 'B'")
            .unwrap_err()
            .to_string();
        assert!(err.contains("'Z'") && err.contains("A, B"), "{err}");
        let err = on_scale(12.0, 1.0, 10.0, "severity", "R3")
            .unwrap_err()
            .to_string();
        assert!(err.contains("R3") && err.contains("12"), "{err}");
        assert!(on_scale(10.0, 1.0, 10.0, "severity", "R3").is_ok());
        assert!(non_negative(-1.0, "cost", "X").is_err());
        assert!(non_negative(f64::NAN, "cost", "X").is_err());
    }
}
