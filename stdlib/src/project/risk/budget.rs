//! The best set of mitigation actions under a budget ([`MitigationPlan::best_under`]): an exact
//! multiple-choice knapsack solved by dynamic programming over the non-dominated
//! (cost, reduction) states.

use super::mitigation::{MitigationPlan, residual_plot};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::plot::Plot;
use crate::table::{format_number, summary_bundle};
use polars::prelude::*;

/// The actions chosen by [`MitigationPlan::best_under`], with their totals.
///
/// ```
/// use sdia::prelude::*;
///
/// let risks = df!("id" => ["R1", "R2"], "risk" => ["a", "b"], "severity" => [8, 5],
///     "occurrence" => [7, 4], "detection" => [6, 5]).unwrap();
/// let actions = df!("risk" => ["R1", "R2"], "action" => ["A1", "A2"], "cost" => [4000.0, 2500.0],
///     "severity_after" => [8, 5], "occurrence_after" => [3, 2], "detection_after" => [2, 5]).unwrap();
/// let plan = RiskRegister::from_frame(&risks).unwrap()
///     .mitigate(&Mitigations::from_frame(&actions).unwrap()).unwrap();
/// // 5,000 € buys one action: A1 (reduction 336 − 48 = 288) beats A2 (100 − 50 = 50).
/// let choice = plan.best_under(5000.0).unwrap();
/// assert_eq!(choice.actions, vec!["A1".to_string()]);
/// assert_eq!((choice.total_cost, choice.total_reduction), (4000.0, 288.0));
/// assert_eq!(choice.residual_criticality, 48.0 + 100.0);
/// ```
#[derive(Debug, Clone)]
pub struct MitigationChoice {
    /// The budget given.
    pub budget: f64,
    /// The chosen actions, in the order of the mitigation table.
    pub actions: Vec<String>,
    /// What the chosen actions cost in all (≤ budget).
    pub total_cost: f64,
    /// The sum of their criticality reductions (the optimum).
    pub total_reduction: f64,
    /// The register's total criticality before any action.
    pub criticality_before: f64,
    /// The register's total criticality once the chosen actions are done.
    pub residual_criticality: f64,
    plan: MitigationPlan,
    chosen: Vec<usize>,
}

/// One state of the dynamic programme: a set of actions (a chain of `Choice`s) and its totals.
#[derive(Debug, Clone, Copy)]
struct State {
    cost: f64,
    value: f64,
    /// The last choice made (an index into the arena), `None` for the empty set.
    last: Option<usize>,
}

/// A node of the chains of choices: an action and the choice made before it.
#[derive(Debug, Clone, Copy)]
struct Choice {
    action: usize,
    previous: Option<usize>,
}

