//! Mitigation actions ([`Mitigations`]) and their effect on a register ([`MitigationPlan`]):
//! criticality before and after each action, and its reduction per 1,000 €.

use super::register::RiskRegister;
use super::scores::score_column;
use crate::error::Result;
use crate::frame;
use crate::plot::{Plot, XyChart};
use crate::project::checks;
use polars::prelude::*;
use std::collections::{HashMap, HashSet};

/// Mitigation actions read from a DataFrame, one row per action:
///
/// | column | type | |
/// |---|---|---|
/// | `risk` | text | the id of the risk it treats (in the register) |
/// | `action` | text | unique name of the action |
/// | `cost` | number ≥ 0 | in euros |
/// | `severity_after`, `occurrence_after`, `detection_after` | numbers | the risk's scores once the action is done, on the register's scale |
///
/// Several actions may treat the same risk: they are alternatives (see
/// [`MitigationPlan::best_under`]). The risk ids and the scores are checked against the
/// register by [`RiskRegister::mitigate`].
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "risk" => ["R1"], "action" => ["double capteurs"], "cost" => [-5.0],
///     "severity_after" => [8], "occurrence_after" => [3], "detection_after" => [2],
/// ).unwrap();
/// let err = Mitigations::from_frame(&df).unwrap_err().to_string();
/// assert!(err.contains("double capteurs") && err.contains("-5"));
/// ```
#[derive(Debug, Clone)]
pub struct Mitigations {
    pub(crate) risks: Vec<String>,
    pub(crate) actions: Vec<String>,
    pub(crate) costs: Vec<f64>,
    pub(crate) severity: Vec<f64>,
    pub(crate) occurrence: Vec<f64>,
    pub(crate) detection: Vec<f64>,
}

impl Mitigations {
    /// Reads the actions (columns above). Errors: a missing column, no rows, an action name
    /// twice, a missing value, a negative cost (each names the action).
    pub fn from_frame(df: &DataFrame) -> Result<Mitigations> {
        frame::require_columns(
            df,
            &[
                "risk",
                "action",
                "cost",
                "severity_after",
                "occurrence_after",
                "detection_after",
            ],
        )?;
        frame::require_rows(
            df,
            "the mitigation table has no rows: give one row per action",
        )?;
        let actions = checks::required_text(df, "action")?;
        checks::unique_ids(&actions, "action")?;
        let risks = checks::required_text(df, "risk")?;
        let costs = checks::required_numbers(df, "cost", &actions)?;
        for (cost, action) in costs.iter().zip(&actions) {
            checks::non_negative(*cost, "cost", action)?;
        }
        Ok(Mitigations {
            severity: score_column(df, "severity_after", &actions)?,
            occurrence: score_column(df, "occurrence_after", &actions)?,
            detection: score_column(df, "detection_after", &actions)?,
            risks,
            actions,
            costs,
        })
    }

    /// The action names, in the frame's order.
    pub fn actions(&self) -> &[String] {
        &self.actions
    }
}

/// A register with its mitigation actions (made by [`RiskRegister::mitigate`]): each action's
/// criticality before and after, and the best set of actions under a budget
/// ([`best_under`](MitigationPlan::best_under)).
#[derive(Debug, Clone)]
pub struct MitigationPlan {
    pub(crate) register: RiskRegister,
    pub(crate) mitigations: Mitigations,
    /// For each action, the position of its risk in the register.
    pub(crate) risk_of: Vec<usize>,
    /// Criticality of each risk without any action.
    pub(crate) before: Vec<f64>,
    /// Criticality of each action's risk once the action is done.
    pub(crate) after: Vec<f64>,
}

impl RiskRegister {
    /// Joins mitigation actions to the register. Errors: a score of the register or of an
    /// action outside the scale (naming the risk or the action), an action whose risk id is
    /// not in the register (naming the action and listing the known ids).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let risks = df!("id" => ["R1"], "risk" => ["capteurs"], "severity" => [8],
    ///     "occurrence" => [7], "detection" => [6]).unwrap();
    /// let actions = df!("risk" => ["R9"], "action" => ["audit"], "cost" => [1000.0],
    ///     "severity_after" => [8], "occurrence_after" => [3], "detection_after" => [2]).unwrap();
    /// let register = RiskRegister::from_frame(&risks).unwrap();
    /// let err = register.mitigate(&Mitigations::from_frame(&actions).unwrap()).unwrap_err();
    /// assert!(err.to_string().contains("audit") && err.to_string().contains("R9"));
    /// ```
    pub fn mitigate(&self, mitigations: &Mitigations) -> Result<MitigationPlan> {
        self.validate()?;
        let known: HashSet<&str> = self.ids.iter().map(String::as_str).collect();
        let position: HashMap<&str, usize> = self
            .ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let m = mitigations;
        let mut risk_of = Vec::with_capacity(m.actions.len());
        for (risk, action) in m.risks.iter().zip(&m.actions) {
            checks::known_id(risk, &known, "risk", &format!("action '{action}'"))?;
            risk_of.push(position.get(risk.as_str()).copied().unwrap_or(0));
        }
        self.scale
            .check_all(&m.severity, "severity_after", &m.actions)?;
        self.scale
            .check_all(&m.occurrence, "occurrence_after", &m.actions)?;
        self.scale
            .check_all(&m.detection, "detection_after", &m.actions)?;
        let after = (0..m.actions.len())
            .map(|a| m.severity[a] * m.occurrence[a] * m.detection[a])
            .collect();
        Ok(MitigationPlan {
            register: self.clone(),
            mitigations: m.clone(),
            risk_of,
            before: self.criticalities(),
            after,
        })
    }
}

