//! [`DataPipeline`]: the stages of a data platform (ingestion, storage, cleaning, training,
//! serving…) and the flows between them, checked as a graph without cycles.

use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::project::checks::{known_id, non_negative, required_text, unique_ids};
use polars::prelude::*;
use std::collections::{HashMap, HashSet};

/// The carbon intensity of electricity used by default, in kg CO₂e per kWh: France's average
/// grid mix (ADEME, Base Empreinte®, « Électricité – mix moyen – consommation », 2022:
/// 0.052 kg CO₂e/kWh). Set another with [`DataPipeline::carbon_factor`] (e.g. ≈ 0.4 for a
/// gas-heavy grid).
pub const FRANCE_GRID_KG_CO2E_PER_KWH: f64 = 0.052;

/// One stage of the pipeline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stage {
    pub id: String,
    pub tool: String,
    /// Indices of the downstream stages.
    pub next: Vec<usize>,
    pub input_gb_day: f64,
    pub retention_days: f64,
    pub compute_hours_day: f64,
    pub power_kw: f64,
}

/// The stages of a data pipeline and the flows between them: a directed graph without
/// cycles, laid out left to right by depth (a source at depth 0, each stage one step right of
/// its deepest upstream stage).
///
/// Built by [`DataPipeline::from_frame`] from a frame with one row per stage:
///
/// | column | type | meaning |
/// |---|---|---|
/// | `stage` | text | the stage's id (unique) |
/// | `next` | text | the downstream stage ids separated by `;` (empty or null: a sink) |
/// | `tool` | text | the technology (Kafka, S3, Spark, MLflow…) |
/// | `input_gb_day` | number ≥ 0, optional | data the stage receives, GB a day |
/// | `retention_days` | number ≥ 0, optional | how long the stage keeps its input, days |
/// | `compute_hours_day` | number ≥ 0, optional | compute time a day, hours |
/// | `power_kw` | number ≥ 0, optional | power drawn while computing, kW |
///
/// A missing optional column, or an empty cell in it, counts as 0.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!(
///     "stage" => ["clean", "ingest", "train"],
///     "next" => ["train", "clean", ""],
///     "tool" => ["Spark", "Kafka", "Python"],
/// ).unwrap();
/// let pipeline = DataPipeline::from_frame(&df).unwrap();
/// assert_eq!(pipeline.order(), vec!["ingest", "clean", "train"]);
/// assert_eq!(pipeline.depth("train").unwrap(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct DataPipeline {
    pub(crate) stages: Vec<Stage>,
    /// Depth of each stage (longest path from a source).
    pub(crate) depths: Vec<usize>,
    /// Stage indices in layout order: by depth, then in the frame's order.
    pub(crate) order: Vec<usize>,
    pub(crate) carbon: f64,
}

/// An optional non-negative numeric column: zeros if the frame lacks it, 0 for empty cells.
fn optional_numbers(df: &DataFrame, name: &str, ids: &[String]) -> Result<Vec<f64>> {
    if frame::column(df, name).is_err() {
        return Ok(vec![0.0; ids.len()]);
    }
    let values = frame::f64_options(df, name)?;
    values
        .into_iter()
        .zip(ids)
        .map(|(v, id)| {
            let v = v.unwrap_or(0.0);
            non_negative(v, name, id).map(|_| v)
        })
        .collect()
}

impl DataPipeline {
    /// Reads and checks the stages (columns above). Errors: a missing column (listing the
    /// frame's columns), an empty frame, a duplicate stage, a downstream stage that does not
    /// exist (naming the stage that refers to it and listing the known ones), a negative
    /// number, or a cycle (listing its stages in order).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "stage" => ["a", "b", "c"], "next" => ["b", "c", "a"], "tool" => ["x", "y", "z"],
    /// ).unwrap();
    /// let err = DataPipeline::from_frame(&df).unwrap_err().to_string();
    /// assert!(err.contains("cycle") && err.contains("a → b → c → a"), "{err}");
    /// ```
    pub fn from_frame(df: &DataFrame) -> Result<DataPipeline> {
        frame::require_columns(df, &["stage", "next", "tool"])?;
        frame::require_rows(df, "the pipeline")?;
        let ids = required_text(df, "stage")?;
        unique_ids(&ids, "stage")?;
        let tools = required_text(df, "tool")?;
        let nexts = frame::labels(df, "next")?;
        let input = optional_numbers(df, "input_gb_day", &ids)?;
        let retention = optional_numbers(df, "retention_days", &ids)?;
        let hours = optional_numbers(df, "compute_hours_day", &ids)?;
        let power = optional_numbers(df, "power_kw", &ids)?;
        let known: HashSet<&str> = ids.iter().map(String::as_str).collect();
        let index: HashMap<&str, usize> = ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        let mut stages = Vec::with_capacity(ids.len());
        for (i, id) in ids.iter().enumerate() {
            let mut next = Vec::new();
            for target in nexts[i].as_deref().unwrap_or("").split(';') {
                let target = target.trim();
                if target.is_empty() {
                    continue;
                }
                known_id(
                    target,
                    &known,
                    "stage",
                    &format!("stage '{id}' (column next)"),
                )?;
                if let Some(&j) = index.get(target)
                    && !next.contains(&j)
                {
                    next.push(j);
                }
            }
            stages.push(Stage {
                id: id.clone(),
                tool: tools[i].clone(),
                next,
                input_gb_day: input[i],
                retention_days: retention[i],
                compute_hours_day: hours[i],
                power_kw: power[i],
            });
        }
        let (depths, order) = layout(&stages)?;
        Ok(DataPipeline {
            stages,
            depths,
            order,
            carbon: FRANCE_GRID_KG_CO2E_PER_KWH,
        })
    }

