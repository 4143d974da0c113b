//! The objective of a logistic regression, as scikit-learn defines it: the mean log-loss plus
//! ‖W‖² / (2·C·n) (intercepts not penalised), with its gradient, in one pass over the feature
//! columns read in place: blocks of rows that stay in the L1 cache (scores, softmax, loss,
//! residuals, then the gradient's dot products on the same block), chunks of rows on each core.

use crate::cluster::common::par_ranges;
use crate::numeric;

/// Rows per block: the scores of a block (one row of `BLOCK` per output) stay in the L1 cache.
const BLOCK: usize = 256;

/// The data of a fit: feature columns, class codes, and the penalty.
///
/// Parameters are laid out output by output, each as its `p` weights then its intercept:
/// one output (the log-odds of code 1) for two classes, one per class otherwise (multinomial).
pub(crate) struct LogLoss<'a> {
    columns: &'a [&'a [f64]],
    codes: &'a [usize],
    outputs: usize,
    /// 1 / (C·n): the penalty's factor in the mean objective.
    penalty: f64,
}

impl<'a> LogLoss<'a> {
    /// The objective for `classes` classes (codes in `0..classes`, at least two) and inverse
    /// penalty `c`.
    pub fn new(columns: &'a [&'a [f64]], codes: &'a [usize], classes: usize, c: f64) -> Self {
        let outputs = if classes <= 2 { 1 } else { classes };
        LogLoss {
            columns,
            codes,
            outputs,
            penalty: 1.0 / (c * codes.len().max(1) as f64),
        }
    }

    /// How many outputs (columns of coefficients) the parameters hold.
    pub fn outputs(&self) -> usize {
        self.outputs
    }

    /// How many parameters: (features + 1) per output.
    pub fn parameters(&self) -> usize {
        self.outputs * (self.columns.len() + 1)
    }

    /// The objective at `theta`, its gradient written into `grad`.
    pub fn value_and_gradient(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        let n = self.codes.len();
        let parts = par_ranges(n, |start, end| self.partial(theta, start, end));
        grad.iter_mut().for_each(|g| *g = 0.0);
        let mut loss = 0.0;
        for (part_loss, part_grad) in parts {
            loss += part_loss;
            grad.iter_mut().zip(&part_grad).for_each(|(g, v)| *g += v);
        }
        let scale = 1.0 / n.max(1) as f64;
        let mut value = loss * scale;
        let p = self.columns.len();
        for (g, w) in grad.chunks_exact_mut(p + 1).zip(theta.chunks_exact(p + 1)) {
            for (gj, wj) in g.iter_mut().zip(w).take(p) {
                *gj = *gj * scale + self.penalty * wj;
                value += 0.5 * self.penalty * wj * wj;
            }
            g[p] *= scale;
        }
        value
    }

    /// The summed log-loss of rows `start..end` and its gradient (not yet averaged, no penalty).
    fn partial(&self, theta: &[f64], start: usize, end: usize) -> (f64, Vec<f64>) {
        let p = self.columns.len();
        let k = self.outputs;
        let mut grad = vec![0.0; k * (p + 1)];
        let mut scores = vec![0.0; k * BLOCK];
        let mut row_max = [0.0; BLOCK];
        let mut row_sum = [0.0; BLOCK];
        let mut loss = 0.0;
        let mut r0 = start;
        while r0 < end {
            let len = BLOCK.min(end - r0);
            let codes = &self.codes[r0..r0 + len];
            for (c, z) in scores.chunks_exact_mut(BLOCK).enumerate() {
                let w = &theta[c * (p + 1)..(c + 1) * (p + 1)];
                let z = &mut z[..len];
                z.iter_mut().for_each(|v| *v = w[p]);
                for (col, &wj) in self.columns.iter().zip(w) {
                    for (v, x) in z.iter_mut().zip(&col[r0..r0 + len]) {
                        *v += wj * x;
                    }
                }
            }
            if k == 1 {
                loss += binary_residuals(&mut scores[..len], codes);
            } else {
                loss +=
                    softmax_residuals(&mut scores, codes, &mut row_max[..len], &mut row_sum[..len]);
            }
            for (c, residual) in scores.chunks_exact(BLOCK).enumerate() {
                let residual = &residual[..len];
                let g = &mut grad[c * (p + 1)..(c + 1) * (p + 1)];
                for (gj, col) in g.iter_mut().zip(self.columns) {
                    *gj += numeric::dot(residual, &col[r0..r0 + len]);
                }
                g[p] += numeric::sum(residual);
            }
            r0 += len;
        }
        (loss, grad)
    }
}

/// Binary rows: the summed loss log(1 + e^z) − y·z, and `z` replaced by the residual σ(z) − y.
fn binary_residuals(z: &mut [f64], codes: &[usize]) -> f64 {
    let mut loss = 0.0;
    for (v, &code) in z.iter_mut().zip(codes) {
        let y = if code == 1 { 1.0 } else { 0.0 };
        let e = (-v.abs()).exp();
        loss += v.max(0.0) + e.ln_1p() - y * *v;
        let p = if *v >= 0.0 {
            1.0 / (1.0 + e)
        } else {
            e / (1.0 + e)
        };
        *v = p - y;
    }
    loss
}

