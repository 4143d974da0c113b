//! Planning a project: the task table and its dependencies ([`TaskPlan`]), the critical path
//! method and the Gantt chart ([`Schedule`]), working days and public holidays
//! ([`Holidays`]), Scrum sprints — velocity, burndown, forecast
//! ([`Sprints`], [`Forecast`]) — and the load of each person per week
//! ([`Schedule::load_by_person`], [`Schedule::load_chart`]).

mod calendar;
mod critical_path;
mod gantt;
mod load;
mod sprint;
mod tasks;

pub use calendar::Holidays;
pub use critical_path::Schedule;
pub use sprint::{Forecast, Sprints};
pub use tasks::TaskPlan;
