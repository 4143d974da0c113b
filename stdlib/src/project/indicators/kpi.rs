//! [`Kpis`]: key performance indicators against their targets, with a traffic light each.

use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::plot::{Plot, bar_chart};
use crate::project::checks::{non_negative, required_numbers, required_text, unique_ids};
use crate::table::{escape_html, format_number};
use polars::prelude::*;
use std::fmt::Write;

/// Which way a KPI is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// More is better (availability, accuracy…): the target is a floor.
    Higher,
    /// Less is better (latency, error, cost…): the target is a ceiling.
    Lower,
}

impl Direction {
    /// `"higher"` or `"lower"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        }
    }
}

/// The traffic light of a KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The target is met.
    Green,
    /// The target is missed by no more than the tolerance.
    Amber,
    /// The target is missed by more than the tolerance.
    Red,
}

impl Status {
    /// `"green"`, `"amber"` or `"red"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Green => "green",
            Status::Amber => "amber",
            Status::Red => "red",
        }
    }

    /// The colour of the light (CSS hex).
    pub fn color(self) -> &'static str {
        match self {
            Status::Green => "#2e9e44",
            Status::Amber => "#f0a500",
            Status::Red => "#d62728",
        }
    }
}

/// One KPI of a [`Kpis`] table.
#[derive(Debug, Clone, PartialEq)]
pub struct Kpi {
    /// Its name.
    pub name: String,
    /// The target value.
    pub target: f64,
    /// The measured value.
    pub actual: f64,
    /// Which way is better.
    pub direction: Direction,
    /// How far (relative to |target|) the target may be missed and still be amber.
    pub tolerance: f64,
    /// Its unit ("%", "ms"…), possibly empty.
    pub unit: String,
}

impl Kpi {
    /// `actual − target`.
    pub fn variance(&self) -> f64 {
        self.actual - self.target
    }

    /// `100 · (actual − target) / |target|`; `None` when the target is 0.
    pub fn variance_pct(&self) -> Option<f64> {
        (self.target != 0.0).then(|| 100.0 * self.variance() / self.target.abs())
    }

    /// Green when the target is met (`actual ≥ target` when higher is better, `actual ≤
    /// target` when lower is better), amber when it is missed by at most `tolerance · |target|`,
    /// red beyond.
    pub fn status(&self) -> Status {
        let margin = self.tolerance * self.target.abs();
        let shortfall = match self.direction {
            Direction::Higher => self.target - self.actual,
            Direction::Lower => self.actual - self.target,
        };
        if shortfall <= 0.0 {
            Status::Green
        } else if shortfall <= margin {
            Status::Amber
        } else {
            Status::Red
        }
    }
}

/// Key performance indicators, each with a target, a measured value and a traffic light.
///
/// Columns of the frame:
/// - `kpi` (text): the name of each KPI, unique;
/// - `target`, `actual` (numbers);
/// - `direction` (text): `"higher"` or `"lower"` is better (French `"hausse"` / `"baisse"`
///   are accepted, any case);
/// - `tolerance` (number, optional, default [`Kpis::DEFAULT_TOLERANCE`] = 0.05): a missed
///   target is amber when it is missed by at most `tolerance · |target|`, red beyond;
/// - `unit` (text, optional).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "kpi" => ["availability", "latency p95"],
///     "target" => [99.5, 300.0],
///     "actual" => [99.0, 280.0],
///     "direction" => ["higher", "lower"],
/// ).unwrap();
/// let kpis = Kpis::from_frame(&df).unwrap();
/// // availability misses by 0.5 ≤ 0.05 · 99.5 = 4.975: amber; the latency is under its ceiling.
/// let status: Vec<&str> = kpis.iter().map(|k| k.status().as_str()).collect();
/// assert_eq!(status, ["amber", "green"]);
/// ```
#[derive(Debug, Clone)]
pub struct Kpis {
    kpis: Vec<Kpi>,
}

fn direction_of(text: &str, kpi: &str) -> Result<Direction> {
    match text.trim().to_lowercase().as_str() {
        "higher" | "hausse" => Ok(Direction::Higher),
        "lower" | "baisse" => Ok(Direction::Lower),
        other => Err(SdiaError::InvalidInput(format!(
            "direction of KPI '{kpi}' is '{other}': write \"higher\" (or \"hausse\") when more \
             is better, \"lower\" (or \"baisse\") when less is better"
        ))),
    }
}

