//! Technology watch: how many dated documents (abstracts, release notes, articles) mention each
//! topic per month, quarter or year ([`topic_counts`] → [`TopicCounts`]), and which topics rise.

use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::plot::dates::{civil_from_days, days_from_civil};
use crate::plot::{Plot, line_chart};
use crate::project::checks::required_text;
use crate::project::dates::{date_column, date_series};
use crate::table::{format_number, summary_bundle};
use polars::prelude::*;

/// Topics and their keywords, as [`topic_counts`] takes them: a DataFrame with the text
/// columns `topic` and `keywords` (keywords separated by `;` or `,`; a topic may take several
/// rows), or a list of `(topic, "keyword; keyword")` pairs.
pub trait TopicList {
    /// The topics in order, each with its keywords.
    fn topic_list(&self) -> Result<Vec<(String, Vec<String>)>>;
}

fn merge<'a>(
    pairs: impl Iterator<Item = (&'a str, &'a str)>,
) -> Result<Vec<(String, Vec<String>)>> {
    let mut topics: Vec<(String, Vec<String>)> = Vec::new();
    for (topic, keywords) in pairs {
        let topic = topic.trim();
        let words = keywords
            .split([';', ','])
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(str::to_string);
        match topics.iter_mut().find(|(t, _)| t == topic) {
            Some((_, list)) => list.extend(words),
            None => topics.push((topic.to_string(), words.collect())),
        }
    }
    if topics.is_empty() {
        return Err(SdiaError::Empty("the list of topics".into()));
    }
    Ok(topics)
}

impl TopicList for DataFrame {
    fn topic_list(&self) -> Result<Vec<(String, Vec<String>)>> {
        frame::require_rows(self, "the topics table")?;
        let topics = required_text(self, "topic")?;
        let keywords = required_text(self, "keywords")?;
        merge(
            topics
                .iter()
                .map(String::as_str)
                .zip(keywords.iter().map(String::as_str)),
        )
    }
}

impl TopicList for [(&str, &str)] {
    fn topic_list(&self) -> Result<Vec<(String, Vec<String>)>> {
        merge(self.iter().copied())
    }
}

impl<const N: usize> TopicList for [(&str, &str); N] {
    fn topic_list(&self) -> Result<Vec<(String, Vec<String>)>> {
        merge(self.iter().copied())
    }
}

impl TopicList for Vec<(&str, &str)> {
    fn topic_list(&self) -> Result<Vec<(String, Vec<String>)>> {
        merge(self.iter().copied())
    }
}

