//! What the clustering and reduction models share: the training matrix of a frame, checks of
//! the number of clusters, labels as a `cluster` series, cluster labels as codes, squared
//! distances and the split of row loops over the machine's cores.

use crate::error::{Result, SdiaError};
use crate::learn::{AsSeries, FeatureSchema};
use ndarray::Array2;
use polars::prelude::*;
use std::borrow::Cow;

/// Ten points in three dimensions, for the tests that compare with scikit-learn and scipy.
#[cfg(test)]
pub(crate) const TEN: [[f64; 3]; 10] = [
    [1.0, 2.0, 0.5],
    [2.0, 1.0, 1.5],
    [3.0, 4.0, 2.0],
    [4.0, 3.5, 0.0],
    [5.0, 6.0, 1.0],
    [6.0, 5.0, 3.0],
    [7.0, 8.5, 2.5],
    [8.0, 7.0, 1.0],
    [1.5, 7.0, 4.0],
    [2.5, 6.5, 3.5],
];

/// Below this many rows, loops run on one thread (spawning costs more than it saves).
const PARALLEL_MIN_ROWS: usize = 4096;

/// The schema (features only, no target) and the feature matrix of a training frame; an empty
/// frame is an error.
pub(crate) fn training_matrix<S: AsRef<str>>(
    df: &DataFrame,
    features: &[S],
    what: &str,
) -> Result<(FeatureSchema, Array2<f64>)> {
    let schema = FeatureSchema::new(df, features, None)?;
    if df.height() == 0 {
        return Err(SdiaError::Empty(format!("the frame given to {what}")));
    }
    let x = schema.matrix(df)?;
    Ok((schema, x))
}

/// The matrix's values row after row (no copy when it is already in that layout).
pub(crate) fn row_major(x: &Array2<f64>) -> Cow<'_, [f64]> {
    match x.as_slice() {
        Some(flat) => Cow::Borrowed(flat),
        None => Cow::Owned(x.iter().copied().collect()),
    }
}

/// Checks a number of clusters (or components) `k` against the `rows` available.
pub(crate) fn check_k(k: usize, rows: usize, name: &str, model: &str) -> Result<()> {
    if k == 0 {
        return Err(SdiaError::InvalidInput(format!(
            "{model} needs at least 1 {name}, got 0: choose {name} ≥ 1"
        )));
    }
    if k > rows {
        return Err(SdiaError::InvalidInput(format!(
            "{model} was asked for {k} {name} but the frame has only {rows} row(s): choose \
             at most {rows}"
        )));
    }
    Ok(())
}

/// Cluster labels as an `i64` series named `cluster`.
pub(crate) fn cluster_series(labels: &[i64]) -> Series {
    Series::new("cluster".into(), labels)
}

/// Labels compared as text: one code per row (0, 1, … in order of first appearance) and the
/// distinct labels. A missing label is an error.
pub(crate) fn label_codes(labels: &impl AsSeries, what: &str) -> Result<(Vec<usize>, Vec<String>)> {
    let series = labels.as_series();
    let text = series.cast(&DataType::String)?;
    let text = text.str()?;
    let mut names: Vec<String> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut codes = Vec::with_capacity(text.len());
    for (row, value) in text.iter().enumerate() {
        let value = value.ok_or_else(|| {
            SdiaError::InvalidInput(format!(
                "the {what} '{}' has a missing value at row {row}: every row needs a label",
                series.name()
            ))
        })?;
        let code = match index.get(value) {
            Some(&c) => c,
            None => {
                let c = names.len();
                names.push(value.to_string());
                index.insert(value.to_string(), c);
                c
            }
        };
        codes.push(code);
    }
    Ok((codes, names))
}

/// The lower end of a y axis that leaves an empty band at the bottom of the chart for a legend
/// of `entries` lines (charts draw their legend in the lower right corner), for data spanning
/// `lo..hi`.
pub(crate) fn legend_floor(lo: f64, hi: f64, entries: usize) -> f64 {
    let share = (0.065 * entries as f64 + 0.06).min(0.6);
    let span = if hi > lo { hi - lo } else { 1.0 };
    lo - span * share / (1.0 - share)
}

/// Squared Euclidean distance between two points.
#[inline]
pub(crate) fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// How many threads a loop over `n` rows uses.
pub(crate) fn threads_for(n: usize) -> usize {
    if n < PARALLEL_MIN_ROWS {
        1
    } else {
        std::thread::available_parallelism()
            .map(|t| t.get())
            .unwrap_or(1)
            .clamp(1, 8)
    }
}

/// Runs `f(start, end)` on consecutive ranges of `0..n`, one per thread, and returns the
/// results in order.
pub(crate) fn par_ranges<T: Send>(n: usize, f: impl Fn(usize, usize) -> T + Sync) -> Vec<T> {
    let threads = threads_for(n);
    if threads <= 1 {
        return vec![f(0, n)];
    }
    let chunk = n.div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let start = (t * chunk).min(n);
                let end = ((t + 1) * chunk).min(n);
                scope.spawn(move || f(start, end))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Runs `f` on each of `items`, each a pass over `rows` rows: the items are shared between the
/// threads when the passes are long enough to pay for them. The results are in order.
pub(crate) fn par_map<T: Sync, R: Send>(
    items: &[T],
    rows: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads_for(rows).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Runs `f(start, labels, distances)` on consecutive chunks of two per-row buffers, one chunk
/// per thread, and returns the results in order.
pub(crate) fn par_rows_mut<T: Send>(
    labels: &mut [usize],
    distances: &mut [f64],
    f: impl Fn(usize, &mut [usize], &mut [f64]) -> T + Sync,
) -> Vec<T> {
    let n = labels.len();
    let threads = threads_for(n);
    if threads <= 1 {
        return vec![f(0, labels, distances)];
    }
    let chunk = n.div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = labels
            .chunks_mut(chunk)
            .zip(distances.chunks_mut(chunk))
            .enumerate()
            .map(|(t, (l, d))| scope.spawn(move || f(t * chunk, l, d)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn k_is_checked_against_the_rows() {
        assert!(
            check_k(0, 3, "clusters", "KMeans")
                .unwrap_err()
                .to_string()
                .contains("got 0")
        );
        let err = check_k(5, 3, "clusters", "KMeans").unwrap_err().to_string();
        assert!(err.contains('5') && err.contains('3'), "{err}");
        assert!(check_k(3, 3, "clusters", "KMeans").is_ok());
    }

    #[test]
    fn labels_become_codes_in_order_of_appearance() {
        let s = Series::new("l".into(), [-1i64, 2, -1, 5]);
        let (codes, names) = label_codes(&s, "labels").unwrap();
        assert_eq!(codes, [0, 1, 0, 2]);
        assert_eq!(names, ["-1", "2", "5"]);
        let gap = Series::new("l".into(), [Some("a"), None]);
        assert!(label_codes(&gap, "labels").is_err());
    }

    #[test]
    fn parallel_ranges_cover_every_row() {
        let sums = par_ranges(10_000, |a, b| (a..b).sum::<usize>());
        assert_eq!(sums.iter().sum::<usize>(), 10_000 * 9_999 / 2);
        let mut labels = vec![0usize; 10_000];
        let mut d = vec![0.0; 10_000];
        par_rows_mut(&mut labels, &mut d, |start, l, _| {
            for (i, v) in l.iter_mut().enumerate() {
                *v = start + i;
            }
        });
        assert!(labels.iter().enumerate().all(|(i, &v)| i == v));
    }
}