impl Kpis {
    /// The tolerance used when the frame has no `tolerance` column (or a missing value): 5 %.
    pub const DEFAULT_TOLERANCE: f64 = 0.05;

    /// Reads and checks the KPI table (columns in the [type's documentation](Kpis)). Errors:
    /// a missing column, an empty table, a duplicate KPI, a missing number, an unknown
    /// direction or a negative tolerance, each naming the KPI.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("kpi" => ["MAPE"], "target" => [15.0], "actual" => [14.0],
    ///              "direction" => ["smaller"]).unwrap();
    /// let err = Kpis::from_frame(&df).unwrap_err().to_string();
    /// assert!(err.contains("MAPE") && err.contains("smaller"));
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<Kpis> {
        frame::require_columns(df, &["kpi", "target", "actual", "direction"])?;
        frame::require_rows(df, "the KPI table")?;
        let names = required_text(df, "kpi")?;
        unique_ids(&names, "KPI")?;
        let targets = required_numbers(df, "target", &names)?;
        let actuals = required_numbers(df, "actual", &names)?;
        let directions = required_text(df, "direction")?;
        let names_set = frame::names(df);
        let tolerances: Vec<Option<f64>> = if names_set.iter().any(|c| c == "tolerance") {
            frame::f64_options(df, "tolerance")?
        } else {
            vec![None; names.len()]
        };
        let units: Vec<Option<String>> = if names_set.iter().any(|c| c == "unit") {
            frame::labels(df, "unit")?
        } else {
            vec![None; names.len()]
        };
        let mut kpis = Vec::with_capacity(names.len());
        for (i, name) in names.iter().enumerate() {
            let tolerance = tolerances[i].unwrap_or(Kpis::DEFAULT_TOLERANCE);
            non_negative(tolerance, "tolerance", name)?;
            kpis.push(Kpi {
                name: name.clone(),
                target: targets[i],
                actual: actuals[i],
                direction: direction_of(&directions[i], name)?,
                tolerance,
                unit: units[i].clone().unwrap_or_default(),
            });
        }
        Ok(Kpis { kpis })
    }

    /// The number of KPIs.
    pub fn len(&self) -> usize {
        self.kpis.len()
    }

    /// True when there is no KPI (never, for a table read by [`Kpis::from_frame`]).
    pub fn is_empty(&self) -> bool {
        self.kpis.is_empty()
    }

