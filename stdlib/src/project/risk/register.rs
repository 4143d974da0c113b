//! [`RiskRegister`]: a project's risks scored for severity, occurrence and detection, ranked by
//! criticality (the FMEA risk priority number).

use super::scores::{Scale, optional_text, order_descending, ranks_descending, score_column};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::project::checks;
use polars::prelude::*;

/// A risk register read from a DataFrame: each risk scored on a scale (default 1–10) for
/// **severity** (how bad if it happens), **occurrence** (how likely) and **detection** (how
/// hard to see coming: 1 = detected at once, the top of the scale = undetectable).
/// Its criticality is `severity × occurrence × detection` (the risk priority number, RPN, of
/// an FMEA).
///
/// Columns (one row per risk):
///
/// | column | type | |
/// |---|---|---|
/// | `id` | text | unique, e.g. `R1` |
/// | `risk` | text | what could happen |
/// | `severity`, `occurrence`, `detection` | numbers | scores on the scale |
/// | `category` | text, optional | e.g. `interne` / `externe` |
/// | `owner` | text, optional | who watches the risk |
///
/// Builders: [`scale`](RiskRegister::scale) (default 1–10) and
/// [`thresholds`](RiskRegister::thresholds) of the levels (default: `medium` from 10 % of the
/// largest possible criticality, `high` from 20 %: 100 and 200 on a 1–10 scale, 12.5 and 25
/// on a 1–5 scale). Scores are checked against the scale when a table or chart is made: a
/// score outside it is an error naming the risk, the value and the scale.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "id" => ["R1", "R2", "R3"],
///     "risk" => ["capteurs défaillants", "départ d'un expert", "retard du client"],
///     "severity" => [8, 6, 4],
///     "occurrence" => [7, 3, 5],
///     "detection" => [6, 5, 2],
/// ).unwrap();
/// let register = RiskRegister::from_frame(&df).unwrap();
/// let table = register.table().unwrap();
/// // R1: 8 × 7 × 6 = 336 (high), R2: 6 × 3 × 5 = 90 (low), R3: 4 × 5 × 2 = 40 (low).
/// let first = table.column("id").unwrap().str().unwrap().get(0).unwrap().to_string();
/// assert_eq!(first, "R1");
/// let rpn: Vec<f64> = table.column("criticality").unwrap().f64().unwrap().into_no_null_iter().collect();
/// assert_eq!(rpn, vec![336.0, 90.0, 40.0]);
/// // On a 1–5 scale, R1's severity 8 is refused.
/// let err = register.scale(1, 5).table().unwrap_err().to_string();
/// assert!(err.contains("R1") && err.contains("1–5"));
/// ```
#[derive(Debug, Clone)]
pub struct RiskRegister {
    pub(crate) ids: Vec<String>,
    pub(crate) risks: Vec<String>,
    pub(crate) severity: Vec<f64>,
    pub(crate) occurrence: Vec<f64>,
    pub(crate) detection: Vec<f64>,
    category: Option<Vec<String>>,
    owner: Option<Vec<String>>,
    pub(crate) scale: Scale,
    thresholds: Option<(f64, f64)>,
}

impl RiskRegister {
    /// Reads the register (columns above). Errors: a missing column (the message lists the
    /// frame's columns), no rows, an id twice, a missing score.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("id" => ["R1"], "risk" => ["x"], "severity" => [3]).unwrap();
    /// let err = RiskRegister::from_frame(&df).unwrap_err().to_string();
    /// assert!(err.contains("occurrence"));
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<RiskRegister> {
        frame::require_columns(df, &["id", "risk", "severity", "occurrence", "detection"])?;
        frame::require_rows(df, "the risk register has no rows: give one row per risk")?;
        let ids = checks::required_text(df, "id")?;
        checks::unique_ids(&ids, "risk")?;
        let risks = checks::required_text(df, "risk")?;
        Ok(RiskRegister {
            severity: score_column(df, "severity", &ids)?,
            occurrence: score_column(df, "occurrence", &ids)?,
            detection: score_column(df, "detection", &ids)?,
            category: optional_text(df, "category")?,
            owner: optional_text(df, "owner")?,
            ids,
            risks,
            scale: Scale::new(1, 10),
            thresholds: None,
        })
    }

