//! k-means itself, on a row-major matrix: greedy k-means++ seeding (scikit-learn's
//! `_kmeans_plusplus`) and Lloyd's iterations, the assignment step split over the cores.

use super::common::{par_ranges, par_rows_mut, sq_dist};
use crate::error::Result;
use crate::interrupt;
use crate::simd;
use rand::Rng;
use rand_xoshiro::Xoshiro256Plus;

/// The result of one k-means run.
pub(crate) struct Run {
    /// The centres, `k × p` row-major.
    pub centers: Vec<f64>,
    /// The cluster of each row.
    pub labels: Vec<usize>,
    /// Sum of squared distances of the rows to their centre.
    pub inertia: f64,
    /// Lloyd iterations done.
    pub n_iter: usize,
}

/// The index of the nearest centre of `row` and the squared distance to it.
#[inline]
pub(crate) fn nearest(row: &[f64], centers: &[f64], p: usize) -> (usize, f64) {
    let mut best = 0;
    let mut best_d = f64::INFINITY;
    for (c, center) in centers.chunks_exact(p).enumerate() {
        let d = sq_dist(row, center);
        if d < best_d {
            best_d = d;
            best = c;
        }
    }
    (best, best_d)
}

/// Greedy k-means++: each new centre is the best (lowest potential) of `2 + ln k` candidates
/// drawn with probability proportional to the squared distance to the nearest centre so far.
pub(crate) fn plus_plus(
    data: &[f64],
    n: usize,
    p: usize,
    k: usize,
    rng: &mut Xoshiro256Plus,
) -> Vec<f64> {
    let mut centers = Vec::with_capacity(k * p);
    let first = rng.gen_range(0..n);
    centers.extend_from_slice(&data[first * p..(first + 1) * p]);
    let mut closest: Vec<f64> = data.chunks_exact(p).map(|r| sq_dist(r, &centers)).collect();
    let trials = 2 + (k as f64).ln().floor() as usize;
    let mut cumulative = vec![0.0; n];
    for _ in 1..k {
        let mut acc = 0.0;
        for (c, d) in cumulative.iter_mut().zip(&closest) {
            acc += d;
            *c = acc;
        }
        let candidates: Vec<usize> = (0..trials)
            .map(|_| {
                if acc > 0.0 {
                    let r = rng.r#gen::<f64>() * acc;
                    cumulative.partition_point(|&c| c <= r).min(n - 1)
                } else {
                    rng.gen_range(0..n)
                }
            })
            .collect();
        // The potential of each candidate, summed over chunks of rows.
        let potentials = par_ranges(n, |a, b| {
            let mut pot = vec![0.0; candidates.len()];
            for i in a..b {
                let row = &data[i * p..(i + 1) * p];
                for (t, &c) in candidates.iter().enumerate() {
                    pot[t] += closest[i].min(sq_dist(row, &data[c * p..(c + 1) * p]));
                }
            }
            pot
        });
        let mut chosen = candidates[0];
        let mut best_pot = f64::INFINITY;
        for (t, &candidate) in candidates.iter().enumerate() {
            let pot: f64 = potentials.iter().map(|v| v[t]).sum();
            if pot < best_pot {
                best_pot = pot;
                chosen = candidate;
            }
        }
        let center = &data[chosen * p..(chosen + 1) * p];
        for (d, row) in closest.iter_mut().zip(data.chunks_exact(p)) {
            *d = d.min(sq_dist(row, center));
        }
        centers.extend_from_slice(center);
    }
    centers
}

/// Centres per group in the assignment step: the squared distances of a row to a group of
/// centres are independent sums, computed side by side in vector registers.
const GROUP: usize = 8;

/// The centres transposed for the assignment step: for each group of [`GROUP`] centres, `p`
/// rows of [`GROUP`] coordinates (feature `j` of each centre side by side), the last group
/// padded with copies of the last centre.
struct Transposed {
    values: Vec<[f64; GROUP]>,
    groups: usize,
}

impl Transposed {
    fn new(centers: &[f64], p: usize, k: usize) -> Transposed {
        let groups = k.div_ceil(GROUP);
        let mut values = vec![[0.0; GROUP]; groups * p];
        for (g, group) in values.chunks_exact_mut(p).enumerate() {
            for (j, coordinates) in group.iter_mut().enumerate() {
                for (lane, v) in coordinates.iter_mut().enumerate() {
                    let c = (g * GROUP + lane).min(k - 1);
                    *v = centers[c * p + j];
                }
            }
        }
        Transposed { values, groups }
    }