    /// The number of stages.
    pub fn len(&self) -> usize {
        self.stages.len()
    }

    /// Always false: a pipeline has at least one stage.
    pub fn is_empty(&self) -> bool {
        self.stages.is_empty()
    }

    /// The stage ids in layout order: by depth, then in the frame's order. Every stage comes
    /// after all its upstream stages (a topological order).
    pub fn order(&self) -> Vec<&str> {
        self.order
            .iter()
            .map(|&i| self.stages[i].id.as_str())
            .collect()
    }

    /// The depth of stage `id`: 0 for a source, else 1 + the largest depth of its upstream
    /// stages. An error listing the stages if `id` is unknown.
    pub fn depth(&self, id: &str) -> Result<usize> {
        self.stages
            .iter()
            .position(|s| s.id == id)
            .map(|i| self.depths[i])
            .ok_or_else(|| {
                let ids: Vec<&str> = self.stages.iter().map(|s| s.id.as_str()).collect();
                SdiaError::InvalidInput(format!(
                    "no stage is called '{id}'; the stages are: {}",
                    ids.join(", ")
                ))
            })
    }

    /// The stages in layout order: `stage`, `tool`, `depth`, `next` (downstream ids joined by
    /// `;`).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("stage" => ["b", "a"], "next" => [None, Some("b")], "tool" => ["S3", "Kafka"]).unwrap();
    /// let table = DataPipeline::from_frame(&df).unwrap().table().unwrap();
    /// let depth: Vec<u32> = table.column("depth").unwrap().u32().unwrap().into_no_null_iter().collect();
    /// assert_eq!(depth, vec![0, 1]); // a, then b
    /// ```
    pub fn table(&self) -> Result<DataFrame> {
        let rows: Vec<&Stage> = self.order.iter().map(|&i| &self.stages[i]).collect();
        let next: Vec<String> = rows
            .iter()
            .map(|s| {
                let ids: Vec<&str> = s.next.iter().map(|&j| self.stages[j].id.as_str()).collect();
                ids.join(";")
            })
            .collect();
        Ok(DataFrame::new(
            rows.len(),
            vec![
                Column::new(
                    "stage".into(),
                    rows.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "tool".into(),
                    rows.iter().map(|s| s.tool.as_str()).collect::<Vec<_>>(),
                ),
                Column::new(
                    "depth".into(),
                    self.order
                        .iter()
                        .map(|&i| self.depths[i] as u32)
                        .collect::<Vec<u32>>(),
                ),
                Column::new("next".into(), next),
            ],
        )?)
    }
}

/// Depths (longest path from a source) and layout order by Kahn's algorithm, O(stages + flows);
/// an error listing a cycle if there is one.
fn layout(stages: &[Stage]) -> Result<(Vec<usize>, Vec<usize>)> {
    let n = stages.len();
    let mut indegree = vec![0usize; n];
    for s in stages {
        for &j in &s.next {
            indegree[j] += 1;
        }
    }
    let mut depths = vec![0usize; n];
    let mut queue: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut head = 0;
    while head < queue.len() {
        let i = queue[head];
        head += 1;
        for &j in &stages[i].next {
            depths[j] = depths[j].max(depths[i] + 1);
            indegree[j] -= 1;
            if indegree[j] == 0 {
                queue.push(j);
            }
        }
    }
    if queue.len() < n {
        return Err(cycle_error(stages, &indegree));
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| (depths[i], i));
    Ok((depths, order))
}