/// Lower case without accents: `"Qualité des Données"` → `"qualite des donnees"` (the letters
/// of French and the other Western European languages; other characters are kept).
pub(crate) fn fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            other => other,
        })
        .collect()
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Whether the folded `text` contains the folded `keyword` as whole words.
pub(crate) fn contains_word(text: &str, keyword: &str) -> bool {
    text.match_indices(keyword).any(|(pos, _)| {
        let before = text[..pos].chars().next_back();
        let after = text[pos + keyword.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

/// The length of a [`TopicCounts`] period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Month,
    Quarter,
    Year,
}

impl Period {
    /// (ordinal, label, first day) of the period holding `day`.
    fn of(self, day: i64) -> (i64, String, i64) {
        let (y, m, _) = civil_from_days(day);
        match self {
            Period::Month => (
                y * 12 + i64::from(m) - 1,
                format!("{y}-{m:02}"),
                days_from_civil(y, m, 1),
            ),
            Period::Quarter => {
                let q = (m - 1) / 3;
                (
                    y * 4 + i64::from(q),
                    format!("{y}-Q{}", q + 1),
                    days_from_civil(y, 3 * q + 1, 1),
                )
            }
            Period::Year => (y, y.to_string(), days_from_civil(y, 1, 1)),
        }
    }
}

/// Which topics each dated document mentions, counted per period (see [`topic_counts`]).
#[derive(Debug, Clone)]
pub struct TopicCounts {
    topics: Vec<String>,
    days: Vec<i64>,
    /// For each document, the indices of the topics it mentions.
    matches: Vec<Vec<usize>>,
    period: Period,
}

/// Counts the documents of `df` (one per row: the text in `text_col`, its date in `date_col`)
/// that mention each topic. A document mentions a topic when its text contains one of the
/// topic's keywords as whole words, ignoring case and accents: text and keywords are
/// lower-cased and stripped of accents (`é` → `e`…), then a keyword matches where it is
/// neither preceded nor followed by a letter, digit or `_` (a regex `\b…\b`). So the keyword
/// "LLM" matches "(llm)" and "LLM-ops" but neither "LLMs" nor "MLLM": list plural forms as
/// keywords of their own. Keywords must begin and end with a letter or digit. Periods are
/// months by default: see [`TopicCounts::period`].
///
/// ```
/// use sdia::prelude::*;
///
/// let docs = df!(
///     "date" => ["2025-01-10", "2025-02-03", "2025-02-20"],
///     "text" => ["Qualité des données : nouveaux contrôles", "Kafka streaming at scale",
///                "Data QUALITE and Kafka"],
/// ).unwrap();
/// let counts = topic_counts(&docs, "text", "date",
///     &[("quality", "qualite; data quality"), ("streaming", "kafka; streaming")]).unwrap();
/// let t = counts.table().unwrap();
/// // February: 2 documents, 1 on quality (the accent-free "qualite"), 2 on streaming.
/// let docs: Vec<u32> = t.column("documents").unwrap().u32().unwrap().into_no_null_iter().collect();
/// assert_eq!(docs, [1, 0, 1, 2]);
/// ```
pub fn topic_counts<T: TopicList + ?Sized>(
    df: &DataFrame,
    text_col: &str,
    date_col: &str,
    topics: &T,
) -> Result<TopicCounts> {
    count_topics(df, text_col, date_col, topics.topic_list()?)
}

fn count_topics(
    df: &DataFrame,
    text_col: &str,
    date_col: &str,
    topics: Vec<(String, Vec<String>)>,
) -> Result<TopicCounts> {
    frame::require_rows(df, "the documents")?;
    let mut keywords = Vec::with_capacity(topics.len());
    for (topic, words) in &topics {
        if words.is_empty() {
            return Err(SdiaError::InvalidInput(format!(
                "topic '{topic}' has no keyword: give at least one, e.g. \"mlops; model registry\""
            )));
        }
        let mut folded = Vec::with_capacity(words.len());
        for w in words {
            let f = fold(w);
            let ends = (f.chars().next(), f.chars().next_back());
            if !matches!(ends, (Some(a), Some(b)) if a.is_alphanumeric() && b.is_alphanumeric()) {
                return Err(SdiaError::InvalidInput(format!(
                    "keyword '{w}' of topic '{topic}' must begin and end with a letter or digit"
                )));
            }
            folded.push(f);
        }
        keywords.push(folded);
    }
    let texts = required_text(df, text_col)?;
    let ids: Vec<String> = (0..df.height()).map(|r| format!("row {r}")).collect();
    let days = date_column(df, date_col, &ids)?;
    let matches = texts
        .iter()
        .map(|t| {
            let t = fold(t);
            keywords
                .iter()
                .enumerate()
                .filter(|(_, words)| words.iter().any(|w| contains_word(&t, w)))
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    Ok(TopicCounts {
        topics: topics.into_iter().map(|(t, _)| t).collect(),
        days,
        matches,
        period: Period::Month,
    })
}

/// One row per (period with documents, topic).
struct Row {
    ordinal: i64,
    label: String,
    start: i64,
    total: u32,
    counts: Vec<u32>,
}

impl TopicCounts {
    /// Counts per `"month"` (default), `"quarter"` or `"year"` (French `"mois"`,
    /// `"trimestre"`, `"année"` also accepted); an error names the accepted values.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let docs = df!("d" => ["2025-01-10", "2025-03-03"], "t" => ["LLM", "llm"]).unwrap();
    /// let c = topic_counts(&docs, "t", "d", &[("LLM", "llm")]).unwrap().period("quarter").unwrap();
    /// assert_eq!(c.table().unwrap().height(), 1); // one quarter, one topic
    /// assert!(topic_counts(&docs, "t", "d", &[("LLM", "llm")]).unwrap().period("week").is_err());
    /// ```
    pub fn period(mut self, period: &str) -> Result<TopicCounts> {
        self.period = match period.trim().to_lowercase().as_str() {
            "month" | "mois" => Period::Month,
            "quarter" | "trimestre" => Period::Quarter,
            "year" | "année" | "annee" => Period::Year,
            other => {
                return Err(SdiaError::InvalidInput(format!(
                    "period '{other}' is not known: use \"month\", \"quarter\" or \"year\""
                )));
            }
        };
        Ok(self)
    }

    /// The topics, in the order given.
    pub fn topics(&self) -> &[String] {
        &self.topics
    }

    /// The number of documents.
    pub fn documents(&self) -> usize {
        self.days.len()
    }

    fn rows(&self) -> Vec<Row> {
        let mut rows: std::collections::BTreeMap<i64, Row> = std::collections::BTreeMap::new();
        for (&day, found) in self.days.iter().zip(&self.matches) {
            let (ordinal, label, start) = self.period.of(day);
            let row = rows.entry(ordinal).or_insert_with(|| Row {
                ordinal,
                label,
                start,
                total: 0,
                counts: vec![0; self.topics.len()],
            });
            row.total += 1;
            for &t in found {
                row.counts[t] += 1;
            }
        }
        rows.into_values().collect()
    }

    /// One row per period having documents and topic: `period` ("2025-03", "2025-Q1" or
    /// "2025"), `period_start` (date), `topic`, `documents` (mentioning the topic),
    /// `period_documents` (all documents of the period) and `share` = documents /
    /// period_documents (a document may mention several topics: shares need not sum to 1).
    pub fn table(&self) -> Result<DataFrame> {
        let rows = self.rows();
        let k = self.topics.len();
        let (mut label, mut start, mut topic) = (Vec::new(), Vec::new(), Vec::new());
        let (mut docs, mut total, mut share) = (Vec::new(), Vec::new(), Vec::new());
        for row in &rows {
            for (t, name) in self.topics.iter().enumerate() {
                label.push(row.label.clone());
                start.push(row.start);
                topic.push(name.clone());
                docs.push(row.counts[t]);
                total.push(row.total);
                share.push(f64::from(row.counts[t]) / f64::from(row.total));
            }
        }
        Ok(DataFrame::new(
            rows.len() * k,
            vec![
                Column::new("period".into(), label),
                date_series("period_start", &start)?,
                Column::new("topic".into(), topic),
                Column::new("documents".into(), docs),
                Column::new("period_documents".into(), total),
                Column::new("share".into(), share),
            ],
        )?)
    }

    /// The topics sorted by how fast their share rises: `topic`, `slope` (the slope of the
    /// least-squares line of the share against the period number — months, quarters or years
    /// counted from any origin — over the periods having documents: the share gained per
    /// period), `first_share` and `last_share` (first and last such period). An error if
    /// fewer than 2 periods have documents.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let docs = df!("d" => ["2025-01-05", "2025-01-06", "2025-02-01", "2025-03-01"],
    ///                "t" => ["kafka", "rgpd", "kafka", "kafka"]).unwrap();
    /// let r = topic_counts(&docs, "t", "d", &[("privacy", "rgpd"), ("streaming", "kafka")])
    ///     .unwrap().rising().unwrap();
    /// // streaming: shares 0.5, 1, 1 in months 0, 1, 2 → slope 0.25
    /// assert_eq!(r.column("topic").unwrap().str().unwrap().get(0), Some("streaming"));
    /// let slope = r.column("slope").unwrap().f64().unwrap().get(0).unwrap();
    /// assert!((slope - 0.25).abs() < 1e-12);
    /// ```
    pub fn rising(&self) -> Result<DataFrame> {
        let out = self.trends()?;
        Ok(DataFrame::new(
            out.len(),
            vec![
                Column::new(
                    "topic".into(),
                    out.iter().map(|o| o.0.clone()).collect::<Vec<_>>(),
                ),
                Column::new("slope".into(), out.iter().map(|o| o.1).collect::<Vec<_>>()),
                Column::new(
                    "first_share".into(),
                    out.iter().map(|o| o.2).collect::<Vec<_>>(),
                ),
                Column::new(
                    "last_share".into(),
                    out.iter().map(|o| o.3).collect::<Vec<_>>(),
                ),
            ],
        )?)
    }

    /// (topic, slope, first share, last share), the fastest rising first.
    fn trends(&self) -> Result<Vec<(String, f64, f64, f64)>> {
        let rows = self.rows();
        if rows.len() < 2 {
            return Err(SdiaError::NotEnoughData {
                what: "periods with documents (to fit a trend)".into(),
                needed: 2,
                got: rows.len(),
            });
        }
        // Period numbers counted from the first period (same slope, smaller rounding errors).
        let origin = rows[0].ordinal;
        let x = |r: &Row| (r.ordinal - origin) as f64;
        let n = rows.len() as f64;
        let mean_x = rows.iter().map(x).sum::<f64>() / n;
        let sxx: f64 = rows.iter().map(|r| (x(r) - mean_x).powi(2)).sum();
        let share = |r: &Row, t: usize| f64::from(r.counts[t]) / f64::from(r.total);
        let mut out: Vec<(String, f64, f64, f64)> = (0..self.topics.len())
            .map(|t| {
                let mean_y = rows.iter().map(|r| share(r, t)).sum::<f64>() / n;
                let sxy: f64 = rows
                    .iter()
                    .map(|r| (x(r) - mean_x) * (share(r, t) - mean_y))
                    .sum();
                let first = rows.first().map_or(0.0, |r| share(r, t));
                let last = rows.last().map_or(0.0, |r| share(r, t));
                (self.topics[t].clone(), sxy / sxx, first, last)
            })
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        Ok(out)
    }

    /// One line per topic: its share of each period's documents, against the period's start.
    pub fn trend_chart(&self) -> Result<Plot> {
        let rows = self.rows();
        let starts: Vec<i64> = rows.iter().map(|r| r.start).collect();
        let mut columns = vec![date_series("period_start", &starts)?];
        for (t, name) in self.topics.iter().enumerate() {
            let shares: Vec<f64> = rows
                .iter()
                .map(|r| f64::from(r.counts[t]) / f64::from(r.total))
                .collect();
            columns.push(Column::new(name.as_str().into(), shares));
        }
        let df = DataFrame::new(rows.len(), columns)?;
        let names: Vec<&str> = self.topics.iter().map(String::as_str).collect();
        Ok(line_chart(&df, "period_start", &names)?
            .title("Share of the documents mentioning each topic")
            .x_label("period")
            .y_label("share of the period's documents"))
    }
}

impl RichDisplay for TopicCounts {
    fn mime_bundle(&self) -> MimeBundle {
        let mut rows = vec![
            ("documents", self.documents().to_string()),
            ("topics", self.topics.join(", ")),
            ("periods with documents", self.rows().len().to_string()),
        ];
        if let Some((topic, slope, _, _)) = self.trends().ok().and_then(|t| t.into_iter().next()) {
            rows.push((
                "fastest rising",
                format!("{topic} ({} per period)", format_number(slope)),
            ));
        }
        summary_bundle("Topic counts", &rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_and_word_boundaries() {
        assert_eq!(fold("Qualité DES Données, Ça"), "qualite des donnees, ca");
        assert!(contains_word(
            "la qualite des donnees.",
            "qualite des donnees"
        ));
        assert!(contains_word("llm", "llm"));
        assert!(!contains_word("llms rock", "llm"));
        assert!(!contains_word("mllm", "llm"));
        assert!(contains_word("(llm)", "llm"));
        assert!(contains_word("mlops/llm-ops", "llm"));
        assert!(!contains_word("my_llm", "llm"));
    }

    fn docs() -> DataFrame {
        df!(
            "date" => ["2025-01-15", "2025-02-01", "2025-04-02", "2025-05-05", "2025-06-30", "2026-01-01"],
            "text" => ["RGPD et LLM", "Kafka", "kafka, LLM", "Données personnelles", "LLM", "streaming"],
        )
        .unwrap()
    }

    #[test]
    fn quarters_by_hand() {
        let topics = df!("topic" => ["privacy", "llm", "stream", "privacy"],
                         "keywords" => ["rgpd", "LLM", "kafka; streaming", "données personnelles"])
        .unwrap();
        let c = topic_counts(&docs(), "text", "date", &topics)
            .unwrap()
            .period("quarter")
            .unwrap();
        assert_eq!(c.topics(), ["privacy", "llm", "stream"]);
        let t = c.table().unwrap();
        // Quarters with documents: 2025-Q1 (2 docs), 2025-Q2 (3), 2026-Q1 (1); 3 topics each.
        assert_eq!(t.height(), 9);
        let docs: Vec<u32> = t
            .column("documents")
            .unwrap()
            .u32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(docs, [1, 1, 1, 1, 2, 1, 0, 0, 1]);
        let labels: Vec<&str> = t
            .column("period")
            .unwrap()
            .str()
            .unwrap()
            .no_null_iter()
            .collect();
        assert_eq!(labels[0], "2025-Q1");
        assert_eq!(labels[8], "2026-Q1");
        // stream shares: 1/2, 1/3, 1 at quarters x = 0, 1, 4 (ordinals from 2025-Q1):
        // mean x = 5/3, mean y = 11/18; sxx = 25/9 + 4/9 + 49/9 = 78/9;
        // sxy = (−5/3)(1/2 − 11/18) + (−2/3)(1/3 − 11/18) + (7/3)(1 − 11/18)
        //     = (−5/3)(−2/18) + (−2/3)(−5/18) + (7/3)(7/18) = (10 + 10 + 49)/54 = 69/54.
        let r = c.rising().unwrap();
        assert_eq!(
            r.column("topic").unwrap().str().unwrap().get(0),
            Some("stream")
        );
        let slope = r.column("slope").unwrap().f64().unwrap().get(0).unwrap();
        assert!(
            (slope - (69.0 / 54.0) / (78.0 / 9.0)).abs() < 1e-12,
            "{slope}"
        );
        assert!(
            c.trend_chart()
                .unwrap()
                .to_svg()
                .unwrap()
                .contains("stream")
        );
        assert!(c.mime_bundle()[0].1.contains("fastest rising"));
        let by_year = c.clone().period("année").unwrap().table().unwrap();
        assert_eq!(by_year.height(), 6);
        assert_eq!(c.documents(), 6);
    }

    #[test]
    fn bad_input() {
        let e = topic_counts(&docs(), "text", "date", &[("x", " ; ")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("'x'"), "{e}");
        let e = topic_counts(&docs(), "text", "date", &[("x", "-ops")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("-ops"), "{e}");
        let e = topic_counts(&docs(), "body", "date", &[("x", "a")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("text, date") || e.contains("date, text"), "{e}");
        let bad = df!("date" => ["2025-13-01"], "text" => ["a"]).unwrap();
        assert!(
            topic_counts(&bad, "text", "date", &[("x", "a")])
                .unwrap_err()
                .to_string()
                .contains("row 0")
        );
        let one = df!("date" => ["2025-01-01"], "text" => ["a"]).unwrap();
        assert!(
            topic_counts(&one, "text", "date", &[("x", "a")])
                .unwrap()
                .rising()
                .is_err()
        );
        let empty: Vec<(&str, &str)> = Vec::new();
        assert!(topic_counts(&one, "text", "date", &empty).is_err());
    }
}
