//! The engineer's project toolkit: the tables and charts of running a data project —
//! specifications, risks, decisions, planning, teams, indicators and the project's context —
//! computed on DataFrames, so that a student argues with numbers and a chart.
//!
//! Every entry point reads a DataFrame with documented column names (the rustdoc of each type
//! lists them) and checks it: a missing column, an unknown id, a dependency cycle or a score
//! outside its scale is an [`SdiaError`](crate::error::SdiaError) naming the culprit.

pub(crate) mod checks;
pub(crate) mod dates;
pub(crate) mod drawing;

pub use drawing::Drawing;

// Slice "arch": data flows and throughput budget, pipeline diagram and estimates, RACI,
// growth scenarios.
pub mod architecture;
pub use architecture::{
    BudgetVerdict, DataFlows, DataPipeline, FRANCE_GRID_KG_CO2E_PER_KWH, GrowthScenarios, Raci,
    TIGHT_HEADROOM_PERCENT, ThroughputBudget,
};
