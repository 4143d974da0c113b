//! Teams: who masters what ([`SkillsMatrix`]), who should take which role
//! ([`AssignmentProblem`], solved exactly by the Hungarian algorithm), what training closes the
//! gaps ([`SkillsGap`]), and the occupational-safety and diversity indicators of a workforce
//! with their confidence intervals ([`rate_ci`], [`proportion_ci`], [`incident_rates`],
//! [`proportions`]).

mod assignment;
mod ci_chart;
mod gap;
mod grid;
mod hungarian;
mod intervals;
mod proportion_table;
mod rate_table;
mod roles;
mod skills;
mod suitability;

pub use assignment::{AssignedPair, Assignment, AssignmentProblem};
pub use gap::SkillsGap;
pub use intervals::{ProportionEstimate, RateEstimate, proportion_ci, rate_ci};
pub use proportion_table::{ProportionTable, proportions};
pub use rate_table::{RateTable, incident_rates};
pub use skills::{SkillsMatrix, SkillsMatrixBuilder};
