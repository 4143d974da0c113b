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

pub mod architecture;
pub mod client;
pub mod decision;
pub mod indicators;
pub mod planning;
pub mod requirements;
pub mod risk;
pub mod team;

pub use drawing::Drawing;

// Specification and client relationship (A1, A2, A5, A7).
pub use client::{
    CheckpointRule, ContactLog, MilestoneCheckpoints, ResponseDelays, SatisfactionTrend,
    milestone_checkpoints,
};
pub use requirements::{
    DiffImpact, Feasibility, FeasibilityCheck, Priority, Requirement, Requirements,
    RequirementsDiff, requirements_diff,
};
// Risks and decisions (A3, A4, A8, B6, B7).
pub use decision::{DecisionMatrix, Objective, ParetoFront, Swot};
pub use risk::{MitigationChoice, MitigationPlan, Mitigations, RiskRegister};
// Planning: task plans, critical path, Gantt, holidays, sprints, load per person (A9, A10, D6).
pub use planning::{Forecast, Holidays, Schedule, Sprints, TaskPlan};
// Data flows and throughput budget, pipeline diagram and estimates, RACI, growth (A6, B3–B5).
pub use architecture::{
    BudgetVerdict, DataFlows, DataPipeline, FRANCE_GRID_KG_CO2E_PER_KWH, GrowthScenarios, Raci,
    TIGHT_HEADROOM_PERCENT, ThroughputBudget,
};
// Team: skills matrix, assignment, skills gap, workforce indicators (D2, D9, D11).
pub use team::{
    AssignedPair, Assignment, AssignmentProblem, ProportionEstimate, ProportionTable, RateEstimate,
    RateTable, SkillsGap, SkillsMatrix, SkillsMatrixBuilder, incident_rates, proportion_ci,
    proportions, rate_ci,
};
// Indicators and continuous improvement: KPIs, control charts, flow metrics, dashboards,
// technology watch (D4, D7, D8, D10).
pub use indicators::{
    ControlChart, CycleTimeSummary, Dashboard, Direction, Kpi, Kpis, Status, TaskLog, TopicCounts,
    TopicList, topic_counts,
};
