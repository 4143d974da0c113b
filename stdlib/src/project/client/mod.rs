//! The client relationship as a log of contacts (competencies A5 and A7): how fast the team
//! answers the client's requests ([`ContactLog::response_delays`]), how many stay open week
//! after week ([`ContactLog::open_items`]), where satisfaction is heading
//! ([`ContactLog::satisfaction_trend`]), and whether each milestone of the schedule had a
//! client checkpoint ([`milestone_checkpoints`]).

mod delays;
mod milestones;
mod satisfaction;

pub use delays::ResponseDelays;
pub use milestones::{CheckpointRule, MilestoneCheckpoints, milestone_checkpoints};
pub use satisfaction::SatisfactionTrend;

use super::{checks, dates};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::table::summary_bundle;
use polars::prelude::*;
use std::collections::HashMap;

/// One contact with the client (a row of the log).
#[derive(Debug, Clone)]
pub(crate) struct Contact {
    pub(crate) date: i64,
    pub(crate) kind: String,
    pub(crate) satisfaction: Option<f64>,
}

/// A request or issue raised by the client, followed through the log.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) opened: i64,
    pub(crate) closed: Option<i64>,
}

/// A log of contacts with the client, one row per contact, checked.
///
/// Columns: `date` (date or ISO text: the day of the contact), `kind` (text, free: réunion,
/// recette, retour, validation…); optional: `item` (text: the id of the request or issue the
/// contact is about), `opened` (date the client raised the item; the contact's date when
/// missing), `closed` (date the item was answered or closed; missing = still open),
/// `satisfaction` (number on the 1–5 scale, missing allowed).
///
/// An item may appear on several rows: it is opened at the earliest `opened` of its rows and
/// closed at the latest `closed` given (open if none is).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "date" => ["2027-01-11", "2027-01-18", "2027-02-01"],
///     "kind" => ["réunion", "retour", "validation"],
///     "item" => [None, Some("D1"), Some("D2")],
///     "closed" => [None, Some("2027-01-25"), None],
///     "satisfaction" => [Some(4.0), Some(3.0), None],
/// ).unwrap();
/// let log = ContactLog::from_frame(&df).unwrap();
/// assert_eq!((log.len(), log.item_count(), log.open_count()), (3, 2, 1));
/// ```
#[derive(Debug, Clone)]
pub struct ContactLog {
    pub(crate) contacts: Vec<Contact>,
    pub(crate) items: Vec<Item>,
}

/// The dates of an optional date column (all `None` when the frame lacks it); a malformed
/// value is an error naming its row.
fn optional_dates(df: &DataFrame, name: &str, rows: &[String]) -> Result<Vec<Option<i64>>> {
    let Ok(c) = df.column(name) else {
        return Ok(vec![None; df.height()]);
    };
    if c.dtype() == &DataType::Date {
        let s = c.as_materialized_series().cast(&DataType::Int32)?;
        return Ok(s.i32()?.iter().map(|v| v.map(i64::from)).collect());
    }
    frame::labels(df, name)?
        .into_iter()
        .enumerate()
        .map(|(row, v)| match v.as_deref().map(str::trim) {
            Some(text) if !text.is_empty() => {
                let what = format!(
                    "{name} of {}",
                    rows.get(row).map(String::as_str).unwrap_or("?")
                );
                dates::parse_iso(text, &what).map(Some)
            }
            _ => Ok(None),
        })
        .collect()
}

/// Text folded for comparisons: lower case, French accents removed ("Réunion" → "reunion").
pub(crate) fn fold(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'à' | 'â' | 'ä' => 'a',
            'î' | 'ï' => 'i',
            'ô' | 'ö' => 'o',
            'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            other => other,
        })
        .collect()
}

/// The number of working days (Monday–Friday) in `[from, to)`, 0 if `to ≤ from`: numpy's
/// `busday_count(from, to)`. Constant time.
pub(crate) fn weekdays_between(from: i64, to: i64) -> i64 {
    if to <= from {
        return 0;
    }
    let span = to - from;
    let mut count = span / 7 * 5;
    let first = dates::weekday(from);
    for k in 0..span % 7 {
        if (first + k) % 7 < 5 {
            count += 1;
        }
    }
    count
}

