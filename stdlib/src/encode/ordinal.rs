//! Ordinal encoding fitted once (scikit-learn's `OrdinalEncoder`): each category becomes an
//! integer code, 0 for the first, in sorted order or in an order given for the column (low <
//! medium < high), and codes can be turned back into categories.

use super::{Unknown, codes, encoded_columns, sorted_categories};
use crate::clean::{frame_of, replaced, titled_frame};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::frame::ColumnNames;
use polars::prelude::*;
use std::collections::{HashMap, HashSet};

/// The parameters of an ordinal encoder: the columns to encode (all text and categorical
/// columns when the list is empty), an optional order per column (default: sorted, and
/// integers as numbers), what to do with unknown categories.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("level" => ["high", "low", "medium", "low"]).unwrap();
/// let encoder = OrdinalEncoder::new(&["level"])
///     .order("level", &["low", "medium", "high"])
///     .fit(&df)
///     .unwrap();
/// let out = encoder.transform(&df).unwrap();
/// let codes: Vec<i64> = out.column("level").unwrap().i64().unwrap().no_null_iter().collect();
/// assert_eq!(codes, [2, 0, 1, 0]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrdinalEncoder {
    columns: Vec<String>,
    orders: Vec<(String, Vec<String>)>,
    unknown: Unknown,
}

impl OrdinalEncoder {
    /// An encoder of these columns (every text and categorical column if empty), with
    /// sorted categories and unknown categories as errors, until told otherwise.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("c" => ["b", "a"]).unwrap();
    /// let out = OrdinalEncoder::new(&["c"]).fit(&df).unwrap().transform(&df).unwrap();
    /// assert_eq!(out.column("c").unwrap().i64().unwrap().get(0), Some(1));
    /// ```
    pub fn new(columns: impl ColumnNames) -> OrdinalEncoder {
        let columns = columns.names();
        let columns = columns.as_slice();
        OrdinalEncoder {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            orders: Vec::new(),
            unknown: Unknown::Error,
        }
    }

    /// The categories of `column` in this order: the first gets code 0. Every present value of
    /// the column must be in the list at fit time, unless unknown categories are ignored.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("size" => ["M", "XL"]).unwrap();
    /// let err = OrdinalEncoder::new(&["size"]).order("size", &["S", "M", "L"]).fit(&df);
    /// assert!(err.unwrap_err().to_string().contains("'XL'"));
    /// ```
    pub fn order(mut self, column: &str, categories: &[&str]) -> OrdinalEncoder {
        self.orders.push((
            column.to_string(),
            categories.iter().map(|c| c.to_string()).collect(),
        ));
        self
    }

    /// What `transform` does with a category not seen at fit time (see [`Unknown`]): with
    /// `Unknown::Ignore` its code is null.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let fitted = OrdinalEncoder::new(&["c"]).unknown(Unknown::Ignore)
    ///     .fit(&df!("c" => ["a"]).unwrap()).unwrap();
    /// let out = fitted.transform(&df!("c" => ["z"]).unwrap()).unwrap();
    /// assert_eq!(out.column("c").unwrap().i64().unwrap().get(0), None);
    /// ```
    pub fn unknown(mut self, unknown: Unknown) -> OrdinalEncoder {
        self.unknown = unknown;
        self
    }

