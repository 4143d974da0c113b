//! Loops over columns of `f64` written so that they compile to vector instructions: sums and
//! dot products over independent lanes (LLVM does not reorder a float reduction by itself), the
//! means and centred cross-products of columns in one pass, and the projection of columns on
//! directions. Rows go in blocks that stay in the L1 cache, chunks of rows in parallel.

use crate::cluster::common::{par_ranges, threads_for};
use crate::simd;
use std::mem::MaybeUninit;

/// Independent partial sums per reduction: enough to fill two vector registers of any width
/// up to AVX-512 and to hide the latency of the additions.
const LANES: usize = 8;

/// Rows per block: `p` columns of this many `f64` stay in the L1 cache for the usual `p ≤ 16`.
const BLOCK: usize = 256;

/// The sum of `x`, over [`LANES`] independent partial sums.
#[inline(always)]
pub(crate) fn sum(x: &[f64]) -> f64 {
    let mut acc = [0.0; LANES];
    let chunks = x.chunks_exact(LANES);
    let rest: f64 = chunks.remainder().iter().sum();
    for c in chunks {
        for (a, v) in acc.iter_mut().zip(c) {
            *a += v;
        }
    }
    acc.iter().sum::<f64>() + rest
}

/// `Σ (x − centre)²`, over [`LANES`] independent sums.
pub(crate) fn squared_deviations(x: &[f64], centre: f64) -> f64 {
    let mut acc = [0.0; LANES];
    let chunks = x.chunks_exact(LANES);
    let rest: f64 = chunks
        .remainder()
        .iter()
        .map(|v| (v - centre) * (v - centre))
        .sum();
    for c in chunks {
        for (a, v) in acc.iter_mut().zip(c) {
            *a += (v - centre) * (v - centre);
        }
    }
    acc.iter().sum::<f64>() + rest
}

/// The dot product of `a` and `b` (the shorter length), over [`LANES`] independent sums.
#[inline(always)]
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0.0; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let rest: f64 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for ((s, u), v) in acc.iter_mut().zip(x).zip(y) {
            *s += u * v;
        }
    }
    acc.iter().sum::<f64>() + rest
}

/// How many values of `x` are NaN or infinite.
pub(crate) fn count_non_finite(x: &[f64]) -> usize {
    x.iter().map(|v| usize::from(!v.is_finite())).sum()
}

/// The means of `columns` (all of one length n) and their scatter matrix
/// `S[i][j] = Σ_r (x_i[r] − mean_i)(x_j[r] − mean_j)` (p × p, row-major), in one pass over the
/// data. The values are shifted by the first row before they are multiplied, so a large common
/// offset (dates as numbers, coordinates) does not cancel the digits that matter.
pub(crate) fn means_and_scatter(columns: &[&[f64]]) -> (Vec<f64>, Vec<f64>) {
    let p = columns.len();
    let n = columns.iter().map(|c| c.len()).min().unwrap_or(0);
    if n == 0 {
        return (vec![0.0; p], vec![0.0; p * p]);
    }
    let shift: Vec<f64> = columns.iter().map(|c| c[0]).collect();
    let parts = par_ranges(n, |a, b| shifted_sums_widest(columns, &shift, a, b));
    let mut sums = vec![0.0; p];
    let mut cross = vec![0.0; p * p];
    for (s, c) in &parts {
        sums.iter_mut().zip(s).for_each(|(t, v)| *t += v);
        cross.iter_mut().zip(c).for_each(|(t, v)| *t += v);
    }
    // Σ (x − m)(x − m)ᵀ = Σ (x − k)(x − k)ᵀ − n·d·dᵀ with d = m − k the mean of the shifted values.
    let d: Vec<f64> = sums.iter().map(|s| s / n as f64).collect();
    let mut scatter = vec![0.0; p * p];
    for i in 0..p {
        for j in i..p {
            let v = cross[i * p + j] - n as f64 * d[i] * d[j];
            scatter[i * p + j] = v;
            scatter[j * p + i] = v;
        }
    }
    let means = shift.iter().zip(&d).map(|(k, d)| k + d).collect();
    (means, scatter)
}