    /// The nearest of the first `k` centres to `row` and the squared distance to it: the same
    /// sums as [`nearest`] (feature by feature, in order), so the same answer, ties included.
    #[cfg(test)]
    fn nearest(&self, row: &[f64], k: usize) -> (usize, f64) {
        self.nearest_rows::<1>(row, k)[0]
    }

    /// [`nearest`](Self::nearest) for `R` consecutive rows (`rows` holds `R × p` values): their
    /// sums are independent, so they overlap in the processor instead of waiting for each other.
    #[inline(always)]
    fn nearest_rows<const R: usize>(&self, rows: &[f64], k: usize) -> [(usize, f64); R] {
        let p = rows.len() / R;
        let mut best = [(0, f64::INFINITY); R];
        for g in 0..self.groups {
            let mut acc = [[0.0; GROUP]; R];
            for (j, centre) in self.values[g * p..(g + 1) * p].iter().enumerate() {
                for (r, a) in acc.iter_mut().enumerate() {
                    let x = rows[r * p + j];
                    for (a, c) in a.iter_mut().zip(centre) {
                        let d = x - c;
                        *a += d * d;
                    }
                }
            }
            // Selects rather than branches: which centre is nearest is data, not a pattern the
            // branch predictor could learn.
            for (a, (best, best_d)) in acc.iter().zip(best.iter_mut()) {
                for (lane, &d) in a.iter().enumerate().take(k - g * GROUP) {
                    let closer = d < *best_d;
                    *best_d = if closer { d } else { *best_d };
                    *best = if closer { g * GROUP + lane } else { *best };
                }
            }
        }
        best
    }
}

/// Per-cluster sums and counts, inertia and changed labels of a chunk of rows.
type Partial = (Vec<f64>, Vec<usize>, f64, usize);

/// Rows whose distances are computed together (see [`Transposed::nearest_rows`]).
const ROWS: usize = 4;

/// [`assign`] on the chunk of rows from `start` whose labels and distances are `labels` and
/// `distances`, inlined into each variant of [`assign_chunk_widest`].
#[inline(always)]
fn assign_chunk(
    data: &[f64],
    p: usize,
    k: usize,
    transposed: &Transposed,
    start: usize,
    labels: &mut [usize],
    distances: &mut [f64],
) -> Partial {
    let mut sums = vec![0.0; k * p];
    let mut counts = vec![0usize; k];
    let mut inertia = 0.0;
    let mut changed = 0;
    let rows = &data[start * p..(start + labels.len()) * p];
    let mut record = |row: &[f64], (c, dc): (usize, f64), label: &mut usize, dist: &mut f64| {
        changed += usize::from(*label != c);
        *label = c;
        *dist = dc;
        inertia += dc;
        counts[c] += 1;
        for (s, v) in sums[c * p..(c + 1) * p].iter_mut().zip(row) {
            *s += v;
        }
    };
    let blocks = labels.len() / ROWS;
    let (l_blocks, l_rest) = labels.split_at_mut(blocks * ROWS);
    let (d_blocks, d_rest) = distances.split_at_mut(blocks * ROWS);
    let (x_blocks, x_rest) = rows.split_at(blocks * ROWS * p);
    for ((x, l), d) in x_blocks
        .chunks_exact(ROWS * p)
        .zip(l_blocks.chunks_exact_mut(ROWS))
        .zip(d_blocks.chunks_exact_mut(ROWS))
    {
        let found = transposed.nearest_rows::<ROWS>(x, k);
        for (r, ((nearest, label), dist)) in found.into_iter().zip(l).zip(d).enumerate() {
            record(&x[r * p..(r + 1) * p], nearest, label, dist);
        }
    }
    for ((row, label), dist) in x_rest.chunks_exact(p).zip(l_rest).zip(d_rest) {
        record(row, transposed.nearest_rows::<1>(row, k)[0], label, dist);
    }
    (sums, counts, inertia, changed)
}