    /// Learns the categories of each column. Errors: a missing column, a float column, a
    /// column without any present value (and no order), an order for a column that is not
    /// encoded, an empty order or one with a repeated category, a value outside the given
    /// order (with `Unknown::Error`).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("c" => ["a"]).unwrap();
    /// assert!(OrdinalEncoder::new(&["c"]).order("d", &["x"]).fit(&df).is_err());
    /// ```
    pub fn fit(&self, df: &DataFrame) -> Result<FittedOrdinal> {
        let names = encoded_columns(df, &self.columns)?;
        let mut orders: HashMap<&str, &Vec<String>> = HashMap::new();
        for (column, order) in &self.orders {
            if !names.contains(column) {
                return Err(SdiaError::InvalidInput(format!(
                    "an order is given for column '{column}', which is not encoded: add it to \
                     OrdinalEncoder::new(&[..]) or remove the order"
                )));
            }
            if orders.insert(column.as_str(), order).is_some() {
                return Err(SdiaError::InvalidInput(format!(
                    "two orders are given for column '{column}': keep one"
                )));
            }
            check_order(column, order)?;
        }
        let mut encoded = Vec::with_capacity(names.len());
        for column in names {
            let labels = frame::labels(df, &column)?;
            let categories = match orders.get(column.as_str()) {
                None => sorted_categories(df, &column)?,
                Some(order) => {
                    if self.unknown == Unknown::Error {
                        let known: HashSet<&str> = order.iter().map(String::as_str).collect();
                        if let Some(v) = labels
                            .iter()
                            .flatten()
                            .find(|v| !known.contains(v.as_str()))
                        {
                            return Err(SdiaError::InvalidInput(format!(
                                "column '{column}' has the value '{v}', which is not in the order \
                                 given for it: add it to .order(\"{column}\", &[..]) or choose \
                                 Unknown::Ignore"
                            )));
                        }
                    }
                    order.to_vec()
                }
            };
            let dtype = frame::column(df, &column)?.dtype().clone();
            encoded.push(Ordinal {
                column,
                categories,
                dtype,
            });
        }
        Ok(FittedOrdinal {
            encoded,
            unknown: self.unknown,
        })
    }
}

impl OrdinalEncoder {
    /// [`fit`](OrdinalEncoder::fit) on `df`, then [`transform`](FittedOrdinal::transform) of
    /// the same frame.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("c" => ["b", "a", "b"]).unwrap();
    /// let out = OrdinalEncoder::new(&["c"]).fit_transform(&df).unwrap();
    /// let codes: Vec<i64> = out.column("c").unwrap().i64().unwrap().no_null_iter().collect();
    /// assert_eq!(codes, [1, 0, 1]);
    /// ```
    pub fn fit_transform(&self, df: &DataFrame) -> Result<DataFrame> {
        self.fit(df)?.transform(df)
    }
}

fn check_order(column: &str, order: &[String]) -> Result<()> {
    if order.is_empty() {
        return Err(SdiaError::InvalidInput(format!(
            "the order given for column '{column}' is empty: list its categories, first = code 0"
        )));
    }
    let mut seen = HashSet::new();
    for c in order {
        if !seen.insert(c.as_str()) {
            return Err(SdiaError::InvalidInput(format!(
                "the order given for column '{column}' lists '{c}' twice: list each category once"
            )));
        }
    }
    Ok(())
}

/// The categories learnt for one column, in code order, and the column's type at fit time.
#[derive(Debug, Clone, PartialEq)]
struct Ordinal {
    column: String,
    categories: Vec<String>,
    dtype: DataType,
}

/// An ordinal encoder fitted on training data: the categories of each column in code order.
/// Shows its [`categories`](FittedOrdinal::categories) in the notebook.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedOrdinal {
    encoded: Vec<Ordinal>,
    unknown: Unknown,
}

impl FittedOrdinal {
    /// `df` with each encoded column replaced, at its place, by its Int64 codes (0 for the
    /// first category). Nulls stay null; a category never seen at fit time is an error, or a
    /// null code with `Unknown::Ignore`.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let train = df!("c" => ["b", "a", "c"]).unwrap();
    /// let fitted = OrdinalEncoder::new(&["c"]).fit(&train).unwrap();
    /// let test = df!("c" => [Some("c"), None, Some("a")]).unwrap();
    /// let out = fitted.transform(&test).unwrap();
    /// let codes: Vec<Option<i64>> = out.column("c").unwrap().i64().unwrap().iter().collect();
    /// assert_eq!(codes, [Some(2), None, Some(0)]);
    /// ```
    pub fn transform(&self, df: &DataFrame) -> Result<DataFrame> {
        let mut out = df.clone();
        for e in &self.encoded {
            let codes = codes(&e.categories);
            let mut values = Vec::with_capacity(df.height());
            for label in frame::labels(df, &e.column)? {
                let code = match label {
                    None => None,
                    Some(l) => self.unknown.code(&codes, &e.column, &l)?.map(|i| i as i64),
                };
                values.push(code);
            }
            out = replaced(
                &out,
                &e.column,
                Column::new(e.column.as_str().into(), values),
            )?;
        }
        Ok(out)
    }

