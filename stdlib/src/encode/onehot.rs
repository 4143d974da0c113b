//! One-hot encoding fitted once (scikit-learn's `OneHotEncoder`, with pandas' `get_dummies`
//! column names): each category learnt at fit time becomes a 0/1 column `<col>_<value>`, and
//! new data gets exactly those columns.

use super::{Unknown, encoded_columns, sorted_categories};
use crate::clean::{frame_of, titled_frame};
use crate::cluster::common::par_map;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::frame::ColumnNames;
use crate::strings;
use polars::prelude::*;
use std::collections::{HashMap, HashSet};

/// The parameters of a one-hot encoder: the columns to encode (all text and categorical columns
/// when the list is empty), what to do with unknown categories, whether to drop the
/// first category of each column (to avoid collinear columns in a linear model).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("size" => ["S", "M", "L", "M"], "price" => [1.0, 2.0, 3.0, 2.5]).unwrap();
/// let encoder = OneHotEncoder::new(&["size"]).drop_first(true).fit(&df).unwrap();
/// assert_eq!(encoder.output_columns(), ["size_M", "size_S"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OneHotEncoder {
    columns: Vec<String>,
    unknown: Unknown,
    drop_first: bool,
}

impl OneHotEncoder {
    /// An encoder of these columns (every text and categorical column if empty);
    /// unknown categories are errors and no category is dropped, until told otherwise.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("c" => ["x", "y"], "n" => [1.0, 2.0]).unwrap();
    /// let encoder = OneHotEncoder::new(&[]).fit(&df).unwrap(); // "c" only
    /// assert_eq!(encoder.output_columns(), ["c_x", "c_y"]);
    /// ```
    pub fn new(columns: impl ColumnNames) -> OneHotEncoder {
        let columns = columns.names();
        let columns = columns.as_slice();
        OneHotEncoder {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            unknown: Unknown::Error,
            drop_first: false,
        }
    }

    /// What `transform` does with a category not seen at fit time (see [`Unknown`]).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let encoder = OneHotEncoder::new(&["c"]).unknown(Unknown::Ignore);
    /// let fitted = encoder.fit(&df!("c" => ["a"]).unwrap()).unwrap();
    /// let out = fitted.transform(&df!("c" => ["b"]).unwrap()).unwrap();
    /// assert_eq!(out.column("c_a").unwrap().u8().unwrap().get(0), Some(0));
    /// ```
    pub fn unknown(mut self, unknown: Unknown) -> OneHotEncoder {
        self.unknown = unknown;
        self
    }

    /// With `true`, the first category (in sorted order) of each column gets no column: it is
    /// the row with all zeros (pandas' `drop_first`).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("yes" => [true, false]).unwrap();
    /// let fitted = OneHotEncoder::new(&["yes"]).drop_first(true).fit(&df).unwrap();
    /// assert_eq!(fitted.output_columns(), ["yes_true"]);
    /// ```
    pub fn drop_first(mut self, drop_first: bool) -> OneHotEncoder {
        self.drop_first = drop_first;
        self
    }

    /// Learns the sorted categories of each column. Errors: a missing column, a float column
    /// (its values are rarely categories: bin it first), a column without any present value.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [0.5, 1.5]).unwrap();
    /// assert!(matches!(
    ///     OneHotEncoder::new(&["x"]).fit(&df),
    ///     Err(SdiaError::NotCategorical { .. })
    /// ));
    /// ```
    pub fn fit(&self, df: &DataFrame) -> Result<FittedOneHot> {
        let names = encoded_columns(df, &self.columns)?;
        // One pass per column, the columns shared between the cores.
        let encoded = par_map(&names, df.height(), |column| {
            let categories = sorted_categories(df, column)?;
            Ok(Encoded {
                column: column.clone(),
                categories,
            })
        })
        .into_iter()
        .collect::<Result<Vec<_>>>()?;
        Ok(FittedOneHot {
            encoded,
            unknown: self.unknown,
            drop_first: self.drop_first,
        })
    }
}

impl OneHotEncoder {
    /// [`fit`](OneHotEncoder::fit) on `df`, then [`transform`](FittedOneHot::transform) of the
    /// same frame (pandas' `get_dummies`, with the encoder's options).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("c" => ["b", "a"]).unwrap();
    /// let out = OneHotEncoder::new(&["c"]).fit_transform(&df).unwrap();
    /// assert_eq!(out.get_column_names(), ["c_a", "c_b"]);
    /// ```
    pub fn fit_transform(&self, df: &DataFrame) -> Result<DataFrame> {
        self.fit(df)?.transform(df)
    }
}