/// The error for a graph with a cycle. The stages Kahn's algorithm could not place
/// (`indegree > 0`) each have an upstream stage among them, so walking upstream from one of
/// them must come back to a stage already seen: that loop is a cycle.
fn cycle_error(stages: &[Stage], indegree: &[usize]) -> SdiaError {
    let n = stages.len();
    let stuck: Vec<bool> = indegree.iter().map(|&d| d > 0).collect();
    let mut upstream = vec![usize::MAX; n];
    for (i, s) in stages.iter().enumerate() {
        for &j in &s.next {
            if stuck[i] && stuck[j] && upstream[j] == usize::MAX {
                upstream[j] = i;
            }
        }
    }
    let mut seen_at = vec![usize::MAX; n];
    let mut walk = Vec::new();
    let mut current = stuck.iter().position(|&s| s).unwrap_or(0);
    while current < n && seen_at[current] == usize::MAX {
        seen_at[current] = walk.len();
        walk.push(current);
        current = upstream[current];
    }
    let start = if current < n { seen_at[current] } else { 0 };
    // The walk went upstream: reverse it, then start at the stage listed first in the frame.
    let mut cycle: Vec<usize> = walk[start..].iter().rev().copied().collect();
    if let Some(first) = (0..cycle.len()).min_by_key(|&k| cycle[k]) {
        cycle.rotate_left(first);
    }
    let mut cycle: Vec<&str> = cycle.iter().map(|&i| stages[i].id.as_str()).collect();
    if let Some(first) = cycle.first().copied() {
        cycle.push(first);
    }
    SdiaError::InvalidInput(format!(
        "the pipeline has a cycle: {}; data cannot flow back to a stage it came from — \
         remove one of these links from the column next",
        cycle.join(" → ")
    ))
}

impl RichDisplay for DataPipeline {
    fn mime_bundle(&self) -> MimeBundle {
        match self.table() {
            Ok(table) => table.mime_bundle(),
            Err(e) => vec![("text/plain".into(), e.to_string())],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(stages: &[&str], next: &[&str]) -> Result<DataPipeline> {
        let tools = vec!["t"; stages.len()];
        let df = df!("stage" => stages, "next" => next, "tool" => tools).unwrap();
        DataPipeline::from_frame(&df)
    }

    #[test]
    fn depths_and_order_of_a_diamond() {
        // ingest → raw → clean → features; raw → monitor; features → monitor.
        // Depths: ingest 0, raw 1, clean 2, features 3, monitor max(1, 3) + 1 = 4.
        let p = graph(
            &["monitor", "features", "clean", "raw", "ingest"],
            &["", "monitor", "features", "clean; monitor", "raw"],
        )
        .unwrap();
        assert_eq!(
            p.order(),
            vec!["ingest", "raw", "clean", "features", "monitor"]
        );
        assert_eq!(p.depth("monitor").unwrap(), 4);
        assert!(
            p.depth("nope")
                .unwrap_err()
                .to_string()
                .contains("monitor, features")
        );
        let t = p.table().unwrap();
        assert_eq!(
            t.column("next").unwrap().str().unwrap().get(1),
            Some("clean;monitor")
        );
        assert_eq!(p.len(), 5);
        assert!(!p.is_empty());
        assert!(p.mime_bundle()[0].1.contains("features"));
    }

    #[test]
    fn cycles_are_listed() {
        // a → b → c → b: the cycle is b → c → b; a is outside it.
        let e = graph(&["a", "b", "c"], &["b", "c", "b"])
            .unwrap_err()
            .to_string();
        assert!(e.contains("b → c → b"), "{e}");
        // A stage feeding itself.
        let e = graph(&["a", "b"], &["a", ""]).unwrap_err().to_string();
        assert!(e.contains("a → a"), "{e}");
        // A cycle downstream of which hangs a sink: x → y → x, y → z.
        let e = graph(&["x", "y", "z"], &["y", "x;z", ""])
            .unwrap_err()
            .to_string();
        assert!(e.contains("x → y → x"), "{e}");
    }

    #[test]
    fn bad_frames_are_named() {
        let e = graph(&["a", "b"], &["b;zz", ""]).unwrap_err().to_string();
        assert!(
            e.contains("stage 'a'") && e.contains("'zz'") && e.contains("a, b"),
            "{e}"
        );
        let e = graph(&["a", "a"], &["", ""]).unwrap_err().to_string();
        assert!(e.contains("'a'") && e.contains("twice"), "{e}");
        let df = df!("stage" => ["a"], "tool" => ["x"]).unwrap();
        let e = DataPipeline::from_frame(&df).unwrap_err().to_string();
        assert!(e.contains("'next'"), "{e}");
        let df =
            df!("stage" => ["a"], "next" => [""], "tool" => ["x"], "power_kw" => [-1.0]).unwrap();
        let e = DataPipeline::from_frame(&df).unwrap_err().to_string();
        assert!(e.contains("power_kw") && e.contains("'a'"), "{e}");
        let df = df!("stage" => ["a"], "next" => [""], "tool" => ["x"]).unwrap();
        assert!(DataPipeline::from_frame(&df.head(Some(0))).is_err());
    }
}