    /// The reverse of [`transform`](FittedOrdinal::transform): each encoded column's integer
    /// codes replaced by the categories, in the column's type at fit time. Nulls stay null; a
    /// code that is not one of the encoder's is an error naming the column and the row.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("c" => ["b", "a"]).unwrap();
    /// let fitted = OrdinalEncoder::new(&["c"]).fit(&df).unwrap();
    /// let back = fitted.inverse_transform(&fitted.transform(&df).unwrap()).unwrap();
    /// assert!(back.equals(&df));
    /// ```
    pub fn inverse_transform(&self, df: &DataFrame) -> Result<DataFrame> {
        let mut out = df.clone();
        for e in &self.encoded {
            let c = frame::column(df, &e.column)?;
            if !c.dtype().is_integer() {
                return Err(SdiaError::InvalidInput(format!(
                    "column '{}' is {}, but inverse_transform needs the integer codes made \
                     by transform",
                    e.column,
                    c.dtype()
                )));
            }
            let codes = c.as_materialized_series().cast(&DataType::Int64)?;
            let mut values: Vec<Option<&str>> = Vec::with_capacity(df.height());
            for (row, code) in codes.i64()?.iter().enumerate() {
                let Some(code) = code else {
                    values.push(None);
                    continue;
                };
                let category = usize::try_from(code)
                    .ok()
                    .and_then(|i| e.categories.get(i))
                    .ok_or_else(|| {
                        SdiaError::InvalidInput(format!(
                            "column '{}', row {row}: {code} is not a code of this encoder \
                             (0 to {})",
                            e.column,
                            e.categories.len().saturating_sub(1)
                        ))
                    })?;
                values.push(Some(category.as_str()));
            }
            let mut restored = Column::new(e.column.as_str().into(), values);
            if e.dtype != DataType::String {
                restored = restored.cast(&e.dtype)?;
            }
            out = replaced(&out, &e.column, restored)?;
        }
        Ok(out)
    }

    /// What was learnt: one row per category with `column`, `code` and `category`.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("c" => ["b", "a"]).unwrap();
    /// let cats = OrdinalEncoder::new(&["c"]).fit(&df).unwrap().categories();
    /// assert_eq!(cats.column("category").unwrap().str().unwrap().get(0), Some("a"));
    /// assert_eq!(cats.column("code").unwrap().i64().unwrap().get(0), Some(0));
    /// ```
    pub fn categories(&self) -> DataFrame {
        let mut columns = Vec::new();
        let mut codes = Vec::new();
        let mut categories = Vec::new();
        for e in &self.encoded {
            for (i, c) in e.categories.iter().enumerate() {
                columns.push(e.column.as_str());
                codes.push(i as i64);
                categories.push(c.as_str());
            }
        }
        frame_of(vec![
            Column::new("column".into(), columns),
            Column::new("code".into(), codes),
            Column::new("category".into(), categories),
        ])
        .unwrap_or_default()
    }
}

