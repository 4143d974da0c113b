//! A query on the cluster, described step by step, run by its actions.

use super::arrow_frame;
use super::job;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use polars::prelude::{DataFrame, JoinType};
use spark_connect::functions::expr;
use spark_connect::plan::JoinType as SparkJoin;
use spark_connect::{GroupedData, SparkSession};

/// A Spark DataFrame: a query the cluster will run, not its result.
///
/// Steps (`filter`, `select`, `with_column`, `group_by(..).agg(..)`, `join`, `sort`, `limit`,
/// `distinct`, `drop`) only describe the query and take Spark SQL expressions as text;
/// actions (`collect`, `head`, `count`, `columns`, `write_parquet`, `write_csv`,
/// `create_view`) run it on the cluster, show its progress, and stop on ■.
#[derive(Clone)]
pub struct SparkFrame {
    session: SparkSession,
    df: spark_connect::DataFrame,
    query: String,
}

impl SparkFrame {
    pub(crate) fn new(session: SparkSession, df: spark_connect::DataFrame, query: String) -> Self {
        SparkFrame { session, df, query }
    }

    fn then(&self, df: spark_connect::DataFrame, step: String) -> SparkFrame {
        SparkFrame::new(self.session.clone(), df, format!("{}.{step}", self.query))
    }

    /// The query so far, as the chain of steps that built it (what error messages name).
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The rows where the SQL `condition` holds, e.g. `"duree_min > 2 AND station = 'Gare'"`.
    pub fn filter(&self, condition: &str) -> SparkFrame {
        self.then(
            self.df.filter(expr(condition)),
            format!("filter({condition:?})"),
        )
    }

    /// The columns or SQL expressions listed, e.g. `&["station", "duree_min / 60 AS heures"]`.
    pub fn select(&self, expressions: &[&str]) -> SparkFrame {
        self.then(
            self.df.select_expr(expressions.to_vec()),
            format!("select({expressions:?})"),
        )
    }

    /// Adds (or replaces) the column `name`, computed by the SQL `expression`.
    pub fn with_column(&self, name: &str, expression: &str) -> SparkFrame {
        self.then(
            self.df.with_column(name, expr(expression)),
            format!("with_column({name:?}, {expression:?})"),
        )
    }

    /// Leaves out the columns listed.
    pub fn drop(&self, columns: &[&str]) -> SparkFrame {
        self.then(self.df.drop(columns.to_vec()), format!("drop({columns:?})"))
    }

    /// Groups the rows by the key columns, for [`SparkGroupBy::agg`].
    pub fn group_by(&self, keys: &[&str]) -> SparkGroupBy {
        SparkGroupBy {
            frame: self.clone(),
            grouped: self.df.group_by(keys.iter().copied()),
            keys: format!("group_by({keys:?})"),
        }
    }

    /// Joins with `other` on the columns `on` (same name on both sides), with polars' join types
    /// (`JoinType::Inner`, `Left`, `Right`, `Full`, `Semi`, `Anti`).
    pub fn join(&self, other: &SparkFrame, on: &[&str], how: JoinType) -> Result<SparkFrame> {
        let spark_how = match how {
            JoinType::Inner => SparkJoin::Inner,
            JoinType::Left => SparkJoin::LeftOuter,
            JoinType::Right => SparkJoin::RightOuter,
            JoinType::Full => SparkJoin::FullOuter,
            JoinType::Semi => SparkJoin::LeftSemi,
            JoinType::Anti => SparkJoin::LeftAnti,
            other => {
                return Err(SdiaError::InvalidInput(format!(
                    "a Spark join cannot be {other:?} here: use JoinType::Inner, Left, Right, \
                     Full, Semi or Anti"
                )));
            }
        };
        Ok(self.then(
            self.df.join_using(&other.df, on.iter().copied(), spark_how),
            format!("join({}, {on:?}, {how:?})", other.query),
        ))
    }

    /// Sorts by the columns listed, all ascending or all descending.
    pub fn sort(&self, by: &[&str], descending: bool) -> SparkFrame {
        let order = by
            .iter()
            .map(|c| {
                let column = spark_connect::col(c);
                let column = if descending {
                    column.desc()
                } else {
                    column.asc()
                };
                column.expression().clone()
            })
            .collect();
        self.then(
            self.df.sort(order),
            format!("sort({by:?}, descending: {descending})"),
        )
    }

    /// The first `n` rows.
    pub fn limit(&self, n: usize) -> SparkFrame {
        let n32 = i32::try_from(n).unwrap_or(i32::MAX);
        self.then(self.df.limit(n32), format!("limit({n})"))
    }

    /// Each distinct row once.
    pub fn distinct(&self) -> SparkFrame {
        self.then(self.df.distinct(), "distinct()".into())
    }