impl ContactLog {
    /// Reads and checks a contact log (columns above). Errors: a missing column (listing the
    /// frame's columns), no rows, a missing or malformed date, an empty kind, a satisfaction
    /// outside 1–5, an item closed before it was opened — each naming the row or item.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("date" => ["2027-01-11"], "kind" => ["réunion"], "satisfaction" => [6.0]).unwrap();
    /// let err = ContactLog::from_frame(&df).unwrap_err().to_string();
    /// assert!(err.contains("row 0") && err.contains("1–5"));
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<ContactLog> {
        frame::require_columns(df, &["date", "kind"])?;
        frame::require_rows(df, "the contact log")?;
        let rows: Vec<String> = (0..df.height()).map(|r| format!("row {r}")).collect();
        let days = dates::date_column(df, "date", &rows)?;
        let kinds = checks::required_text(df, "kind")?;
        let item_ids: Vec<Option<String>> = if df.column("item").is_ok() {
            frame::labels(df, "item")?
                .into_iter()
                .map(|v| v.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()))
                .collect()
        } else {
            vec![None; df.height()]
        };
        let opened = optional_dates(df, "opened", &rows)?;
        let closed = optional_dates(df, "closed", &rows)?;
        let satisfaction: Vec<Option<f64>> = if df.column("satisfaction").is_ok() {
            frame::f64_options(df, "satisfaction")?
        } else {
            vec![None; df.height()]
        };
        let mut contacts = Vec::with_capacity(df.height());
        let mut items: Vec<Item> = Vec::new();
        let mut index: HashMap<String, usize> = HashMap::new();
        for row in 0..df.height() {
            if let Some(s) = satisfaction[row] {
                checks::on_scale(s, 1.0, 5.0, "satisfaction", &rows[row])?;
            }
            contacts.push(Contact {
                date: days[row],
                kind: kinds[row].clone(),
                satisfaction: satisfaction[row],
            });
            let Some(id) = &item_ids[row] else { continue };
            let open = opened[row].unwrap_or(days[row]);
            match index.get(id) {
                None => {
                    index.insert(id.clone(), items.len());
                    items.push(Item {
                        id: id.clone(),
                        kind: kinds[row].clone(),
                        opened: open,
                        closed: closed[row],
                    });
                }
                Some(&i) => {
                    let item = &mut items[i];
                    item.opened = item.opened.min(open);
                    item.closed = match (item.closed, closed[row]) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        (a, b) => a.or(b),
                    };
                }
            }
        }
        for item in &items {
            if let Some(c) = item.closed.filter(|&c| c < item.opened) {
                return Err(SdiaError::InvalidInput(format!(
                    "item '{}' is closed on {}, before it was opened on {}: check its dates",
                    item.id,
                    dates::format_iso(c),
                    dates::format_iso(item.opened)
                )));
            }
        }
        Ok(ContactLog { contacts, items })
    }

    /// The number of contacts (rows).
    pub fn len(&self) -> usize {
        self.contacts.len()
    }

    /// True if the log has no contact (never the case after [`ContactLog::from_frame`]).
    pub fn is_empty(&self) -> bool {
        self.contacts.is_empty()
    }

    /// The number of distinct items (requests, issues) in the log.
    pub fn item_count(&self) -> usize {
        self.items.len()
    }

    /// The number of items still open (no closing date).
    pub fn open_count(&self) -> usize {
        self.items.iter().filter(|i| i.closed.is_none()).count()
    }

    /// The date of the first contact (ISO `YYYY-MM-DD`).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("date" => ["2027-02-03", "2027-01-11"], "kind" => ["réunion", "retour"]).unwrap();
    /// let log = ContactLog::from_frame(&df).unwrap();
    /// assert_eq!((log.first_date(), log.last_date()), ("2027-01-11".to_string(), "2027-02-03".to_string()));
    /// ```
    pub fn first_date(&self) -> String {
        dates::format_iso(self.contacts.iter().map(|c| c.date).min().unwrap_or(0))
    }

    /// The date of the last contact (ISO `YYYY-MM-DD`).
    pub fn last_date(&self) -> String {
        dates::format_iso(self.contacts.iter().map(|c| c.date).max().unwrap_or(0))
    }

    /// The contacts per kind, most frequent first (ties by kind): `kind`, `contacts`.
    pub fn kinds(&self) -> Result<DataFrame> {
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for c in &self.contacts {
            *counts.entry(c.kind.as_str()).or_default() += 1;
        }
        let mut pairs: Vec<(&str, u32)> = counts.into_iter().collect();
        pairs.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let columns = vec![
            Column::new("kind".into(), pairs.iter().map(|p| p.0).collect::<Vec<_>>()),
            Column::new(
                "contacts".into(),
                pairs.iter().map(|p| p.1).collect::<Vec<_>>(),
            ),
        ];
        Ok(DataFrame::new(pairs.len(), columns)?)
    }
}

