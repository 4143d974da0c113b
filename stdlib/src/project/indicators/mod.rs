//! Indicators and continuous improvement: KPIs with traffic lights ([`Kpis`]), control charts
//! ([`ControlChart`]), flow metrics of a team's tasks ([`TaskLog`]), a dashboard page
//! ([`Dashboard`]) and counts of topics in a technology watch ([`topic_counts`]).

pub(crate) mod control;
pub(crate) mod dashboard;
pub(crate) mod flow;
pub(crate) mod kpi;
pub(crate) mod topics;

pub use control::ControlChart;
pub use dashboard::Dashboard;
pub use flow::{CycleTimeSummary, TaskLog};
pub use kpi::{Direction, Kpi, Kpis, Status};
pub use topics::{TopicCounts, TopicList, topic_counts};