    /// The KPIs, in the frame's order.
    pub fn iter(&self) -> std::slice::Iter<'_, Kpi> {
        self.kpis.iter()
    }

    /// The KPI of that name, if any.
    pub fn get(&self, name: &str) -> Option<&Kpi> {
        self.kpis.iter().find(|k| k.name == name)
    }

    /// How many KPIs have each status: `(green, amber, red)`.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("kpi" => ["a", "b", "c"], "target" => [10.0, 10.0, 10.0],
    ///              "actual" => [11.0, 9.8, 5.0],
    ///              "direction" => ["higher", "higher", "hausse"]).unwrap();
    /// assert_eq!(Kpis::from_frame(&df).unwrap().counts(), (1, 1, 1));
    /// ```
    pub fn counts(&self) -> (usize, usize, usize) {
        let count = |s: Status| self.kpis.iter().filter(|k| k.status() == s).count();
        (
            count(Status::Green),
            count(Status::Amber),
            count(Status::Red),
        )
    }

    /// The table: `kpi`, `unit`, `direction`, `target`, `actual`, `variance` (actual −
    /// target), `variance_pct` (100 · variance / |target|, null when the target is 0),
    /// `tolerance` and `status` (`"green"`, `"amber"`, `"red"`).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("kpi" => ["latency"], "target" => [200.0], "actual" => [250.0],
    ///              "direction" => ["lower"]).unwrap();
    /// let table = Kpis::from_frame(&df).unwrap().table().unwrap();
    /// let pct = table.column("variance_pct").unwrap().f64().unwrap().get(0);
    /// assert_eq!(pct, Some(25.0)); // 100 · 50 / 200
    /// ```
    pub fn table(&self) -> Result<DataFrame> {
        let k = &self.kpis;
        let columns = vec![
            Column::new(
                "kpi".into(),
                k.iter().map(|k| k.name.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                "unit".into(),
                k.iter().map(|k| k.unit.clone()).collect::<Vec<_>>(),
            ),
            Column::new(
                "direction".into(),
                k.iter().map(|k| k.direction.as_str()).collect::<Vec<_>>(),
            ),
            Column::new(
                "target".into(),
                k.iter().map(|k| k.target).collect::<Vec<_>>(),
            ),
            Column::new(
                "actual".into(),
                k.iter().map(|k| k.actual).collect::<Vec<_>>(),
            ),
            Column::new(
                "variance".into(),
                k.iter().map(Kpi::variance).collect::<Vec<_>>(),
            ),
            Column::new(
                "variance_pct".into(),
                k.iter().map(Kpi::variance_pct).collect::<Vec<_>>(),
            ),
            Column::new(
                "tolerance".into(),
                k.iter().map(|k| k.tolerance).collect::<Vec<_>>(),
            ),
            Column::new(
                "status".into(),
                k.iter().map(|k| k.status().as_str()).collect::<Vec<_>>(),
            ),
        ];
        Ok(DataFrame::new(k.len(), columns)?)
    }

    /// A bar per KPI: the actual value as a percentage of its target (100 = on target; above
    /// 100 is good when higher is better, bad when lower is better). A KPI whose target is 0
    /// has no bar.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("kpi" => ["availability"], "target" => [99.5], "actual" => [99.0],
    ///              "direction" => ["higher"]).unwrap();
    /// let svg = Kpis::from_frame(&df).unwrap().chart().unwrap().to_svg().unwrap();
    /// assert!(svg.contains("availability") && svg.contains("% of target"));
    /// ```
    pub fn chart(&self) -> Result<Plot> {
        let pct: Vec<Option<f64>> = self
            .kpis
            .iter()
            .map(|k| (k.target != 0.0).then(|| 100.0 * k.actual / k.target))
            .collect();
        let names: Vec<String> = self.kpis.iter().map(|k| k.name.clone()).collect();
        let df = DataFrame::new(
            names.len(),
            vec![
                Column::new("kpi".into(), names),
                Column::new("actual (% of target)".into(), pct),
            ],
        )?;
        Ok(bar_chart(&df, "kpi", "actual (% of target)")?
            .title("KPIs: actual value as % of target (100 = target)"))
    }

    /// The traffic-light table as an HTML fragment (what the notebook and the dashboard show).
    pub(crate) fn html(&self) -> String {
        let mut html = String::from(
            "<table class=\"dataframe sdia-kpis\"><thead><tr><th>KPI</th><th>target</th>\
             <th>actual</th><th>variance</th><th>status</th></tr></thead><tbody>",
        );
        for k in &self.kpis {
            let status = k.status();
            let unit = if k.unit.is_empty() {
                String::new()
            } else {
                format!(" {}", escape_html(&k.unit))
            };
            let pct = k
                .variance_pct()
                .map(|p| format!(" ({p:+.1} %)"))
                .unwrap_or_default();
            let _ = write!(
                html,
                "<tr><td style=\"text-align:left\">{name}</td><td>{} {target}{unit}</td>\
                 <td>{actual}{unit}</td><td>{variance}{pct}</td>\
                 <td style=\"text-align:left\"><span style=\"color:{color};font-size:1.3em\">●</span> {status}</td></tr>",
                if k.direction == Direction::Higher {
                    "≥"
                } else {
                    "≤"
                },
                name = escape_html(&k.name),
                target = format_number(k.target),
                actual = format_number(k.actual),
                variance = format_number(k.variance()),
                color = status.color(),
                status = status.as_str(),
            );
        }
        html.push_str("</tbody></table>");
        html
    }

    /// The traffic-light table as plain text.
    pub(crate) fn text(&self) -> String {
        let width = self
            .kpis
            .iter()
            .map(|k| k.name.chars().count())
            .max()
            .unwrap_or(0);
        let mut text = String::new();
        for k in &self.kpis {
            let _ = writeln!(
                text,
                "  {:<width$}  {:<5}  actual {} vs target {} {}",
                k.name,
                k.status().as_str(),
                format_number(k.actual),
                if k.direction == Direction::Higher {
                    "≥"
                } else {
                    "≤"
                },
                format_number(k.target),
            );
        }
        text
    }
}