impl RichDisplay for ContactLog {
    fn mime_bundle(&self) -> MimeBundle {
        summary_bundle(
            "Client contact log",
            &[
                ("contacts", self.len().to_string()),
                (
                    "period",
                    format!("{} → {}", self.first_date(), self.last_date()),
                ),
                ("items", self.item_count().to_string()),
                ("still open", self.open_count().to_string()),
            ],
        )
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small log by hand (2027-01-04 is a Monday).
    /// D1: opened Mon 01-04, closed Fri 01-08 (4 days, 4 working days).
    /// D2: opened Fri 01-08 (row date), closed Mon 01-18 (10 days, 6 working days).
    /// D3: opened Wed 01-13, still open. D1 appears twice (its second row closes it).
    pub(crate) fn sample() -> DataFrame {
        df!(
            "date" => ["2027-01-04", "2027-01-08", "2027-01-08", "2027-01-13", "2027-02-03", "2027-02-17", "2027-03-10"],
            "kind" => ["réunion", "recette", "retour", "retour", "Réunion de pilotage", "validation", "réunion"],
            "item" => [Some("D1"), Some("D1"), Some("D2"), Some("D3"), None, None, None],
            "opened" => [Some("2027-01-04"), Some("2027-01-04"), None, Some("2027-01-13"), None, None, None],
            "closed" => [None, Some("2027-01-08"), Some("2027-01-18"), None, None, None, None],
            "satisfaction" => [Some(4.0), None, Some(3.0), Some(2.0), Some(3.0), Some(4.0), Some(5.0)],
        )
        .unwrap()
    }

    #[test]
    fn reads_items_across_rows() {
        let log = ContactLog::from_frame(&sample()).unwrap();
        assert_eq!((log.len(), log.item_count(), log.open_count()), (7, 3, 1));
        assert_eq!(log.items[0].closed, Some(log.items[0].opened + 4));
        let k = log.kinds().unwrap();
        assert_eq!(
            k.column("kind").unwrap().str().unwrap().get(0),
            Some("retour")
        ); // 2, ties by name
        assert!(log.mime_bundle()[0].1.contains("2027-01-04 → 2027-03-10"));
        assert_eq!(log.last_date(), "2027-03-10");
    }

    #[test]
    fn bad_logs_name_the_row_or_item() {
        let mut df = sample();
        df.with_column(Column::new(
            "closed".into(),
            [
                None,
                Some("2027-01-08"),
                Some("2027-01-02"),
                None,
                None,
                None,
                None,
            ],
        ))
        .unwrap();
        let e = ContactLog::from_frame(&df).unwrap_err().to_string();
        assert!(e.contains("'D2'") && e.contains("2027-01-02"), "{e}");
        let mut df = sample();
        df.with_column(Column::new(
            "satisfaction".into(),
            [Some(4.0), None, Some(0.0), None, None, None, None],
        ))
        .unwrap();
        assert!(
            ContactLog::from_frame(&df)
                .unwrap_err()
                .to_string()
                .contains("row 2")
        );
        let e = ContactLog::from_frame(&sample().drop("kind").unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("kind") && e.contains("date"), "{e}");
        assert!(ContactLog::from_frame(&sample().head(Some(0))).is_err());
    }

    #[test]
    fn folding_and_working_days() {
        assert_eq!(fold(" Réunion "), "reunion");
        let monday = dates::parse_iso("2027-01-04", "x").unwrap();
        assert_eq!(weekdays_between(monday, monday + 7), 5);
        assert_eq!(weekdays_between(monday + 4, monday + 7), 1); // Fri → Mon: Friday only
        assert_eq!(weekdays_between(monday + 5, monday + 7), 0); // Sat → Mon
        assert_eq!(weekdays_between(monday + 4, monday + 14), 6); // Fri 8 → Mon 18
        assert_eq!(weekdays_between(monday + 3, monday + 3), 0);
    }
}