impl RichDisplay for FittedOrdinal {
    fn mime_bundle(&self) -> MimeBundle {
        titled_frame(
            "Fitted ordinal encoder",
            &self.categories(),
            &format!("unknown categories: {}", self.unknown.name()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::OneHotEncoder;

    fn codes(df: &DataFrame, name: &str) -> Vec<Option<i64>> {
        df.column(name).unwrap().i64().unwrap().iter().collect()
    }

    #[test]
    fn sorted_codes_in_place_and_integers_sort_as_numbers() {
        let df = df!("n" => [10, 9, 100, 9], "t" => ["b", "a", "c", "a"]).unwrap();
        let fitted = OrdinalEncoder::new(&[]).fit(&df).unwrap(); // "t" only
        let out = fitted.transform(&df).unwrap();
        assert_eq!(out.get_column_names(), ["n", "t"]);
        assert_eq!(codes(&out, "t"), [Some(1), Some(0), Some(2), Some(0)]);
        let fitted = OrdinalEncoder::new(&["n"]).fit(&df).unwrap();
        assert_eq!(
            codes(&fitted.transform(&df).unwrap(), "n"),
            [Some(1), Some(0), Some(2), Some(0)]
        );
        // and back, in the original type
        let back = fitted
            .inverse_transform(&fitted.transform(&df).unwrap())
            .unwrap();
        assert!(back.equals(&df));
    }

    #[test]
    fn categorical_columns_round_trip() {
        let cat = DataType::from_categories(Categories::global());
        let c = Column::new("c".into(), [Some("low"), None, Some("high")])
            .cast(&cat)
            .unwrap();
        let df = DataFrame::new_infer_height(vec![c]).unwrap();
        let fitted = OrdinalEncoder::new(&[])
            .order("c", &["low", "high"])
            .fit(&df)
            .unwrap();
        let coded = fitted.transform(&df).unwrap();
        assert_eq!(codes(&coded, "c"), [Some(0), None, Some(1)]);
        let back = fitted.inverse_transform(&coded).unwrap();
        assert_eq!(back.column("c").unwrap().dtype(), &cat);
        let onehot = OneHotEncoder::new(&[]).fit_transform(&df).unwrap();
        assert_eq!(onehot.get_column_names(), ["c_high", "c_low"]);
        let filled = crate::clean::Imputer::new()
            .mode(&["c"])
            .fit_transform(&df)
            .unwrap();
        assert_eq!(filled.column("c").unwrap().dtype(), &cat);
        assert_eq!(filled.column("c").unwrap().null_count(), 0);
    }

    #[test]
    fn unseen_categories_error_or_give_null() {
        let train = df!("c" => ["a", "b"]).unwrap();
        let test = df!("c" => ["b", "new"]).unwrap();
        let strict = OrdinalEncoder::new(&["c"]).fit(&train).unwrap();
        assert!(matches!(
            strict.transform(&test),
            Err(SdiaError::UnknownCategory { .. })
        ));
        let lenient = OrdinalEncoder::new(&["c"])
            .unknown(Unknown::Ignore)
            .fit(&train)
            .unwrap();
        assert_eq!(
            codes(&lenient.transform(&test).unwrap(), "c"),
            [Some(1), None]
        );
    }

    #[test]
    fn order_rules() {
        let df = df!("c" => [Some("mid"), None, Some("low")]).unwrap();
        let e = OrdinalEncoder::new(&["c"])
            .order("c", &[])
            .fit(&df)
            .unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
        let e = OrdinalEncoder::new(&["c"])
            .order("c", &["low", "low", "mid"])
            .fit(&df)
            .unwrap_err();
        assert!(e.to_string().contains("twice"), "{e}");
        let e = OrdinalEncoder::new(&["c"])
            .order("c", &["low", "mid"])
            .order("c", &["mid", "low"])
            .fit(&df)
            .unwrap_err();
        assert!(e.to_string().contains("two orders"), "{e}");
        // an order may list categories absent from the data, and ignore unknown ones
        let fitted = OrdinalEncoder::new(&["c"])
            .order("c", &["low", "high"])
            .unknown(Unknown::Ignore)
            .fit(&df)
            .unwrap();
        assert_eq!(
            codes(&fitted.transform(&df).unwrap(), "c"),
            [None, None, Some(0)]
        );
        assert_eq!(fitted.categories().height(), 2);
    }

    #[test]
    fn bad_input_is_an_error() {
        let df = df!("c" => ["a", "b"], "f" => [0.5, 1.5]).unwrap();
        assert!(matches!(
            OrdinalEncoder::new(&["f"]).fit(&df),
            Err(SdiaError::NotCategorical { .. })
        ));
        let fitted = OrdinalEncoder::new(&["c"]).fit(&df).unwrap();
        let bad_code = df!("c" => [Some(0i64), None, Some(5)]).unwrap();
        let e = fitted.inverse_transform(&bad_code).unwrap_err().to_string();
        assert!(
            e.contains("'c'") && e.contains("row 2") && e.contains("0 to 1"),
            "{e}"
        );
        let negative = df!("c" => [-1i64]).unwrap();
        assert!(fitted.inverse_transform(&negative).is_err());
        assert!(fitted.inverse_transform(&df).is_err()); // text, not codes
        assert!(matches!(
            fitted.transform(&df!("x" => ["a"]).unwrap()),
            Err(SdiaError::ColumnNotFound { .. })
        ));
        assert!(
            fitted.mime_bundle()[0]
                .1
                .contains("unknown categories: error")
        );
    }
}