impl RichDisplay for Kpis {
    fn mime_bundle(&self) -> MimeBundle {
        let (g, a, r) = self.counts();
        let title = format!("KPIs: {g} green, {a} amber, {r} red");
        vec![
            ("text/plain".into(), format!("{title}\n{}", self.text())),
            (
                "text/html".into(),
                format!(
                    "<div class=\"sdia-summary\"><strong>{}</strong>{}</div>",
                    escape_html(&title),
                    self.html()
                ),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kpis() -> Kpis {
        let df = df!(
            "kpi" => ["avail", "mape", "fresh", "zero"],
            "target" => [99.5, 15.0, 60.0, 0.0],
            "actual" => [93.0, 15.5, 60.0, 1.0],
            "direction" => ["Higher", "baisse", "lower", "lower"],
            "tolerance" => [Some(0.05), None, Some(0.0), Some(0.1)],
            "unit" => ["%", "%", "min", ""],
        )
        .unwrap();
        Kpis::from_frame(&df).unwrap()
    }

    #[test]
    fn statuses_by_hand() {
        let k = kpis();
        // avail: misses by 6.5 > 0.05 · 99.5 = 4.975 → red.
        // mape: misses by 0.5 ≤ 0.05 · 15 = 0.75 (default tolerance) → amber.
        // fresh: exactly on target → green. zero: target 0, margin 0, misses by 1 → red.
        let s: Vec<Status> = k.iter().map(Kpi::status).collect();
        assert_eq!(s, [Status::Red, Status::Amber, Status::Green, Status::Red]);
        assert_eq!(k.counts(), (1, 1, 2));
        let t = k.table().unwrap();
        let pct: Vec<Option<f64>> = t
            .column("variance_pct")
            .unwrap()
            .f64()
            .unwrap()
            .iter()
            .collect();
        // avail: 100 · (93 − 99.5) / 99.5 = −6.5327 %; zero target: null.
        assert!((pct[0].unwrap() + 650.0 / 99.5).abs() < 1e-9);
        assert_eq!(pct[3], None);
        let status: Vec<&str> = t
            .column("status")
            .unwrap()
            .str()
            .unwrap()
            .no_null_iter()
            .collect();
        assert_eq!(status, ["red", "amber", "green", "red"]);
        assert_eq!(k.get("mape").unwrap().tolerance, 0.05);
    }

    #[test]
    fn display_and_chart() {
        let k = kpis();
        let bundle = k.mime_bundle();
        assert_eq!(bundle[0].0, "text/plain");
        assert!(bundle[0].1.contains("1 green, 1 amber, 2 red"));
        assert!(bundle[1].1.contains("#d62728") && bundle[1].1.contains("●"));
        let svg = k.chart().unwrap().to_svg().unwrap();
        assert!(svg.contains("mape"));
    }

    #[test]
    fn bad_input_is_named() {
        let base = |dir: &str, tol: f64| {
            df!("kpi" => ["x", "y"], "target" => [1.0, 2.0], "actual" => [1.0, 2.0],
                "direction" => ["higher", dir], "tolerance" => [0.1, tol])
            .unwrap()
        };
        let e = Kpis::from_frame(&base("up", 0.1)).unwrap_err().to_string();
        assert!(e.contains("'y'") && e.contains("up"), "{e}");
        let e = Kpis::from_frame(&base("lower", -0.1))
            .unwrap_err()
            .to_string();
        assert!(e.contains("'y'") && e.contains("tolerance"), "{e}");
        let no_actual = df!("kpi" => ["x"], "target" => [1.0], "direction" => ["higher"]).unwrap();
        let e = Kpis::from_frame(&no_actual).unwrap_err().to_string();
        assert!(e.contains("actual"), "{e}");
        let empty = base("lower", 0.1).head(Some(0));
        assert!(Kpis::from_frame(&empty).is_err());
        let dup = df!("kpi" => ["x", "x"], "target" => [1.0, 2.0], "actual" => [1.0, 2.0],
                      "direction" => ["higher", "lower"])
        .unwrap();
        assert!(
            Kpis::from_frame(&dup)
                .unwrap_err()
                .to_string()
                .contains("twice")
        );
        let missing = df!("kpi" => ["x"], "target" => [None::<f64>], "actual" => [1.0],
                          "direction" => ["higher"])
        .unwrap();
        assert!(
            Kpis::from_frame(&missing)
                .unwrap_err()
                .to_string()
                .contains("'x'")
        );
    }
}