/// The categories learnt for one column.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Encoded {
    column: String,
    categories: Vec<String>,
}

impl Encoded {
    /// The categories that get a column.
    fn kept(&self, drop_first: bool) -> &[String] {
        let skip = usize::from(drop_first).min(self.categories.len());
        self.categories.get(skip..).unwrap_or_default()
    }
}

/// A one-hot encoder fitted on training data: the categories of each column, in sorted order.
/// Shows its [`categories`](FittedOneHot::categories) in the notebook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FittedOneHot {
    encoded: Vec<Encoded>,
    unknown: Unknown,
    drop_first: bool,
}

impl FittedOneHot {
    /// `df` with each encoded column replaced, at its place, by one UInt8 column (0/1) per
    /// learnt category, named `<col>_<value>`, categories in sorted order. A null gives all
    /// zeros; a category absent from `df` still gets its column (all zeros); a category never
    /// seen at fit time is an error or all zeros, as chosen with
    /// [`unknown`](OneHotEncoder::unknown).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let train = df!("id" => [1, 2, 3], "color" => ["red", "green", "blue"]).unwrap();
    /// let encoder = OneHotEncoder::new(&["color"]).fit(&train).unwrap();
    /// let test = df!("id" => [4, 5], "color" => [Some("red"), None]).unwrap();
    /// let out = encoder.transform(&test).unwrap();
    /// assert_eq!(out.get_column_names(), ["id", "color_blue", "color_green", "color_red"]);
    /// let red: Vec<u8> = out.column("color_red").unwrap().u8().unwrap().no_null_iter().collect();
    /// assert_eq!(red, [1, 0]);
    /// ```
    pub fn transform(&self, df: &DataFrame) -> Result<DataFrame> {
        let mut dummies: HashMap<&str, Vec<Column>> = HashMap::new();
        let encoded = par_map(&self.encoded, df.height(), |e| self.encode(df, e));
        for (e, columns) in self.encoded.iter().zip(encoded) {
            dummies.insert(e.column.as_str(), columns?);
        }
        let mut columns = Vec::new();
        let mut names = HashSet::new();
        for c in df.columns() {
            let produced = match dummies.remove(c.name().as_str()) {
                Some(d) => d,
                None => vec![c.clone()],
            };
            for p in produced {
                if !names.insert(p.name().to_string()) {
                    return Err(SdiaError::InvalidInput(format!(
                        "one-hot encoding makes a column '{}' but the frame has one already: \
                         rename that column first",
                        p.name()
                    )));
                }
                columns.push(p);
            }
        }
        Ok(DataFrame::new(df.height(), columns)?)
    }

    /// The 0/1 columns of one encoded column: one pass gives each row the position of its
    /// category, then each kept category's column is one comparison per row; with
    /// `Unknown::Error`, a row matched by no category (and not null) is reported.
    fn encode(&self, df: &DataFrame, e: &Encoded) -> Result<Vec<Column>> {
        let labels = frame::label_series(df, &e.column)?;
        let codes = strings::codes(&labels, &e.categories);
        if self.unknown == Unknown::Error
            && let Some(row) = codes.iter().position(|&c| c == strings::UNKNOWN)
        {
            return Err(SdiaError::UnknownCategory {
                column: e.column.clone(),
                value: labels.get(row).unwrap_or_default().to_string(),
            });
        }
        let skipped = e.categories.len() - e.kept(self.drop_first).len();
        Ok(e.kept(self.drop_first)
            .iter()
            .enumerate()
            .map(|(i, category)| {
                let code = (skipped + i) as u32;
                let hits: Vec<u8> = codes.iter().map(|&c| u8::from(c == code)).collect();
                UInt8Chunked::from_vec(format!("{}_{category}", e.column).into(), hits)
                    .into_series()
                    .into_column()
            })
            .collect())
    }

    /// The names of the columns that [`transform`](FittedOneHot::transform) creates, in order.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("grade" => [3, 10, 3]).unwrap();
    /// let fitted = OneHotEncoder::new(&["grade"]).fit(&df).unwrap();
    /// assert_eq!(fitted.output_columns(), ["grade_3", "grade_10"]); // integers sort as numbers
    /// ```
    pub fn output_columns(&self) -> Vec<String> {
        self.encoded
            .iter()
            .flat_map(|e| {
                e.kept(self.drop_first)
                    .iter()
                    .map(move |c| format!("{}_{c}", e.column))
            })
            .collect()
    }