/// Multinomial rows (`scores` holds one block row per class): the summed loss
/// log Σ_c e^{z_c} − z_y, and every score replaced by its residual softmax_c − [c = y].
fn softmax_residuals(
    scores: &mut [f64],
    codes: &[usize],
    row_max: &mut [f64],
    row_sum: &mut [f64],
) -> f64 {
    let len = codes.len();
    row_max.copy_from_slice(&scores[..len]);
    for z in scores.chunks_exact(BLOCK).skip(1) {
        for (m, v) in row_max.iter_mut().zip(&z[..len]) {
            *m = m.max(*v);
        }
    }
    let mut loss = 0.0;
    for (r, &code) in codes.iter().enumerate() {
        loss -= scores[code * BLOCK + r];
    }
    row_sum.iter_mut().for_each(|s| *s = 0.0);
    for z in scores.chunks_exact_mut(BLOCK) {
        for ((v, m), s) in z[..len].iter_mut().zip(&*row_max).zip(row_sum.iter_mut()) {
            *v = (*v - m).exp();
            *s += *v;
        }
    }
    for (m, s) in row_max.iter().zip(&*row_sum) {
        loss += m + s.ln();
    }
    for s in row_sum.iter_mut() {
        *s = 1.0 / *s;
    }
    for z in scores.chunks_exact_mut(BLOCK) {
        for (v, inv) in z[..len].iter_mut().zip(&*row_sum) {
            *v *= inv;
        }
    }
    for (r, &code) in codes.iter().enumerate() {
        scores[code * BLOCK + r] -= 1.0;
    }
    loss
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Deterministic pseudo-random values in [−2, 2).
    fn values(n: usize, seed: u64) -> Vec<f64> {
        numeric::test_values(n, seed)
            .into_iter()
            .map(|v| v * 4.0 - 2.0)
            .collect()
    }

    /// The objective written row by row from its definition, the reference.
    fn naive(columns: &[Vec<f64>], codes: &[usize], classes: usize, c: f64, theta: &[f64]) -> f64 {
        let p = columns.len();
        let n = codes.len();
        let outputs = if classes == 2 { 1 } else { classes };
        let mut total = 0.0;
        for (r, &y) in codes.iter().enumerate() {
            let z: Vec<f64> = (0..outputs)
                .map(|o| {
                    theta[o * (p + 1) + p]
                        + (0..p)
                            .map(|j| theta[o * (p + 1) + j] * columns[j][r])
                            .sum::<f64>()
                })
                .collect();
            total += if outputs == 1 {
                let p1 = 1.0 / (1.0 + (-z[0]).exp());
                if y == 1 { -p1.ln() } else { -(1.0 - p1).ln() }
            } else {
                z.iter().map(|v| v.exp()).sum::<f64>().ln() - z[y]
            };
        }
        let penalty: f64 = (0..outputs)
            .flat_map(|o| (0..p).map(move |j| o * (p + 1) + j))
            .map(|i| theta[i] * theta[i])
            .sum();
        total / n as f64 + penalty / (2.0 * c * n as f64)
    }

    fn check(classes: usize, n: usize) {
        let p = 3;
        let columns: Vec<Vec<f64>> = (0..p).map(|j| values(n, j as u64 + 1)).collect();
        let codes: Vec<usize> = values(n, 99)
            .iter()
            .map(|v| (((v + 2.0) / 4.0 * classes as f64) as usize).min(classes - 1))
            .collect();
        let slices: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        let loss = LogLoss::new(&slices, &codes, classes, 0.5);
        let theta = values(loss.parameters(), 7);
        let mut grad = vec![0.0; theta.len()];
        let value = loss.value_and_gradient(&theta, &mut grad);
        let expected = naive(&columns, &codes, classes, 0.5, &theta);
        assert!(
            (value - expected).abs() < 1e-12 * expected.abs(),
            "{value} vs {expected}"
        );
        // The gradient against central differences of the reference.
        for i in 0..theta.len() {
            let h = 1e-6;
            let (mut up, mut down) = (theta.clone(), theta.clone());
            up[i] += h;
            down[i] -= h;
            let numeric = (naive(&columns, &codes, classes, 0.5, &up)
                - naive(&columns, &codes, classes, 0.5, &down))
                / (2.0 * h);
            assert!(
                (grad[i] - numeric).abs() < 1e-7,
                "∂{i}: {} vs {numeric}",
                grad[i]
            );
        }
    }

    #[test]
    fn binary_objective_and_gradient_match_the_definition() {
        // 5,000 rows: two threads, and blocks that end mid-block.
        check(2, 5_000);
        check(2, 7);
    }

    #[test]
    fn multinomial_objective_and_gradient_match_the_definition() {
        check(3, 5_000);
        check(4, 300);
    }
}
