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
};