    /// The scale of the scores, `low`–`high` (default 1–10).
    pub fn scale(mut self, low: u32, high: u32) -> RiskRegister {
        self.scale = Scale::new(low, high);
        self
    }

    /// The criticality from which a risk is `medium` and from which it is `high` (see the
    /// defaults above); `medium < high` is required.
    pub fn thresholds(mut self, medium: f64, high: f64) -> RiskRegister {
        self.thresholds = Some((medium, high));
        self
    }

    /// The risk ids, in the frame's order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }

    /// The thresholds `(medium, high)` in use.
    pub fn level_thresholds(&self) -> (f64, f64) {
        self.thresholds.unwrap_or_else(|| {
            let top = self.scale.high.powi(3);
            (0.1 * top, 0.2 * top)
        })
    }

    /// Checks the scale, the scores and the thresholds.
    pub(crate) fn validate(&self) -> Result<()> {
        self.scale.check()?;
        self.scale
            .check_all(&self.severity, "severity", &self.ids)?;
        self.scale
            .check_all(&self.occurrence, "occurrence", &self.ids)?;
        self.scale
            .check_all(&self.detection, "detection", &self.ids)?;
        let (medium, high) = self.level_thresholds();
        if !(medium.is_finite() && high.is_finite() && medium < high) {
            return Err(SdiaError::InvalidInput(format!(
                "thresholds ({medium}, {high}): the medium threshold must be a number below \
                 the high one, e.g. .thresholds(100.0, 200.0)"
            )));
        }
        Ok(())
    }

    /// The criticality (severity × occurrence × detection) of each risk, in the frame's order.
    pub(crate) fn criticalities(&self) -> Vec<f64> {
        (0..self.ids.len())
            .map(|i| self.severity[i] * self.occurrence[i] * self.detection[i])
            .collect()
    }