simd::widest! {
    /// [`assign_chunk`] compiled for the widest vector registers of the processor.
    fn assign_chunk_widest(
        data: &[f64],
        p: usize,
        k: usize,
        transposed: &Transposed,
        start: usize,
        labels: &mut [usize],
        distances: &mut [f64],
    ) -> Partial = assign_chunk;
}

/// Assigns each row to its nearest centre (`labels` holds the previous assignment); returns the
/// per-cluster sums and counts, the inertia and how many rows changed cluster.
fn assign(
    data: &[f64],
    p: usize,
    k: usize,
    centers: &[f64],
    labels: &mut [usize],
    distances: &mut [f64],
) -> Partial {
    let transposed = Transposed::new(centers, p, k);
    let parts = par_rows_mut(labels, distances, |start, l, d| {
        assign_chunk_widest(data, p, k, &transposed, start, l, d)
    });
    let mut sums = vec![0.0; k * p];
    let mut counts = vec![0usize; k];
    let mut inertia = 0.0;
    let mut changed = 0;
    for (s, c, i, m) in parts {
        sums.iter_mut().zip(&s).for_each(|(a, b)| *a += b);
        counts.iter_mut().zip(&c).for_each(|(a, b)| *a += b);
        inertia += i;
        changed += m;
    }
    (sums, counts, inertia, changed)
}

/// One k-means run from the `k × p` row-major `centers`: Lloyd's iterations until the labels
/// stop changing, the centres move less than `tol` (squared, summed), or `max_iter` iterations.
pub(crate) fn run(
    data: &[f64],
    n: usize,
    p: usize,
    k: usize,
    mut centers: Vec<f64>,
    max_iter: usize,
    tol: f64,
) -> Result<Run> {
    let mut labels = vec![usize::MAX; n];
    let mut distances = vec![0.0; n];
    let mut n_iter = 0;
    for _ in 0..max_iter {
        interrupt::check()?;
        n_iter += 1;
        let (sums, counts, _, changed) = assign(data, p, k, &centers, &mut labels, &mut distances);
        let mut new_centers = centers.clone();
        for (c, &count) in counts.iter().enumerate() {
            if count > 0 {
                for j in 0..p {
                    new_centers[c * p + j] = sums[c * p + j] / count as f64;
                }
            } else {
                // An empty cluster takes the row farthest from its centre.
                let (far, _) =
                    distances
                        .iter()
                        .enumerate()
                        .fold((0, f64::NEG_INFINITY), |best, (i, &d)| {
                            if d > best.1 { (i, d) } else { best }
                        });
                distances[far] = 0.0;
                new_centers[c * p..(c + 1) * p].copy_from_slice(&data[far * p..(far + 1) * p]);
            }
        }
        let shift = sq_dist(&centers, &new_centers);
        centers = new_centers;
        if changed == 0 {
            break;
        }
        if shift <= tol {
            break;
        }
    }
    // Labels and inertia consistent with the final centres.
    let (_, _, inertia, _) = assign(data, p, k, &centers, &mut labels, &mut distances);
    Ok(Run {
        centers,
        labels,
        inertia,
        n_iter,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transposed_centres_give_the_same_nearest_centre_one_row_or_four_at_a_time() {
        // Coordinates on a coarse grid, so that ties happen and must break the same way.
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % 5) as f64 - 2.0
        };
        for p in [1, 3, 8] {
            for k in [1, 2, 7, 8, 9, 19] {
                let centers: Vec<f64> = (0..k * p).map(|_| next()).collect();
                let transposed = Transposed::new(&centers, p, k);
                for _ in 0..200 {
                    let row: Vec<f64> = (0..p).map(|_| next()).collect();
                    assert_eq!(
                        transposed.nearest(&row, k),
                        nearest(&row, &centers, p),
                        "p = {p}, k = {k}, row = {row:?}"
                    );
                }
                // Four rows at a time: each row's answer as if alone.
                for _ in 0..50 {
                    let rows: Vec<f64> = (0..ROWS * p).map(|_| next()).collect();
                    let together = transposed.nearest_rows::<ROWS>(&rows, k);
                    for (r, found) in together.iter().enumerate() {
                        let row = &rows[r * p..(r + 1) * p];
                        assert_eq!(*found, nearest(row, &centers, p), "p = {p}, k = {k}");
                    }
                }
            }
        }
    }
}
