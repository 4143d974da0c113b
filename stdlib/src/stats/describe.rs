//! `describe`, as in pandas: summary statistics per numeric column (with skewness and kurtosis)
//! and per categorical column.

use crate::error::{Result, SdiaError};
use crate::frame;
use polars::prelude::*;

/// The statistics [`describe`] computes, in row order.
pub const STATISTICS: [&str; 10] = [
    "count", "mean", "std", "min", "25%", "50%", "75%", "max", "skew", "kurtosis",
];

/// Moments of a sample, as pandas computes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Moments {
    /// Number of values.
    pub n: usize,
    /// Arithmetic mean.
    pub mean: f64,
    /// Standard deviation with divisor n − 1 (`None` for fewer than 2 values).
    pub std: Option<f64>,
    /// Adjusted Fisher–Pearson skewness G1 (pandas' `skew`; `None` below 3 values or when
    /// constant).
    pub skew: Option<f64>,
    /// Bias-corrected excess kurtosis G2 (pandas' `kurt`, 0 for a normal distribution; `None`
    /// below 4 values or when constant).
    pub kurtosis: Option<f64>,
}

/// The moments of a non-empty sample.
///
/// ```
/// let m = sdia::stats::describe::moments(&[1.0, 2.0, 3.0, 10.0]).unwrap();
/// assert_eq!(m.mean, 4.0);
/// assert!((m.skew.unwrap() - 1.763_632_614_803_888).abs() < 1e-12); // pandas: Series([1, 2, 3, 10]).skew()
/// ```
pub fn moments(values: &[f64]) -> Option<Moments> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let mean = values.iter().sum::<f64>() / nf;
    let (mut m2, mut m3, mut m4) = (0.0, 0.0, 0.0);
    for v in values {
        let d = v - mean;
        m2 += d * d;
        m3 += d * d * d;
        m4 += d * d * d * d;
    }
    let std = (n >= 2).then(|| (m2 / (nf - 1.0)).sqrt());
    let (m2, m3, m4) = (m2 / nf, m3 / nf, m4 / nf);
    let constant = m2 <= f64::EPSILON * mean.abs().max(1.0) * 1e-6;
    let skew = (n >= 3 && !constant).then(|| {
        let g1 = m3 / m2.powf(1.5);
        (nf * (nf - 1.0)).sqrt() / (nf - 2.0) * g1
    });
    let kurtosis = (n >= 4 && !constant).then(|| {
        let g2 = m4 / (m2 * m2) - 3.0;
        ((nf + 1.0) * g2 + 6.0) * (nf - 1.0) / ((nf - 2.0) * (nf - 3.0))
    });
    Some(Moments {
        n,
        mean,
        std,
        skew,
        kurtosis,
    })
}

/// The order statistics at `ranks` (ascending, each < `values.len()`), found by successive
/// selections: O(n) per rank instead of a full sort.
fn order_statistics(values: &mut [f64], ranks: &[usize]) -> Vec<f64> {
    let mut out = Vec::with_capacity(ranks.len());
    let mut lower = 0;
    for &rank in ranks {
        if rank >= lower {
            let (_, nth, _) = values[lower..].select_nth_unstable_by(rank - lower, f64::total_cmp);
            out.push(*nth);
            lower = rank;
        } else {
            out.push(values[rank]);
        }
    }
    out
}

/// Linear-interpolation quantiles (pandas' default) of non-empty values, reordering them.
fn quantiles(values: &mut [f64], qs: &[f64]) -> Vec<f64> {
    let last = (values.len() - 1) as f64;
    let mut ranks: Vec<usize> = qs
        .iter()
        .flat_map(|q| [(q * last).floor() as usize, (q * last).ceil() as usize])
        .collect();
    ranks.sort_unstable();
    ranks.dedup();
    let stats = order_statistics(values, &ranks);
    let at = |rank: usize| stats[ranks.partition_point(|&r| r < rank)];
    qs.iter()
        .map(|q| {
            let position = q * last;
            let (lo, hi) = (position.floor() as usize, position.ceil() as usize);
            at(lo) + (at(hi) - at(lo)) * (position - lo as f64)
        })
        .collect()
}

fn column_statistics(values: &mut [f64]) -> Vec<Option<f64>> {
    let Some(m) = moments(values) else {
        let mut out = vec![None; STATISTICS.len()];
        out[0] = Some(0.0);
        return out;
    };
    let q = quantiles(values, &[0.0, 0.25, 0.5, 0.75, 1.0]);
    vec![
        Some(m.n as f64),
        Some(m.mean),
        m.std,
        Some(q[0]),
        Some(q[1]),
        Some(q[2]),
        Some(q[3]),
        Some(q[4]),
        m.skew,
        m.kurtosis,
    ]
}

