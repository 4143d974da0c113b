//! Risks (competencies A3, A4): a [`RiskRegister`] ranked by criticality (FMEA risk priority
//! number) with its risk matrix, [`Mitigations`] and their [`MitigationPlan`] (before/after
//! criticality, the best set of actions under a budget).

mod budget;
mod matrix;
mod mitigation;
mod register;
pub(crate) mod scores;

pub use budget::MitigationChoice;
pub use mitigation::{MitigationPlan, Mitigations};
pub use register::RiskRegister;
