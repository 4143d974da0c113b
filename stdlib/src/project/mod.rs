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
// Slice "team": skills matrix, assignment, skills gap, workforce indicators.
pub(crate) mod team;

pub use drawing::Drawing;

// Slice "plan": task plans, critical path, Gantt, sprints, load per person.
pub mod planning;
pub use planning::{Forecast, Schedule, Sprints, TaskPlan};
// Slice "risk": risks and decisions (A3, A4, A8, B6, B7).
pub mod decision;
pub mod risk;
pub use decision::{DecisionMatrix, Objective, ParetoFront, Swot};
pub use risk::{MitigationChoice, MitigationPlan, Mitigations, RiskRegister};
// Slice "team".
pub use team::{
    AssignedPair, Assignment, AssignmentProblem, ProportionEstimate, ProportionTable, RateEstimate,
    RateTable, SkillsGap, SkillsMatrix, SkillsMatrixBuilder, incident_rates, proportion_ci,
    proportions, rate_ci,
// Slice "ind": indicators and continuous improvement (KPIs, control charts, flow metrics,
// dashboards, technology watch).
pub mod indicators;
pub use indicators::{
    ControlChart, CycleTimeSummary, Dashboard, Direction, Kpi, Kpis, Status, TaskLog, TopicCounts,
    TopicList, topic_counts,
// Slice "spec": specification (requirements, revisions) and client relationship.
pub mod client;
pub mod requirements;

pub use client::{
    CheckpointRule, ContactLog, MilestoneCheckpoints, ResponseDelays, SatisfactionTrend,
    milestone_checkpoints,
};
pub use requirements::{
    DiffImpact, Feasibility, FeasibilityCheck, Priority, Requirement, Requirements,
    RequirementsDiff, requirements_diff,
// Slice "arch": data flows and throughput budget, pipeline diagram and estimates, RACI,
// growth scenarios.
pub mod architecture;
pub use architecture::{
    BudgetVerdict, DataFlows, DataPipeline, FRANCE_GRID_KG_CO2E_PER_KWH, GrowthScenarios, Raci,
    TIGHT_HEADROOM_PERCENT, ThroughputBudget,
};