impl MitigationPlan {
    /// The set of actions that lowers the register's total criticality the most for a total
    /// cost ≤ `budget`: exact (the optimum, not a greedy ratio heuristic).
    ///
    /// **Rule for several actions on one risk**: they are alternatives, at most one of them is
    /// chosen (each action's `*_after` scores are the risk's scores with that action alone).
    /// The reduction of an action is `criticality before − criticality after`; actions that
    /// do not lower the criticality are never chosen. Among sets with the same reduction, the
    /// cheapest is returned.
    ///
    /// Algorithm: a multiple-choice knapsack by dynamic programming over the risks; after each
    /// risk only the non-dominated (cost, reduction) states within the budget are kept (a
    /// state is dropped when another costs no more and reduces at least as much). With `n`
    /// actions and `S` kept states, the time is `O(n · S · log S)`; `S` is at most the number
    /// of distinct totals of cost ≤ budget, so for whole-euro costs `O(n · B log B)` with `B`
    /// the budget in euros, and in practice (a few dozen actions) a few thousand states.
    ///
    /// Errors: a budget that is negative or not a number.
    pub fn best_under(&self, budget: f64) -> Result<MitigationChoice> {
        if !(budget.is_finite() && budget >= 0.0) {
            return Err(SdiaError::InvalidInput(format!(
                "budget {budget}: give an amount ≥ 0 in euros, e.g. .best_under(15_000.0)"
            )));
        }
        let limit = budget + 1e-9 * budget.max(1.0);
        let costs = &self.mitigations.costs;
        // The actions worth considering, grouped by risk.
        let mut groups: Vec<Vec<usize>> = vec![Vec::new(); self.before.len()];
        for (a, &r) in self.risk_of.iter().enumerate() {
            if self.reduction(a) > 0.0 && costs[a] <= limit {
                groups[r].push(a);
            }
        }
        let mut arena: Vec<Choice> = Vec::new();
        let mut states = vec![State {
            cost: 0.0,
            value: 0.0,
            last: None,
        }];
        for group in groups.iter().filter(|g| !g.is_empty()) {
            let mut next = states.clone();
            for state in &states {
                for &a in group {
                    let cost = state.cost + costs[a];
                    if cost <= limit {
                        arena.push(Choice {
                            action: a,
                            previous: state.last,
                        });
                        next.push(State {
                            cost,
                            value: state.value + self.reduction(a),
                            last: Some(arena.len() - 1),
                        });
                    }
                }
            }
            states = pareto_states(next);
        }
        // The states are sorted by cost with increasing value: the last one is the best.
        let best = states.last().copied().unwrap_or(State {
            cost: 0.0,
            value: 0.0,
            last: None,
        });
        let mut chosen = Vec::new();
        let mut node = best.last;
        while let Some(i) = node {
            chosen.push(arena[i].action);
            node = arena[i].previous;
        }
        chosen.sort_unstable();
        let total_cost: f64 = chosen.iter().map(|&a| costs[a]).sum();
        let total_reduction: f64 = chosen.iter().map(|&a| self.reduction(a)).sum();
        let criticality_before: f64 = self.before.iter().sum();
        Ok(MitigationChoice {
            budget,
            actions: chosen
                .iter()
                .map(|&a| self.mitigations.actions[a].clone())
                .collect(),
            total_cost,
            total_reduction,
            criticality_before,
            residual_criticality: criticality_before - total_reduction,
            plan: self.clone(),
            chosen,
        })
    }
}

/// Keeps the non-dominated states: sorted by cost (then by value, best first), each kept state
/// reduces strictly more than every cheaper one.
fn pareto_states(mut states: Vec<State>) -> Vec<State> {
    states.sort_by(|a, b| a.cost.total_cmp(&b.cost).then(b.value.total_cmp(&a.value)));
    let mut kept: Vec<State> = Vec::with_capacity(states.len());
    for state in states {
        if kept.last().is_none_or(|best| state.value > best.value) {
            kept.push(state);
        }
    }
    kept
}

impl MitigationChoice {
    /// The chosen actions, one row each (the columns of [`MitigationPlan::table`]).
    pub fn table(&self) -> Result<DataFrame> {
        let all = self.plan.table()?;
        let rows: Vec<IdxSize> = self.chosen.iter().map(|&a| a as IdxSize).collect();
        Ok(all.take(&IdxCa::from_vec("row".into(), rows))?)
    }

    /// Criticality before and after the chosen actions, per risk (as
    /// [`MitigationPlan::residual_chart`]).
    pub fn residual_chart(&self) -> Result<Plot> {
        let mut after = self.plan.before.clone();
        for &a in &self.chosen {
            after[self.plan.risk_of[a]] = self.plan.after[a];
        }
        residual_plot(
            &self.plan.register.ids,
            &self.plan.before,
            &after,
            &format!(
                "Criticality before and after the actions chosen under {} €",
                super::scores::short_number(self.budget)
            ),
        )
    }
}