/// The sums and cross-products (upper triangle, p × p row-major) of the rows `a..b` of
/// `columns` shifted by `shift`, block by block.
#[inline(always)]
fn shifted_sums(columns: &[&[f64]], shift: &[f64], a: usize, b: usize) -> (Vec<f64>, Vec<f64>) {
    let p = columns.len();
    let mut sums = vec![0.0; p];
    let mut cross = vec![0.0; p * p];
    let mut block = vec![0.0; p * BLOCK];
    let mut start = a;
    while start < b {
        let end = (start + BLOCK).min(b);
        let len = end - start;
        for (j, col) in columns.iter().enumerate() {
            let shifted = &mut block[j * BLOCK..j * BLOCK + len];
            for (z, v) in shifted.iter_mut().zip(&col[start..end]) {
                *z = v - shift[j];
            }
            sums[j] += sum(shifted);
        }
        for i in 0..p {
            let zi = &block[i * BLOCK..i * BLOCK + len];
            for j in i..p {
                cross[i * p + j] += dot(zi, &block[j * BLOCK..j * BLOCK + len]);
            }
        }
        start = end;
    }
    (sums, cross)
}

simd::widest! {
    /// [`shifted_sums`] compiled for the widest vector registers of the processor.
    fn shifted_sums_widest(columns: &[&[f64]], shift: &[f64], a: usize, b: usize) -> (Vec<f64>, Vec<f64>) = shifted_sums;
}

/// The coordinates of every row on `k` directions: `out[c][r] = Σ_j w[c][j] · (x_j[r] − centre_j)`,
/// with `weights` the k × p directions, row-major. One output column per direction.
pub(crate) fn project(
    columns: &[&[f64]],
    centre: &[f64],
    weights: &[f64],
    k: usize,
) -> Vec<Vec<f64>> {
    let n = columns.iter().map(|c| c.len()).min().unwrap_or(0);
    // The outputs are written by the threads that compute them, block by block, so that the
    // first touch of their fresh memory (page faults) is shared between the threads too. (Asking
    // for transparent huge pages, as NumPy does, was measured here: first projections of 1M rows
    // took 0.02–0.07 s with them against 0.02 s without, the kernel compacting memory for them.)
    let mut outs: Vec<Vec<f64>> = (0..k).map(|_| Vec::with_capacity(n)).collect();
    let threads = threads_for(n);
    let chunk = n.div_ceil(threads).max(1);
    let mut pieces: Vec<Vec<&mut [MaybeUninit<f64>]>> =
        (0..threads).map(|_| Vec::with_capacity(k)).collect();
    for out in outs.iter_mut() {
        for (t, piece) in out.spare_capacity_mut()[..n].chunks_mut(chunk).enumerate() {
            pieces[t].push(piece);
        }
    }
    let fill = |start: usize, outs: Vec<&mut [MaybeUninit<f64>]>| {
        project_rows_widest(columns, centre, weights, start, outs)
    };
    if threads <= 1 {
        for piece in pieces {
            fill(0, piece);
        }
    } else {
        std::thread::scope(|scope| {
            let fill = &fill;
            for (t, piece) in pieces.into_iter().enumerate() {
                scope.spawn(move || fill(t * chunk, piece));
            }
        });
    }
    for out in outs.iter_mut() {
        // SAFETY: the pieces cover 0..n and `fill` wrote every element of each (a panic in a
        // thread would have ended this function before).
        unsafe { out.set_len(n) };
    }
    outs
}