impl MitigationPlan {
    /// The reduction of criticality brought by action `a` (negative if it makes things worse).
    pub(crate) fn reduction(&self, a: usize) -> f64 {
        self.before[self.risk_of[a]] - self.after[a]
    }

    /// One row per action, in the frame's order: `risk`, `action`, `cost`,
    /// `criticality_before`, `criticality_after`, `reduction` (before − after) and
    /// `reduction_per_1000` (reduction per 1,000 € spent; null for a free action).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let risks = df!("id" => ["R1"], "risk" => ["capteurs"], "severity" => [8],
    ///     "occurrence" => [7], "detection" => [6]).unwrap();
    /// let actions = df!("risk" => ["R1"], "action" => ["double capteurs"], "cost" => [4000.0],
    ///     "severity_after" => [8], "occurrence_after" => [3], "detection_after" => [2]).unwrap();
    /// let plan = RiskRegister::from_frame(&risks).unwrap()
    ///     .mitigate(&Mitigations::from_frame(&actions).unwrap()).unwrap();
    /// let t = plan.table().unwrap();
    /// // 8·7·6 = 336 → 8·3·2 = 48: reduction 288, i.e. 72 per 1,000 € over 4,000 €.
    /// assert_eq!(t.column("reduction").unwrap().f64().unwrap().get(0), Some(288.0));
    /// assert_eq!(t.column("reduction_per_1000").unwrap().f64().unwrap().get(0), Some(72.0));
    /// ```
    pub fn table(&self) -> Result<DataFrame> {
        let m = &self.mitigations;
        let n = m.actions.len();
        let risks: Vec<&str> = self
            .risk_of
            .iter()
            .map(|&r| self.register.ids[r].as_str())
            .collect();
        let before: Vec<f64> = self.risk_of.iter().map(|&r| self.before[r]).collect();
        let reduction: Vec<f64> = (0..n).map(|a| self.reduction(a)).collect();
        let per_1000: Vec<Option<f64>> = (0..n)
            .map(|a| (m.costs[a] > 0.0).then(|| reduction[a] / m.costs[a] * 1000.0))
            .collect();
        Ok(DataFrame::new(
            n,
            vec![
                Column::new("risk".into(), risks),
                Column::new("action".into(), m.actions.clone()),
                Column::new("cost".into(), m.costs.clone()),
                Column::new("criticality_before".into(), before),
                Column::new("criticality_after".into(), self.after.clone()),
                Column::new("reduction".into(), reduction),
                Column::new("reduction_per_1000".into(), per_1000),
            ],
        )?)
    }

    /// The criticality of each risk after its most effective action (no budget limit): the
    /// residual risk if every risk got its best treatment.
    pub(crate) fn best_after(&self) -> Vec<f64> {
        let mut after = self.before.clone();
        for (a, &r) in self.risk_of.iter().enumerate() {
            after[r] = after[r].min(self.after[a]);
        }
        after
    }

    /// Criticality before (the register) and after (each risk's most effective action, with
    /// no budget limit) per risk, the most critical first: a dumbbell chart, risk ids written
    /// above their bars. [`MitigationChoice::residual_chart`](super::MitigationChoice::residual_chart)
    /// draws the same for the actions chosen under a budget.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let risks = df!("id" => ["R1", "R2"], "risk" => ["a", "b"], "severity" => [8, 3],
    ///     "occurrence" => [7, 3], "detection" => [6, 3]).unwrap();
    /// let actions = df!("risk" => ["R1"], "action" => ["x"], "cost" => [4000.0],
    ///     "severity_after" => [8], "occurrence_after" => [3], "detection_after" => [2]).unwrap();
    /// let plan = RiskRegister::from_frame(&risks).unwrap()
    ///     .mitigate(&Mitigations::from_frame(&actions).unwrap()).unwrap();
    /// assert!(plan.residual_chart().unwrap().to_svg().unwrap().contains("after"));
    /// ```
    pub fn residual_chart(&self) -> Result<Plot> {
        residual_plot(
            &self.register.ids,
            &self.before,
            &self.best_after(),
            "Criticality before and after mitigation (best action per risk)",
        )
    }
}