impl RichDisplay for MitigationChoice {
    fn mime_bundle(&self) -> MimeBundle {
        summary_bundle(
            "Best mitigation actions under a budget",
            &[
                ("budget (€)", format_number(self.budget)),
                ("actions", self.actions.join(", ")),
                ("total cost (€)", format_number(self.total_cost)),
                ("total reduction", format_number(self.total_reduction)),
                ("criticality before", format_number(self.criticality_before)),
                (
                    "residual criticality",
                    format_number(self.residual_criticality),
                ),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::risk::{Mitigations, RiskRegister};

    fn plan() -> MitigationPlan {
        // Before: R1 = 8·7·6 = 336, R2 = 5·4·5 = 100, R3 = 4·4·4 = 64.
        let risks = df!(
            "id" => ["R1", "R2", "R3"], "risk" => ["a", "b", "c"],
            "severity" => [8, 5, 4], "occurrence" => [7, 4, 4], "detection" => [6, 5, 4],
        )
        .unwrap();
        // Reductions: A1 336 − 48 = 288 (6 k€), A2 336 − 224 = 112 (1 k€),
        // A3 100 − 50 = 50 (2 k€), A4 64 − 16 = 48 (2 k€), A5 makes R3 worse (0 €).
        let actions = df!(
            "risk" => ["R1", "R1", "R2", "R3", "R3"],
            "action" => ["A1", "A2", "A3", "A4", "A5"],
            "cost" => [6000.0, 1000.0, 2000.0, 2000.0, 0.0],
            "severity_after" => [8, 8, 5, 4, 4],
            "occurrence_after" => [3, 7, 2, 2, 5],
            "detection_after" => [2, 4, 5, 2, 4],
        )
        .unwrap();
        RiskRegister::from_frame(&risks)
            .unwrap()
            .mitigate(&Mitigations::from_frame(&actions).unwrap())
            .unwrap()
    }

    #[test]
    fn best_set_by_hand() {
        // 8 k€: {A1, A3} = 338 or {A1, A4} = 336 or {A2, A3, A4} = 210 (A1 + A2 is not
        // allowed: same risk) → {A1, A3}, 8 k€.
        let c = plan().best_under(8000.0).unwrap();
        assert_eq!(c.actions, vec!["A1", "A3"]);
        assert_eq!((c.total_cost, c.total_reduction), (8000.0, 338.0));
        assert_eq!(c.residual_criticality, 500.0 - 338.0);
        // 5 k€: A1 unaffordable → {A2, A3, A4} = 210 for 5 k€.
        let c = plan().best_under(5000.0).unwrap();
        assert_eq!(c.actions, vec!["A2", "A3", "A4"]);
        assert_eq!(c.total_reduction, 210.0);
        // 10 k€: {A1, A3, A4} = 386 for 10 k€.
        assert_eq!(plan().best_under(10_000.0).unwrap().total_reduction, 386.0);
        // Nothing affordable.
        let c = plan().best_under(500.0).unwrap();
        assert!(c.actions.is_empty() && c.total_reduction == 0.0);
        assert_eq!(c.table().unwrap().height(), 0);
        let t = plan().best_under(8000.0).unwrap().table().unwrap();
        assert_eq!(
            t.column("action").unwrap().str().unwrap().get(1),
            Some("A3")
        );
        assert!(plan().best_under(8000.0).unwrap().residual_chart().is_ok());
        assert!(c.mime_bundle()[0].1.contains("residual criticality"));
    }

    #[test]
    fn bad_budget() {
        assert!(
            plan()
                .best_under(-1.0)
                .unwrap_err()
                .to_string()
                .contains("budget")
        );
        assert!(plan().best_under(f64::NAN).is_err());
    }

    #[test]
    fn pareto_states_drop_dominated() {
        let s = |cost, value| State {
            cost,
            value,
            last: None,
        };
        let kept = pareto_states(vec![s(3.0, 5.0), s(1.0, 2.0), s(2.0, 2.0), s(1.0, 4.0)]);
        let pairs: Vec<(f64, f64)> = kept.iter().map(|s| (s.cost, s.value)).collect();
        assert_eq!(pairs, vec![(1.0, 4.0), (3.0, 5.0)]);
    }
}
