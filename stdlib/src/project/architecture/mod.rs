//! The architecture of a data platform, computed: the inventory of its data flows and the
//! throughput budget of its ingestion ([`DataFlows`], [`ThroughputBudget`]), its processing
//! stages as a diagram with storage, energy and carbon estimates ([`DataPipeline`]), who does
//! what among the network, systems and software owners ([`Raci`]), and how its data volume and
//! cost may grow ([`GrowthScenarios`]).

mod budget;
mod budget_chart;
mod diagram;
mod estimates;
mod flows;
mod growth;
mod pipeline;
mod raci;
mod raci_grid;
mod raci_tables;

pub use budget::{BudgetVerdict, TIGHT_HEADROOM_PERCENT, ThroughputBudget};
pub use flows::DataFlows;
pub use growth::GrowthScenarios;
pub use pipeline::{DataPipeline, FRANCE_GRID_KG_CO2E_PER_KWH};
pub use raci::Raci;
