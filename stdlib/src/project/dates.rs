//! Calendar dates of the project toolkit: ISO `YYYY-MM-DD` text ↔ day numbers (days since
//! 1970-01-01), the day of the week, the Monday of a week; and date columns read from a frame
//! whatever their type (polars `Date` or ISO text). Working days are `planning::calendar`'s.

use crate::error::{Result, SdiaError};
use crate::frame;
use crate::plot::dates::{civil_from_days, days_from_civil};
use polars::prelude::*;

/// The day number of an ISO date `YYYY-MM-DD`; the error names `what` (e.g. "start of task
/// 'T3'") and the text.
pub(crate) fn parse_iso(text: &str, what: &str) -> Result<i64> {
    let bad = || {
        SdiaError::InvalidInput(format!(
            "{what} is '{text}', not a date: write it as YYYY-MM-DD, e.g. 2027-01-04"
        ))
    };
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let month: u32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let day: u32 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(bad());
    }
    Ok(days_from_civil(year, month, day))
}

/// The ISO text `YYYY-MM-DD` of a day number.
pub(crate) fn format_iso(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The day of the week of a day number: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
pub(crate) fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7)
}

/// The Monday on or before a day number (the start of its ISO week).
pub(crate) fn monday_of(days: i64) -> i64 {
    days - weekday(days)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A date column as day numbers, one per row: a polars `Date` column, or ISO text. A missing or
/// malformed value is an error naming the id of its row (`ids[row]`).
pub(crate) fn date_column(df: &DataFrame, name: &str, ids: &[String]) -> Result<Vec<i64>> {
    let c = frame::column(df, name)?;
    let id = |row: usize| ids.get(row).map(String::as_str).unwrap_or("?").to_string();
    if c.dtype() == &DataType::Date {
        let s = c.as_materialized_series().cast(&DataType::Int32)?;
        return s
            .i32()?
            .iter()
            .enumerate()
            .map(|(row, v)| {
                v.map(i64::from).ok_or_else(|| {
                    SdiaError::InvalidInput(format!(
                        "column '{name}' has no date for '{}': fill it in",
                        id(row)
                    ))
                })
            })
            .collect();
    }
    frame::labels(df, name)?
        .into_iter()
        .enumerate()
        .map(|(row, v)| match v {
            Some(text) => parse_iso(&text, &format!("{name} of '{}'", id(row))),
            None => Err(SdiaError::InvalidInput(format!(
                "column '{name}' has no date for '{}': fill it in",
                id(row)
            ))),
        })
        .collect()
}

/// A polars `Date` column from day numbers.
pub(crate) fn date_series(name: &str, days: &[i64]) -> Result<Column> {
    let values: Vec<i32> = days.iter().map(|&d| d as i32).collect();
    Ok(Column::new(name.into(), values).cast(&DataType::Date)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_round_trip_and_bad_dates_are_named() {
        // 2027-01-04 is a Monday: 57 years + 14 leap days after 1970 → 20819 + 3 = 20822.
        let d = parse_iso("2027-01-04", "start").unwrap();
        assert_eq!(d, 20_822);
        assert_eq!(format_iso(d), "2027-01-04");
        assert_eq!(weekday(d), 0);
        assert_eq!(monday_of(d + 6), d);
        assert!(
            parse_iso("2027-02-29", "start of 'T1'")
                .unwrap_err()
                .to_string()
                .contains("T1")
        );
        assert!(parse_iso("04/01/2027", "start").is_err());
    }

    #[test]
    fn date_columns_read_text_and_dates() {
        let ids = vec!["A".to_string(), "B".to_string()];
        let df = df!("d" => ["2027-01-04", "2027-01-05"]).unwrap();
        assert_eq!(date_column(&df, "d", &ids).unwrap(), vec![20_822, 20_823]);
        let as_dates =
            DataFrame::new(2, vec![date_series("d", &[20_822, 20_823]).unwrap()]).unwrap();
        assert_eq!(
            date_column(&as_dates, "d", &ids).unwrap(),
            vec![20_822, 20_823]
        );
        let bad = df!("d" => [Some("2027-01-04"), None]).unwrap();
        assert!(
            date_column(&bad, "d", &ids)
                .unwrap_err()
                .to_string()
                .contains("'B'")
        );
    }
}