    /// What was learnt: one row per category with `column`, `category` and `output_column`
    /// (null for the category dropped by [`drop_first`](OneHotEncoder::drop_first)).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("c" => ["b", "a", "b"]).unwrap();
    /// let cats = OneHotEncoder::new(&["c"]).fit(&df).unwrap().categories();
    /// let c: Vec<&str> = cats.column("category").unwrap().str().unwrap().no_null_iter().collect();
    /// assert_eq!(c, ["a", "b"]);
    /// ```
    pub fn categories(&self) -> DataFrame {
        let mut columns = Vec::new();
        let mut categories = Vec::new();
        let mut outputs = Vec::new();
        for e in &self.encoded {
            for (i, c) in e.categories.iter().enumerate() {
                columns.push(e.column.clone());
                categories.push(c.clone());
                outputs.push((i > 0 || !self.drop_first).then(|| format!("{}_{c}", e.column)));
            }
        }
        frame_of(vec![
            Column::new("column".into(), columns),
            Column::new("category".into(), categories),
            Column::new("output_column".into(), outputs),
        ])
        .unwrap_or_default()
    }
}

impl RichDisplay for FittedOneHot {
    fn mime_bundle(&self) -> MimeBundle {
        titled_frame(
            "Fitted one-hot encoder",
            &self.categories(),
            &format!(
                "unknown categories: {}; first category dropped: {}",
                self.unknown.name(),
                if self.drop_first { "yes" } else { "no" }
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u8s(df: &DataFrame, name: &str) -> Vec<u8> {
        df.column(name)
            .unwrap()
            .u8()
            .unwrap()
            .no_null_iter()
            .collect()
    }

    #[test]
    fn columns_encoded_on_several_threads_are_those_of_one() {
        // Enough rows for the columns to be shared between threads; three columns, so that a
        // thread takes more than one on two cores.
        let n = 10_000;
        let a: Vec<String> = (0..n).map(|i| format!("a{}", i % 3)).collect();
        let b: Vec<i64> = (0..n).map(|i| (i % 7) as i64).collect();
        let c: Vec<String> = (0..n).map(|i| format!("long category {}", i % 2)).collect();
        let df = df!("a" => &a, "b" => &b, "c" => &c).unwrap();
        let out = OneHotEncoder::new(&["a", "b", "c"])
            .fit(&df)
            .unwrap()
            .transform(&df)
            .unwrap();
        assert_eq!(out.width(), 3 + 7 + 2);
        let expect = |values: Vec<bool>| values.into_iter().map(u8::from).collect::<Vec<u8>>();
        assert_eq!(
            u8s(&out, "a_a2"),
            expect(a.iter().map(|v| v == "a2").collect())
        );
        assert_eq!(
            u8s(&out, "b_5"),
            expect(b.iter().map(|&v| v == 5).collect())
        );
        assert_eq!(
            u8s(&out, "c_long category 1"),
            expect(c.iter().map(|v| v.ends_with('1')).collect())
        );
        // An unseen value in the second column is reported as the second column's.
        let fitted = OneHotEncoder::new(&["a", "c"]).fit(&df).unwrap();
        let mut later = c.clone();
        later[9_000] = "new".into();
        let other = df!("a" => &a, "b" => &b, "c" => &later).unwrap();
        match fitted.transform(&other) {
            Err(SdiaError::UnknownCategory { column, value }) => {
                assert_eq!((column.as_str(), value.as_str()), ("c", "new"));
            }
            other => panic!("expected an unknown category, got {other:?}"),
        }
    }

    #[test]
    fn columns_replace_the_encoded_one_in_place() {
        let df = df!(
            "a" => [1, 2, 3],
            "c" => [Some("y"), None, Some("x")],
            "z" => [0.5, 0.5, 0.5],
        )
        .unwrap();
        let out = OneHotEncoder::new(&["c"]).fit_transform(&df).unwrap();
        assert_eq!(out.get_column_names(), ["a", "c_x", "c_y", "z"]);
        assert_eq!(out.column("c_x").unwrap().dtype(), &DataType::UInt8);
        assert_eq!(u8s(&out, "c_x"), [0, 0, 1]);
        assert_eq!(u8s(&out, "c_y"), [1, 0, 0]);
    }

    #[test]
    fn new_data_gets_the_fitted_columns_even_for_absent_categories() {
        let train = df!("c" => ["a", "b", "c"]).unwrap();
        let fitted = OneHotEncoder::new(&["c"]).fit(&train).unwrap();
        let test = df!("c" => ["b", "b"]).unwrap();
        let out = fitted.transform(&test).unwrap();
        assert_eq!(out.get_column_names(), ["c_a", "c_b", "c_c"]);
        assert_eq!(u8s(&out, "c_a"), [0, 0]);
        assert_eq!(u8s(&out, "c_b"), [1, 1]);
    }

    #[test]
    fn unseen_categories_error_or_give_zeros() {
        let train = df!("c" => ["a", "b"]).unwrap();
        let test = df!("c" => ["a", "new"]).unwrap();
        let strict = OneHotEncoder::new(&["c"]).fit(&train).unwrap();
        match strict.transform(&test) {
            Err(SdiaError::UnknownCategory { column, value }) => {
                assert_eq!((column.as_str(), value.as_str()), ("c", "new"));
            }
            other => panic!("expected UnknownCategory, got {other:?}"),
        }
        let lenient = OneHotEncoder::new(&["c"])
            .unknown(Unknown::Ignore)
            .fit(&train)
            .unwrap();
        let out = lenient.transform(&test).unwrap();
        assert_eq!(u8s(&out, "c_a"), [1, 0]);
        assert_eq!(u8s(&out, "c_b"), [0, 0]);
    }

    #[test]
    fn drop_first_and_the_categories_table() {
        let df = df!("c" => ["b", "a", "c"], "d" => ["u", "u", "v"]).unwrap();
        let fitted = OneHotEncoder::new(&["c", "d"])
            .drop_first(true)
            .fit(&df)
            .unwrap();
        assert_eq!(fitted.output_columns(), ["c_b", "c_c", "d_v"]);
        let out = fitted.transform(&df).unwrap();
        assert_eq!(out.get_column_names(), ["c_b", "c_c", "d_v"]);
        assert_eq!(u8s(&out, "c_b"), [1, 0, 0]);
        let cats = fitted.categories();
        assert_eq!(cats.shape(), (5, 3));
        assert_eq!(cats.column("output_column").unwrap().null_count(), 2);
        let shown = fitted.mime_bundle();
        assert!(shown[0].1.contains("first category dropped: yes"));
    }

    #[test]
    fn default_columns_are_text_and_categorical_not_boolean() {
        let df = df!("b" => [true, false], "t" => ["x", "y"], "n" => [1, 2]).unwrap();
        let fitted = OneHotEncoder::new(&[]).fit(&df).unwrap();
        assert_eq!(fitted.output_columns(), ["t_x", "t_y"]);
        let named = OneHotEncoder::new(&["b"]).fit(&df).unwrap();
        assert_eq!(named.output_columns(), ["b_false", "b_true"]);
    }

    #[test]
    fn bad_input_is_an_error() {
        let df =
            df!("c" => [Some("a"), None], "f" => [1.0, 2.0], "m" => [None::<&str>, None]).unwrap();
        assert!(matches!(
            OneHotEncoder::new(&["f"]).fit(&df),
            Err(SdiaError::NotCategorical { .. })
        ));
        assert!(matches!(
            OneHotEncoder::new(&["m"]).fit(&df),
            Err(SdiaError::AllMissing { .. })
        ));
        assert!(matches!(
            OneHotEncoder::new(&["zz"]).fit(&df),
            Err(SdiaError::ColumnNotFound { .. })
        ));
        assert!(OneHotEncoder::new(&["c", "c"]).fit(&df).is_err());
        let empty = df!("c" => Vec::<&str>::new()).unwrap();
        assert!(matches!(
            OneHotEncoder::new(&["c"]).fit(&empty),
            Err(SdiaError::Empty(_))
        ));
        let numbers = df!("f" => [1.0]).unwrap();
        assert!(matches!(
            OneHotEncoder::new(&[]).fit(&numbers),
            Err(SdiaError::Empty(_))
        ));
        let fitted = OneHotEncoder::new(&["c"]).fit(&df).unwrap();
        assert!(matches!(
            fitted.transform(&numbers),
            Err(SdiaError::ColumnNotFound { .. })
        ));
        let clash = df!("c" => ["a"], "c_a" => [7]).unwrap();
        let e = fitted.transform(&clash).unwrap_err();
        assert!(e.to_string().contains("'c_a'"), "{e}");
    }
}
