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

// Slice "ind": indicators and continuous improvement (KPIs, control charts, flow metrics,
// dashboards, technology watch).
pub mod indicators;
pub use indicators::{
    ControlChart, CycleTimeSummary, Dashboard, Direction, Kpi, Kpis, Status, TaskLog, TopicCounts,
    TopicList, topic_counts,
};