    /// Runs the query and brings the whole result back as a polars frame.
    pub fn collect(&self) -> Result<DataFrame> {
        let df = self.df.clone();
        let batches = job::run(&self.session, &self.query, move |_| {
            df.collect_record_batches()
        })?;
        let names = if batches.is_empty() {
            self.columns()?
        } else {
            Vec::new()
        };
        arrow_frame::to_polars(&batches, &names)
    }

    /// The first `n` rows of the result, as a polars frame (the cluster computes only those).
    pub fn head(&self, n: usize) -> Result<DataFrame> {
        self.limit(n).collect()
    }

    /// The number of rows of the result (counted on the cluster).
    pub fn count(&self) -> Result<usize> {
        let df = self.df.clone();
        let n = job::run(
            &self.session,
            &format!("{}.count()", self.query),
            move |_| df.count(),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The result's column names (Spark analyses the query; no job runs).
    pub fn columns(&self) -> Result<Vec<String>> {
        let df = self.df.clone();
        job::run(
            &self.session,
            &format!("{}.columns()", self.query),
            move |_| df.columns(),
        )
    }

    /// The result's columns and Spark types, e.g. `("duree_min", "double")`.
    pub fn dtypes(&self) -> Result<Vec<(String, String)>> {
        let df = self.df.clone();
        job::run(
            &self.session,
            &format!("{}.dtypes()", self.query),
            move |_| df.dtypes(),
        )
    }

    /// Writes the result as a folder of Parquet files at `path`, as the cluster sees it
    /// (replacing what is there, as sdia's `write_parquet` does). Each executor writes its part.
    pub fn write_parquet(&self, path: &str) -> Result<()> {
        let df = self.df.clone();
        let target = path.to_string();
        job::run(
            &self.session,
            &format!("{}.write_parquet({path:?})", self.query),
            move |_| df.write().mode("overwrite").parquet(&target),
        )
    }

    /// Writes the result as a folder of CSV files (with a header line) at `path`, replacing
    /// what is there.
    pub fn write_csv(&self, path: &str) -> Result<()> {
        let df = self.df.clone();
        let target = path.to_string();
        job::run(
            &self.session,
            &format!("{}.write_csv({path:?})", self.query),
            move |_| {
                df.write()
                    .mode("overwrite")
                    .option("header", "true")
                    .csv(&target)
            },
        )
    }

    /// Names the query as a temporary view that later SQL can read (`FROM name`).
    pub fn create_view(&self, name: &str) -> Result<()> {
        let df = self.df.clone();
        let view = name.to_string();
        job::run(
            &self.session,
            &format!("{}.create_view({name:?})", self.query),
            move |_| df.create_or_replace_temp_view(&view),
        )
    }
}

impl std::fmt::Debug for SparkFrame {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SparkFrame({})", self.query)
    }
}

impl RichDisplay for SparkFrame {
    /// What the query is and which columns it gives; nothing is computed (a frame on a cluster
    /// may have billions of rows): `.head(10)` shows rows.
    fn mime_bundle(&self) -> MimeBundle {
        let columns = match self.dtypes() {
            Ok(dtypes) => dtypes
                .iter()
                .map(|(name, dtype)| format!("{name}: {dtype}"))
                .collect::<Vec<_>>()
                .join(", "),
            Err(e) => format!("(Spark cannot analyse this query: {e})"),
        };
        let text = format!(
            "SparkFrame, on the cluster, not computed: {}\ncolumns: {columns}\n\
             .head(10) shows the first rows, .collect() brings the result back, .count() counts it",
            self.query
        );
        let html = format!(
            "<div><b>SparkFrame</b>, on the cluster, not computed: <code>{}</code><br>\
             columns: {}<br><small>.head(10) shows the first rows, .collect() brings the \
             result back, .count() counts it</small></div>",
            crate::table::escape_html(&self.query),
            crate::table::escape_html(&columns)
        );
        vec![("text/plain".into(), text), ("text/html".into(), html)]
    }
}

/// Rows grouped by keys, waiting for their aggregates.
#[derive(Clone)]
pub struct SparkGroupBy {
    frame: SparkFrame,
    grouped: GroupedData,
    keys: String,
}

impl SparkGroupBy {
    /// One row per group: the keys and the SQL aggregates listed, e.g.
    /// `&["count(*) AS trajets", "avg(duree_min) AS duree_moyenne"]`.
    pub fn agg(&self, aggregates: &[&str]) -> SparkFrame {
        let exprs = aggregates
            .iter()
            .map(|a| expr(a).expression().clone())
            .collect();
        self.frame.then(
            self.grouped.agg(exprs),
            format!("{}.agg({aggregates:?})", self.keys),
        )
    }

    /// One row per group: the keys and the number of rows (`count`).
    pub fn count(&self) -> SparkFrame {
        self.frame
            .then(self.grouped.count(), format!("{}.count()", self.keys))
    }
}

impl std::fmt::Debug for SparkGroupBy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SparkGroupBy({}.{})", self.frame.query, self.keys)
    }
}
