//! Decisions (competencies A8, B6, B7): a weighted [`DecisionMatrix`] (choosing a project
//! method), a weighted [`Swot`] grid, and the [`ParetoFront`] of candidate designs.

mod chart;
mod matrix;
mod pareto;
mod swot;

pub use matrix::DecisionMatrix;
pub use pareto::{Objective, ParetoFront};
pub use swot::Swot;