/// Summary statistics of every numeric column, laid out like pandas' `describe()` with two more
/// rows: a first column `statistic` (count, mean, std, min, 25%, 50%, 75%, max, skew, kurtosis),
/// then one column per numeric column. Missing values (null, NaN) are left out of each column's
/// statistics; a column with no value left has count 0 and nulls elsewhere.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [1.0, 2.0, 3.0, 4.0], "name" => ["a", "b", "c", "d"]).unwrap();
/// let d = describe(&df).unwrap();
/// assert_eq!(d.shape(), (10, 2)); // the text column is left to describe_categorical
/// let x: Vec<Option<f64>> = d.column("x").unwrap().f64().unwrap().iter().collect();
/// assert_eq!(&x[..8], &[Some(4.0), Some(2.5), Some((5.0f64 / 3.0).sqrt()), Some(1.0),
///                       Some(1.75), Some(2.5), Some(3.25), Some(4.0)]);
/// ```
pub fn describe(df: &DataFrame) -> Result<DataFrame> {
    frame::require_rows(df, "the frame")?;
    let names = frame::numeric_columns(df);
    if names.is_empty() {
        return Err(SdiaError::Empty(
            "the set of numeric columns (use describe_categorical for text columns)".into(),
        ));
    }
    let mut inputs = names
        .iter()
        .map(|name| frame::f64_present(df, name))
        .collect::<Result<Vec<_>>>()?;
    // One thread per column: the columns are independent.
    let statistics: Vec<Vec<Option<f64>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = inputs
            .iter_mut()
            .map(|values| scope.spawn(move || column_statistics(values)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| vec![None; STATISTICS.len()]))
            .collect()
    });
    let mut columns = vec![Column::new("statistic".into(), STATISTICS.to_vec())];
    for (name, values) in names.iter().zip(statistics) {
        columns.push(Column::new(name.as_str().into(), values));
    }
    Ok(DataFrame::new_infer_height(columns)?)
}

/// Summary of every text, categorical and boolean column, like pandas'
/// `describe(include="object")`: a first column `statistic` (count, unique, top, freq), then one
/// text column per described column. `top` is the most frequent value (ties: the smallest).
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("ile" => [Some("Biscoe"), Some("Dream"), Some("Biscoe"), None]).unwrap();
/// let d = describe_categorical(&df).unwrap();
/// let v: Vec<Option<&str>> = d.column("ile").unwrap().str().unwrap().iter().collect();
/// assert_eq!(v, vec![Some("3"), Some("2"), Some("Biscoe"), Some("2")]);
/// ```
pub fn describe_categorical(df: &DataFrame) -> Result<DataFrame> {
    frame::require_rows(df, "the frame")?;
    let names = frame::categorical_columns(df);
    if names.is_empty() {
        return Err(SdiaError::Empty(
            "the set of text/categorical columns (use describe for numeric columns)".into(),
        ));
    }
    let mut columns = vec![Column::new(
        "statistic".into(),
        vec!["count", "unique", "top", "freq"],
    )];
    for name in &names {
        let labels: Vec<String> = frame::labels(df, name)?.into_iter().flatten().collect();
        let counts = super::freq::count_labels(&labels);
        let (top, freq) = match counts.first() {
            Some((value, count)) => (Some(value.clone()), Some(count.to_string())),
            None => (None, None),
        };
        columns.push(Column::new(
            name.as_str().into(),
            vec![
                Some(labels.len().to_string()),
                Some(counts.len().to_string()),
                top,
                freq,
            ],
        ));
    }
    Ok(DataFrame::new_infer_height(columns)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selected_quantiles_equal_sorted_ones() {
        let mut values: Vec<f64> = (0..101).map(|i| ((i * 37) % 101) as f64 / 3.0).collect();
        let mut sorted = values.clone();
        frame::sort_values(&mut sorted);
        let qs = [0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0];
        let expected: Vec<f64> = qs
            .iter()
            .map(|q| frame::quantile_sorted(&sorted, *q))
            .collect();
        assert_eq!(quantiles(&mut values, &qs), expected);
        assert_eq!(quantiles(&mut [4.0], &[0.25, 0.5]), vec![4.0, 4.0]);
    }

    #[test]
    fn kurtosis_matches_hand_computation() {
        // pandas 3.1: pd.Series([1, 2, 3, 4, 100]).kurt() = 4.986865957200654
        let m = moments(&[1.0, 2.0, 3.0, 4.0, 100.0]).unwrap();
        assert!(
            (m.kurtosis.unwrap() - 4.986_865_957_200_654).abs() < 1e-12,
            "{m:?}"
        );
        let c = moments(&[5.0, 5.0, 5.0, 5.0]).unwrap();
        assert_eq!((c.std, c.skew, c.kurtosis), (Some(0.0), None, None));
    }

    #[test]
    fn all_missing_column_has_count_zero_and_empty_frames_are_errors() {
        let df = df!("x" => [Some(1.0), Some(2.0)], "n" => [None::<f64>, Some(f64::NAN)]).unwrap();
        let d = describe(&df).unwrap();
        let n: Vec<Option<f64>> = d.column("n").unwrap().f64().unwrap().iter().collect();
        assert_eq!(n[0], Some(0.0));
        assert!(n[1..].iter().all(Option::is_none));
        let empty = df.head(Some(0));
        assert!(describe(&empty).unwrap_err().to_string().contains("empty"));
        let e = describe(&df!("t" => ["a"]).unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains("describe_categorical"), "{e}");
    }
}
