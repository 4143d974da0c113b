//! Queries on a frame kept in a variable, without `.clone().lazy()`: pandas' `df[mask]`,
//! `df.assign(...)` and `df.sort_values(...)` in one call each.
//!
//! polars' lazy API takes the frame by value (`df.lazy()` consumes `df`), so a frame that a
//! later cell still needs is written `df.clone().lazy().filter(…).collect()?`. The
//! [`FrameQuery`] trait, in the prelude, borrows the frame instead:
//!
//! | pandas | polars | sdia |
//! |---|---|---|
//! | `df[df.x > 3]` | `df.clone().lazy().filter(col("x").gt(lit(3))).collect()?` | `df.rows_where(col("x").gt(lit(3)))?` |
//! | `df.assign(y=df.x * 2)` | `df.clone().lazy().with_columns([(col("x") * lit(2)).alias("y")]).collect()?` | `df.assign([(col("x") * lit(2)).alias("y")])?` |
//! | `df.sort_values("x")` | `df.sort(["x"], Default::default())?` | `df.sorted_by("x")?` |
//! | `df.sort_values("x", ascending=False)` | `df.sort(["x"], SortMultipleOptions::default().with_order_descending(true))?` | `df.sorted_by_descending("x")?` |
//! | a longer query | `df.clone().lazy()` | `df.to_lazy()` |
//!
//! Copying a frame this way is cheap: polars shares the columns' memory between the copies
//! (the data is not duplicated), so the original stays usable at no cost.
//!
//! ```
//! use sdia::prelude::*;
//!
//! # fn main() -> Result<(), SdiaError> {
//! let penguins = dataset("penguins")?;
//! let heavy = penguins.rows_where(col("body_mass_g").gt(lit(5000)))?;
//! assert_eq!(heavy.height(), 61);
//! let in_kg = penguins.assign([(col("body_mass_g") / lit(1000.0)).alias("body_mass_kg")])?;
//! assert_eq!(in_kg.width(), penguins.width() + 1);
//! let lightest = penguins.sorted_by("body_mass_g")?;
//! assert_eq!(lightest.value_f64("body_mass_g", 0)?, 2700.0);
//! // `penguins` is still there: nothing above consumed it
//! assert_eq!(penguins.height(), 344);
//! # Ok(())
//! # }
//! ```

use crate::error::{Result, SdiaError};
use crate::frame;
use polars::prelude::*;

/// Queries that borrow the frame (see the [module page](crate::query) for the pandas and
/// polars equivalents). Each one runs at once and gives a new frame; the frame it was called
/// on is unchanged.
pub trait FrameQuery {
    /// The frame as a [`LazyFrame`], to chain polars' lazy operations (`filter`, `group_by`,
    /// `join`, …) and `collect()` them: `df.clone().lazy()`, in words. The copy shares the
    /// columns' memory, it does not duplicate the data.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("city" => ["Lyon", "Nice", "Lyon"], "rain" => [2.0, 0.5, 4.0]).unwrap();
    /// let per_city = df
    ///     .to_lazy()
    ///     .group_by([col("city")])
    ///     .agg([col("rain").sum()])
    ///     .sort(["city"], Default::default())
    ///     .collect()
    ///     .unwrap();
    /// assert_eq!(per_city.f64_values("rain").unwrap(), [6.0, 0.5]);
    /// assert_eq!(df.height(), 3); // df is still usable
    /// ```
    fn to_lazy(&self) -> LazyFrame;