/// [`project`]'s work on the rows from `start`: `outs` holds one uninitialised output slice per
/// direction, all of one length; each is written in full.
#[inline(always)]
fn project_rows(
    columns: &[&[f64]],
    centre: &[f64],
    weights: &[f64],
    start: usize,
    mut outs: Vec<&mut [MaybeUninit<f64>]>,
) {
    let len = outs.first().map_or(0, |o| o.len());
    let mut r0 = 0;
    while r0 < len {
        let r1 = (r0 + BLOCK).min(len);
        for (c, out) in outs.iter_mut().enumerate() {
            let out = &mut out[r0..r1];
            out.iter_mut().for_each(|o| {
                o.write(0.0);
            });
            // SAFETY: every element of `out` was just initialised, and MaybeUninit<f64> has
            // the layout of f64.
            let out = unsafe { &mut *(out as *mut [MaybeUninit<f64>] as *mut [f64]) };
            for (j, col) in columns.iter().enumerate() {
                let (w, m) = (weights[c * centre.len() + j], centre[j]);
                for (o, v) in out.iter_mut().zip(&col[start + r0..start + r1]) {
                    *o += w * (v - m);
                }
            }
        }
        r0 = r1;
    }
}

simd::widest! {
    /// [`project_rows`] compiled for the widest vector registers of the processor.
    fn project_rows_widest(
        columns: &[&[f64]],
        centre: &[f64],
        weights: &[f64],
        start: usize,
        outs: Vec<&mut [MaybeUninit<f64>]>,
    ) = project_rows;
}

/// Deterministic pseudo-random values in [0, 1), for tests.
#[cfg(test)]
pub(crate) fn test_values(n: usize, seed: u64) -> Vec<f64> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(n: usize, seed: u64) -> Vec<f64> {
        test_values(n, seed)
    }

    /// The naive two-pass scatter matrix, the reference.
    fn two_pass(columns: &[Vec<f64>]) -> (Vec<f64>, Vec<f64>) {
        let n = columns[0].len() as f64;
        let means: Vec<f64> = columns.iter().map(|c| c.iter().sum::<f64>() / n).collect();
        let p = columns.len();
        let mut s = vec![0.0; p * p];
        for i in 0..p {
            for j in 0..p {
                s[i * p + j] = columns[i]
                    .iter()
                    .zip(&columns[j])
                    .map(|(a, b)| (a - means[i]) * (b - means[j]))
                    .sum();
            }
        }
        (means, s)
    }

    #[test]
    fn sums_and_dots_match_the_plain_loops() {
        for n in [0, 1, 7, 8, 9, 1000, 1003] {
            let a = values(n, 1);
            let b = values(n, 2);
            assert!((sum(&a) - a.iter().sum::<f64>()).abs() < 1e-9);
            let plain: f64 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
            assert!((dot(&a, &b) - plain).abs() < 1e-9);
        }
        assert_eq!(count_non_finite(&[1.0, f64::NAN, f64::INFINITY, -0.0]), 2);
    }

    #[test]
    fn scatter_matches_two_passes_across_blocks_and_threads() {
        // 10,001 rows: several blocks, two threads, a remainder; an offset of 1e6 on one column.
        let columns: Vec<Vec<f64>> = (0..3)
            .map(|j| {
                values(10_001, j)
                    .into_iter()
                    .map(|v| v + if j == 1 { 1e6 } else { 0.0 })
                    .collect()
            })
            .collect();
        let slices: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        let (means, scatter) = means_and_scatter(&slices);
        let (ref_means, ref_scatter) = two_pass(&columns);
        for (a, b) in means.iter().zip(&ref_means) {
            assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "{a} {b}");
        }
        for (a, b) in scatter.iter().zip(&ref_scatter) {
            assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "{a} {b}");
        }
        assert_eq!(means_and_scatter(&[]).0.len(), 0);
    }

    #[test]
    fn projection_matches_the_plain_formula() {
        let columns: Vec<Vec<f64>> = (0..2).map(|j| values(9_000, 10 + j)).collect();
        let slices: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        let centre = [0.5, 0.25];
        let weights = [1.0, 2.0, -0.5, 0.0];
        let out = project(&slices, &centre, &weights, 2);
        assert_eq!(out.len(), 2);
        for r in [0, 255, 256, 4499, 4500, 8999] {
            let x = (columns[0][r] - 0.5, columns[1][r] - 0.25);
            assert!((out[0][r] - (x.0 + 2.0 * x.1)).abs() < 1e-12);
            assert!((out[1][r] + 0.5 * x.0).abs() < 1e-12);
        }
        assert_eq!(project(&[], &[], &[], 1), vec![Vec::<f64>::new()]);
    }
}