/// The dumbbell chart of criticality before and after, per risk (x: the risks ranked by
/// criticality before; y: criticality).
pub(crate) fn residual_plot(
    ids: &[String],
    before: &[f64],
    after: &[f64],
    title: &str,
) -> Result<Plot> {
    let order = super::scores::order_descending(before);
    let mut chart = XyChart::new();
    let segments: Vec<_> = order
        .iter()
        .enumerate()
        .map(|(x, &i)| ((x as f64 + 1.0, before[i]), (x as f64 + 1.0, after[i])))
        .collect();
    let points = |v: &[f64]| -> Vec<(f64, f64)> {
        order
            .iter()
            .enumerate()
            .map(|(x, &i)| (x as f64 + 1.0, v[i]))
            .collect()
    };
    chart = chart
        .segments("reduction", &segments)
        .points("before", &points(before))
        .points("after", &points(after));
    let top = before.iter().copied().fold(0.0, f64::max);
    for (x, &i) in order.iter().enumerate() {
        chart = chart.text(x as f64 + 0.85, before[i] + 0.04 * top.max(1.0), &ids[i]);
    }
    chart
        // Room on the right for the legend.
        .x_range(0.0, order.len() as f64 * 1.25 + 2.0)
        .y_range(0.0, top.max(1.0) * 1.12)
        .plot(title, "risks, most critical first", "criticality")
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn plan() -> MitigationPlan {
        let risks = df!(
            "id" => ["R1", "R2"], "risk" => ["a", "b"],
            "severity" => [8, 5], "occurrence" => [7, 4], "detection" => [6, 5],
        )
        .unwrap();
        let actions = df!(
            "risk" => ["R1", "R1", "R2"],
            "action" => ["A1", "A2", "A3"],
            "cost" => [4000.0, 0.0, 2500.0],
            "severity_after" => [8, 8, 5],
            "occurrence_after" => [3, 7, 2],
            "detection_after" => [2, 4, 5],
        )
        .unwrap();
        RiskRegister::from_frame(&risks)
            .unwrap()
            .mitigate(&Mitigations::from_frame(&actions).unwrap())
            .unwrap()
    }

    #[test]
    fn table_before_after_and_per_1000() {
        // R1 = 336, R2 = 100. A1: 8·3·2 = 48 → 288, 72 per k€; A2: 8·7·4 = 224 → 112, free;
        // A3: 5·2·5 = 50 → 50, 20 per k€ (50 / 2500 × 1000).
        let t = plan().table().unwrap();
        let red: Vec<f64> = t
            .column("reduction")
            .unwrap()
            .f64()
            .unwrap()
            .into_no_null_iter()
            .collect();
        assert_eq!(red, vec![288.0, 112.0, 50.0]);
        let per: Vec<Option<f64>> = t
            .column("reduction_per_1000")
            .unwrap()
            .f64()
            .unwrap()
            .iter()
            .collect();
        assert_eq!(per, vec![Some(72.0), None, Some(20.0)]);
        assert_eq!(plan().best_after(), vec![48.0, 50.0]);
        let svg = plan().residual_chart().unwrap().to_svg().unwrap();
        assert!(svg.contains("R1") && svg.contains("before"));
    }

    #[test]
    fn bad_actions_are_named() {
        let risks = df!("id" => ["R1"], "risk" => ["a"], "severity" => [4],
            "occurrence" => [4], "detection" => [4])
        .unwrap();
        let register = RiskRegister::from_frame(&risks).unwrap().scale(1, 5);
        let actions = df!("risk" => ["R1"], "action" => ["A1"], "cost" => [10.0],
            "severity_after" => [4], "occurrence_after" => [9], "detection_after" => [1])
        .unwrap();
        let err = register
            .mitigate(&Mitigations::from_frame(&actions).unwrap())
            .unwrap_err()
            .to_string();
        assert!(err.contains("occurrence_after of 'A1' is 9"), "{err}");
        let twice = df!("risk" => ["R1", "R1"], "action" => ["A", "A"], "cost" => [1.0, 2.0],
            "severity_after" => [1, 1], "occurrence_after" => [1, 1], "detection_after" => [1, 1])
        .unwrap();
        assert!(
            Mitigations::from_frame(&twice)
                .unwrap_err()
                .to_string()
                .contains("'A'")
        );
        let unknown = df!("risk" => ["R7"], "action" => ["B"], "cost" => [1.0],
            "severity_after" => [1], "occurrence_after" => [1], "detection_after" => [1])
        .unwrap();
        let err = register
            .mitigate(&Mitigations::from_frame(&unknown).unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("action 'B'") && err.contains("R7") && err.contains("R1"),
            "{err}"
        );
    }
}