    /// The rows where `predicate` is true, in their order (pandas' `df[mask]`, polars'
    /// `filter`). A row where the predicate is null (a missing value compared) is left out,
    /// as in pandas and polars.
    ///
    /// Errors: a column the frame does not have (the message lists those it has), or a
    /// predicate that is not true/false (e.g. `col("x")` alone on a number column).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("city" => ["Lyon", "Nice", "Lille"], "rain" => [2.0, 0.5, 4.0]).unwrap();
    /// let wet = df.rows_where(col("rain").gt_eq(lit(2.0))).unwrap();
    /// assert_eq!(wet.text_values("city").unwrap(), ["Lyon", "Lille"]);
    /// let both = df.rows_where(col("rain").gt(lit(1.0)).and(col("city").neq(lit("Lyon")))).unwrap();
    /// assert_eq!(both.text_values("city").unwrap(), ["Lille"]);
    /// assert!(df.rows_where(col("snow").gt(lit(0.0))).is_err());
    /// ```
    fn rows_where(&self, predicate: Expr) -> Result<DataFrame>;

    /// The frame with the columns computed by `exprs` added, or replaced when an expression's
    /// name is already a column (pandas' `assign`, polars' `with_columns`). Name each new
    /// column with `.alias("name")`.
    ///
    /// Errors: a column the frame does not have (listing those it has), or two expressions
    /// giving the same name.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("price" => [10.0, 20.0], "qty" => [3, 1]).unwrap();
    /// let sales = df
    ///     .assign([
    ///         (col("price") * col("qty")).alias("total"),
    ///         lit("EUR").alias("currency"),
    ///     ])
    ///     .unwrap();
    /// assert_eq!(sales.f64_values("total").unwrap(), [30.0, 20.0]);
    /// assert_eq!(sales.text_values("currency").unwrap(), ["EUR", "EUR"]);
    /// ```
    fn assign<E: AsRef<[Expr]>>(&self, exprs: E) -> Result<DataFrame>;

    /// The rows sorted by `column`, smallest first; missing values last; rows with equal
    /// values keep their order (pandas' `sort_values`, a stable sort).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("city" => ["Lyon", "Nice", "Lille"], "rain" => [Some(2.0), None, Some(0.5)]).unwrap();
    /// let sorted = df.sorted_by("rain").unwrap();
    /// assert_eq!(sorted.text_values("city").unwrap(), ["Lille", "Lyon", "Nice"]);
    /// ```
    fn sorted_by(&self, column: &str) -> Result<DataFrame>;

    /// The rows sorted by `column`, largest first; missing values last; rows with equal values
    /// keep their order (pandas' `sort_values(ascending=False)`).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("city" => ["Lyon", "Nice", "Lille"], "rain" => [Some(2.0), None, Some(0.5)]).unwrap();
    /// let sorted = df.sorted_by_descending("rain").unwrap();
    /// assert_eq!(sorted.text_values("city").unwrap(), ["Lyon", "Lille", "Nice"]);
    /// ```
    fn sorted_by_descending(&self, column: &str) -> Result<DataFrame>;
}

impl FrameQuery for DataFrame {
    fn to_lazy(&self) -> LazyFrame {
        self.clone().lazy()
    }

    fn rows_where(&self, predicate: Expr) -> Result<DataFrame> {
        require_roots(self, "rows_where", std::slice::from_ref(&predicate))?;
        self.to_lazy()
            .filter(predicate)
            .collect()
            .map_err(|e| explained(self, "rows_where", e))
    }

    fn assign<E: AsRef<[Expr]>>(&self, exprs: E) -> Result<DataFrame> {
        require_roots(self, "assign", exprs.as_ref())?;
        self.to_lazy()
            .with_columns(exprs.as_ref())
            .collect()
            .map_err(|e| explained(self, "assign", e))
    }

    fn sorted_by(&self, column: &str) -> Result<DataFrame> {
        sort(self, column, false)
    }

    fn sorted_by_descending(&self, column: &str) -> Result<DataFrame> {
        sort(self, column, true)
    }
}

fn sort(df: &DataFrame, column: &str, descending: bool) -> Result<DataFrame> {
    frame::column(df, column)?;
    let options = SortMultipleOptions::default()
        .with_order_descending(descending)
        .with_nulls_last(true)
        .with_maintain_order(true);
    Ok(df.sort([column], options)?)
}