    /// The level of a criticality: `low`, `medium` or `high`.
    pub(crate) fn level(&self, criticality: f64) -> &'static str {
        let (medium, high) = self.level_thresholds();
        if criticality >= high {
            "high"
        } else if criticality >= medium {
            "medium"
        } else {
            "low"
        }
    }

    /// The register ranked by criticality, the most critical first (ties keep the frame's
    /// order and share their rank, as pandas' `rank(method="min")`). Columns: `rank`, `id`,
    /// `risk`, `category` and `owner` (when given), `severity`, `occurrence`, `detection`,
    /// `criticality` and `level` (`low` / `medium` / `high`).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "id" => ["A", "B"], "risk" => ["a", "b"],
    ///     "severity" => [2, 5], "occurrence" => [2, 4], "detection" => [2, 3],
    /// ).unwrap();
    /// // A: 2·2·2 = 8, B: 5·4·3 = 60; on 1–5 the thresholds are 12.5 and 25.
    /// let t = RiskRegister::from_frame(&df).unwrap().scale(1, 5).table().unwrap();
    /// let levels: Vec<&str> = t.column("level").unwrap().str().unwrap().iter().flatten().collect();
    /// assert_eq!(levels, vec!["high", "low"]);
    /// ```
    pub fn table(&self) -> Result<DataFrame> {
        self.validate()?;
        let crit = self.criticalities();
        let ranks = ranks_descending(&crit);
        let order = order_descending(&crit);
        let pick_text =
            |v: &[String]| -> Vec<String> { order.iter().map(|&i| v[i].clone()).collect() };
        let pick = |v: &[f64]| -> Vec<f64> { order.iter().map(|&i| v[i]).collect() };
        let mut columns = vec![
            Column::new(
                "rank".into(),
                order.iter().map(|&i| ranks[i]).collect::<Vec<u32>>(),
            ),
            Column::new("id".into(), pick_text(&self.ids)),
            Column::new("risk".into(), pick_text(&self.risks)),
        ];
        if let Some(category) = &self.category {
            columns.push(Column::new("category".into(), pick_text(category)));
        }
        if let Some(owner) = &self.owner {
            columns.push(Column::new("owner".into(), pick_text(owner)));
        }
        columns.push(Column::new("severity".into(), pick(&self.severity)));
        columns.push(Column::new("occurrence".into(), pick(&self.occurrence)));
        columns.push(Column::new("detection".into(), pick(&self.detection)));
        columns.push(Column::new("criticality".into(), pick(&crit)));
        let levels: Vec<&str> = order.iter().map(|&i| self.level(crit[i])).collect();
        columns.push(Column::new("level".into(), levels));
        Ok(DataFrame::new(order.len(), columns)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn register() -> RiskRegister {
        let df = df!(
            "id" => ["R1", "R2", "R3", "R4"],
            "risk" => ["a", "b", "c", "d"],
            "severity" => [9, 4, 5, 2],
            "occurrence" => [3, 5, 4, 2],
            "detection" => [4, 6, 3, 1],
            "category" => ["interne", "externe", "interne", "externe"],
        )
        .unwrap();
        RiskRegister::from_frame(&df).unwrap()
    }

    #[test]
    fn table_ranks_by_rpn_with_levels() {
        // R1 9·3·4 = 108 (medium ≥ 100), R2 4·5·6 = 120 (medium), R3 5·4·3 = 60, R4 2·2·1 = 4.
        let t = register().table().unwrap();
        let ids: Vec<&str> = t
            .column("id")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(ids, vec!["R2", "R1", "R3", "R4"]);
        let crit: Vec<f64> = t
            .column("criticality")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(crit, vec![120.0, 108.0, 60.0, 4.0]);
        let levels: Vec<&str> = t
            .column("level")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(levels, vec!["medium", "medium", "low", "low"]);
        assert!(t.column("category").is_ok() && t.column("owner").is_err());
        // Custom thresholds: high from 110.
        let t = register().thresholds(50.0, 110.0).table().unwrap();
        let levels: Vec<&str> = t
            .column("level")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(levels, vec!["high", "medium", "medium", "low"]);
    }

    #[test]
    fn ties_share_a_rank() {
        let df = df!(
            "id" => ["A", "B", "C"], "risk" => ["a", "b", "c"],
            "severity" => [2, 3, 1], "occurrence" => [3, 2, 1], "detection" => [1, 1, 1],
        )
        .unwrap();
        // A = B = 6, C = 1: ranks 1, 1, 3.
        let t = RiskRegister::from_frame(&df).unwrap().table().unwrap();
        let ranks: Vec<u32> = t
            .column("rank")
            .unwrap()
            .u32()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(ranks, vec![1, 1, 3]);
    }

    #[test]
    fn bad_input_is_named() {
        let err = register().scale(1, 5).table().unwrap_err().to_string();
        assert!(
            err.contains("severity of 'R1' is 9") && err.contains("1–5"),
            "{err}"
        );
        assert!(register().thresholds(200.0, 100.0).table().is_err());
        assert!(register().scale(3, 3).table().is_err());
        let df = df!("id" => ["A", "A"], "risk" => ["a", "b"], "severity" => [1, 1],
            "occurrence" => [1, 1], "detection" => [1, 1])
        .unwrap();
        assert!(
            RiskRegister::from_frame(&df)
                .unwrap_err()
                .to_string()
                .contains("'A'")
        );
        let df = df!("id" => ["A"], "risk" => ["a"], "severity" => [None::<i32>],
            "occurrence" => [1], "detection" => [1])
        .unwrap();
        let err = RiskRegister::from_frame(&df).unwrap_err().to_string();
        assert!(err.contains("severity") && err.contains("'A'"), "{err}");
        let empty = df!("id" => Vec::<&str>::new(), "risk" => Vec::<&str>::new(),
            "severity" => Vec::<i32>::new(), "occurrence" => Vec::<i32>::new(),
            "detection" => Vec::<i32>::new())
        .unwrap();
        assert!(RiskRegister::from_frame(&empty).is_err());
    }
}