/// Every column the expressions read is in the frame: an error naming the first one that is
/// not, and listing those the frame has (polars' own message carries its query plan).
fn require_roots(df: &DataFrame, what: &str, exprs: &[Expr]) -> Result<()> {
    for expr in exprs {
        for name in expr.clone().meta().root_names() {
            if df.column(name.as_str()).is_err() {
                return Err(SdiaError::InvalidInput(format!(
                    "{what}: the frame has no column '{name}'; it has: {}",
                    frame::names(df).join(", ")
                )));
            }
        }
    }
    Ok(())
}

/// A polars error of a query, without the query plan polars wraps around it.
fn explained(df: &DataFrame, what: &str, e: PolarsError) -> SdiaError {
    let mut e = e;
    while let PolarsError::Context { error, .. } | PolarsError::ExprContext { error, .. } = e {
        e = *error;
    }
    match e {
        PolarsError::ColumnNotFound(message) => SdiaError::InvalidInput(format!(
            "{what}: {message}; the frame has: {}",
            frame::names(df).join(", ")
        )),
        PolarsError::InvalidOperation(message) | PolarsError::SchemaMismatch(message) => {
            SdiaError::InvalidInput(format!(
                "{what}: {message} (a filter needs a true/false expression such as \
                 col(\"x\").gt(lit(3)); a new column needs .alias(\"name\"))"
            ))
        }
        other => SdiaError::Polars(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::FrameValues;

    fn sample() -> DataFrame {
        df!(
            "city" => ["Lyon", "Nice", "Lille", "Brest"],
            "rain" => [Some(2.0), None, Some(0.5), Some(2.0)],
        )
        .unwrap()
    }

    #[test]
    fn rows_where_drops_rows_whose_predicate_is_null() {
        let df = sample();
        let dry = df.rows_where(col("rain").lt(lit(1.0))).unwrap();
        assert_eq!(dry.text_values("city").unwrap(), ["Lille"]);
        let not_dry = df.rows_where(col("rain").lt(lit(1.0)).not()).unwrap();
        assert_eq!(not_dry.text_values("city").unwrap(), ["Lyon", "Brest"]);
        assert_eq!(df.height(), 4);
    }

    #[test]
    fn errors_name_the_missing_column_and_list_the_others() {
        let df = sample();
        let e = df
            .rows_where(col("snow").gt(lit(0)))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("rows_where") && e.contains("snow") && e.contains("city, rain"),
            "{e}"
        );
        let e = df.assign([col("snow").alias("s")]).unwrap_err().to_string();
        assert!(e.contains("assign") && e.contains("snow"), "{e}");
        let e = df.sorted_by("snow").unwrap_err().to_string();
        assert!(e.contains("snow") && e.contains("city, rain"), "{e}");
        let e = df.rows_where(col("rain")).unwrap_err().to_string();
        assert!(e.contains("rows_where"), "{e}");
    }

    #[test]
    fn assign_replaces_a_column_of_the_same_name() {
        let df = sample();
        let doubled = df.assign([col("rain") * lit(2.0)]).unwrap();
        assert_eq!(doubled.width(), 2);
        assert_eq!(
            doubled.f64_options("rain").unwrap(),
            [Some(4.0), None, Some(1.0), Some(4.0)]
        );
        let exprs = vec![lit(1).alias("one"), lit(2).alias("two")];
        assert_eq!(df.assign(&exprs).unwrap().width(), 4);
    }

    #[test]
    fn sorts_are_stable_with_missing_values_last() {
        let df = sample();
        let up = df.sorted_by("rain").unwrap();
        assert_eq!(
            up.text_values("city").unwrap(),
            ["Lille", "Lyon", "Brest", "Nice"]
        );
        let down = df.sorted_by_descending("rain").unwrap();
        assert_eq!(
            down.text_values("city").unwrap(),
            ["Lyon", "Brest", "Lille", "Nice"]
        );
    }
}
