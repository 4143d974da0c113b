//! L-BFGS, the quasi-Newton minimiser behind scikit-learn's `LogisticRegression` (through
//! SciPy's L-BFGS-B), with SciPy's settings: 10 correction pairs, a line search that meets the
//! strong Wolfe conditions (sufficient decrease 1e-3, curvature 0.9, at most 50 trials), and
//! its two stopping rules: the largest gradient component at most `gtol`, or a relative
//! decrease of the objective of at most 64 machine epsilons.

use std::collections::VecDeque;

/// Sufficient-decrease constant of the line search (SciPy's `ftol` of `dcsrch`).
const DECREASE: f64 = 1e-3;
/// Curvature constant of the line search (SciPy's `gtol` of `dcsrch`).
const CURVATURE: f64 = 0.9;
/// Relative decrease of the objective below which the minimiser stops (SciPy's default
/// `ftol = 64 · ε` as scikit-learn passes it).
const RELATIVE_DECREASE: f64 = 64.0 * f64::EPSILON;

/// The settings of a minimisation.
pub(crate) struct Options {
    /// The largest number of iterations (line searches).
    pub max_iter: usize,
    /// Stop when every gradient component is at most this in absolute value.
    pub gtol: f64,
    /// Correction pairs kept (SciPy's `maxcor`, default 10).
    pub memory: usize,
    /// Objective evaluations allowed per line search (SciPy's `maxls`, default 50).
    pub max_line_search: usize,
}

impl Options {
    /// SciPy's defaults with the given iteration limit and gradient tolerance.
    pub fn new(max_iter: usize, gtol: f64) -> Options {
        Options {
            max_iter,
            gtol,
            memory: 10,
            max_line_search: 50,
        }
    }
}

/// Why the minimiser stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Every gradient component is within the tolerance.
    Gradient,
    /// The objective no longer decreases (relative change ≤ 64 ε).
    NoDecrease,
    /// The iteration limit was reached first.
    MaxIter,
    /// No step along the search direction decreased the objective enough.
    LineSearch,
}

impl Stop {
    /// True for the stops SciPy reports as convergence.
    pub fn converged(self) -> bool {
        matches!(self, Stop::Gradient | Stop::NoDecrease)
    }
}

/// The result of a minimisation.
#[derive(Debug)]
pub(crate) struct Minimum {
    pub x: Vec<f64>,
    pub value: f64,
    pub iterations: usize,
    pub stop: Stop,
}

/// A point with its objective value and gradient.
struct Point {
    x: Vec<f64>,
    f: f64,
    g: Vec<f64>,
}

/// The objective: its value at `x`, and its gradient written into the second argument.
pub(crate) type Objective<'a> = dyn FnMut(&[f64], &mut [f64]) -> f64 + 'a;

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

fn evaluate(objective: &mut Objective, x: Vec<f64>) -> Point {
    let mut g = vec![0.0; x.len()];
    let f = objective(&x, &mut g);
    Point { x, f, g }
}

/// Minimises `objective` from `x0`.
pub(crate) fn minimize(objective: &mut Objective, x0: Vec<f64>, options: &Options) -> Minimum {
    let mut point = evaluate(objective, x0);
    let mut history: VecDeque<(Vec<f64>, Vec<f64>, f64)> = VecDeque::new();
    let finish = |point: Point, iterations, stop| Minimum {
        x: point.x,
        value: point.f,
        iterations,
        stop,
    };
    if !point.f.is_finite() || point.g.iter().any(|v| !v.is_finite()) {
        return finish(point, 0, Stop::LineSearch);
    }
    if max_abs(&point.g) <= options.gtol {
        return finish(point, 0, Stop::Gradient);
    }
    for iteration in 1..=options.max_iter {
        let mut direction = two_loop(&point.g, &history);
        let mut slope = dot(&direction, &point.g);
        if slope >= 0.0 || !slope.is_finite() {
            // Not a descent direction (rounding in the curvature pairs): start afresh.
            history.clear();
            direction = point.g.iter().map(|v| -v).collect();
            slope = -dot(&point.g, &point.g);
        }
        let first_step = if history.is_empty() {
            1.0 / dot(&direction, &direction).sqrt()
        } else {
            1.0
        };
        let next = match line_search(objective, &point, &direction, slope, first_step, options) {
            Some(next) => next,
            None if !history.is_empty() => {
                // SciPy's recovery: forget the curvature pairs and search along −g once more.
                history.clear();
                let steepest: Vec<f64> = point.g.iter().map(|v| -v).collect();
                let slope = -dot(&point.g, &point.g);
                let step = 1.0 / slope.abs().sqrt();
                match line_search(objective, &point, &steepest, slope, step, options) {
                    Some(next) => next,
                    None => return finish(point, iteration, Stop::LineSearch),
                }
            }
            None => return finish(point, iteration, Stop::LineSearch),
        };
        let s: Vec<f64> = next.x.iter().zip(&point.x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = next.g.iter().zip(&point.g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        if sy > f64::EPSILON * dot(&y, &y) {
            if history.len() == options.memory.max(1) {
                history.pop_front();
            }
            history.push_back((s, y, 1.0 / sy));
        }
        let previous = point.f;
        point = next;
        let scale = previous.abs().max(point.f.abs()).max(1.0);
        if previous - point.f <= RELATIVE_DECREASE * scale {
            return finish(point, iteration, Stop::NoDecrease);
        }
        if max_abs(&point.g) <= options.gtol {
            return finish(point, iteration, Stop::Gradient);
        }
    }
    finish(point, options.max_iter, Stop::MaxIter)
}

/// The L-BFGS direction −H·g from the correction pairs (oldest first), by the two-loop
/// recursion, with the initial matrix scaled by sᵀy / yᵀy of the newest pair.
fn two_loop(g: &[f64], history: &VecDeque<(Vec<f64>, Vec<f64>, f64)>) -> Vec<f64> {
    let mut q: Vec<f64> = g.iter().map(|v| -v).collect();
    let mut alphas = Vec::with_capacity(history.len());
    for (s, y, rho) in history.iter().rev() {
        let a = rho * dot(s, &q);
        q.iter_mut().zip(y).for_each(|(qi, yi)| *qi -= a * yi);
        alphas.push(a);
    }
    if let Some((_, y, rho)) = history.back() {
        let gamma = 1.0 / (rho * dot(y, y));
        q.iter_mut().for_each(|v| *v *= gamma);
    }
    for ((s, y, rho), a) in history.iter().zip(alphas.iter().rev()) {
        let b = rho * dot(y, &q);
        q.iter_mut().zip(s).for_each(|(qi, si)| *qi += (a - b) * si);
    }
    q
}

/// One trial of the line search: the step, its point and the slope along the direction there.
struct Trial {
    step: f64,
    point: Point,
    slope: f64,
}

/// A step along `direction` that meets the strong Wolfe conditions (Nocedal & Wright,
/// algorithms 3.5 and 3.6, with cubic interpolation), or `None` if none was found within
/// `options.max_line_search` evaluations.
fn line_search(
    objective: &mut Objective,
    start: &Point,
    direction: &[f64],
    slope0: f64,
    first_step: f64,
    options: &Options,
) -> Option<Point> {
    let mut trials = 0;
    let mut try_step = |step: f64, trials: &mut usize| -> Trial {
        *trials += 1;
        let x = start
            .x
            .iter()
            .zip(direction)
            .map(|(x, d)| x + step * d)
            .collect();
        let point = evaluate(objective, x);
        let slope = dot(&point.g, direction);
        Trial { step, point, slope }
    };
    let sufficient = |t: &Trial| t.point.f <= start.f + DECREASE * t.step * slope0;
    let flat = |t: &Trial| t.slope.abs() <= -CURVATURE * slope0;
    let origin = Trial {
        step: 0.0,
        point: Point {
            x: start.x.clone(),
            f: start.f,
            g: start.g.clone(),
        },
        slope: slope0,
    };
    let mut previous = origin;
    let mut step = first_step;
    let (mut lo, mut hi) = loop {
        if trials >= options.max_line_search {
            return None;
        }
        let trial = try_step(step, &mut trials);
        if !trial.point.f.is_finite() || !trial.slope.is_finite() {
            // Overflow far along the direction: come back towards the last good step.
            step = previous.step + 0.1 * (step - previous.step);
            continue;
        }
        if !sufficient(&trial) || (previous.step > 0.0 && trial.point.f >= previous.point.f) {
            break (previous, trial);
        }
        if flat(&trial) {
            return Some(trial.point);
        }
        if trial.slope >= 0.0 {
            break (trial, previous);
        }
        step = trial.step * 2.0;
        previous = trial;
    };
    // Zoom: `lo` meets sufficient decrease with the lowest value so far; the minimiser lies
    // between `lo` and `hi`.
    while trials < options.max_line_search {
        let width = (hi.step - lo.step).abs();
        if width <= f64::EPSILON * lo.step.abs().max(hi.step.abs()) {
            break;
        }
        let (a, b) = (lo.step.min(hi.step), lo.step.max(hi.step));
        let guess = cubic_minimizer(&lo, &hi)
            .filter(|s| *s > a + 0.1 * width && *s < b - 0.1 * width)
            .unwrap_or(0.5 * (a + b));
        let trial = try_step(guess, &mut trials);
        if !trial.point.f.is_finite() || !sufficient(&trial) || trial.point.f >= lo.point.f {
            hi = trial;
        } else {
            if flat(&trial) {
                return Some(trial.point);
            }
            if trial.slope * (hi.step - lo.step) >= 0.0 {
                hi = lo;
            }
            lo = trial;
        }
    }
    // No point met the curvature condition: a step that decreased the objective still helps.
    (lo.step > 0.0).then_some(lo.point)
}

/// The minimiser of the cubic that interpolates the values and slopes of two trials.
fn cubic_minimizer(a: &Trial, b: &Trial) -> Option<f64> {
    let d1 = a.slope + b.slope - 3.0 * (a.point.f - b.point.f) / (a.step - b.step);
    let radicand = d1 * d1 - a.slope * b.slope;
    if radicand < 0.0 {
        return None;
    }
    let d2 = (b.step - a.step).signum() * radicand.sqrt();
    let s = b.step - (b.step - a.step) * (b.slope + d2 - d1) / (b.slope - a.slope + 2.0 * d2);
    s.is_finite().then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rosenbrock(x: &[f64], g: &mut [f64]) -> f64 {
        let (a, b) = (x[0], x[1]);
        g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
        g[1] = 200.0 * (b - a * a);
        (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
    }

    #[test]
    fn finds_the_minimum_of_rosenbrock() {
        let m = minimize(&mut rosenbrock, vec![-1.2, 1.0], &Options::new(200, 1e-8));
        assert!(m.stop.converged(), "{m:?}");
        assert!(
            (m.x[0] - 1.0).abs() < 1e-5 && (m.x[1] - 1.0).abs() < 1e-5,
            "{m:?}"
        );
        // SciPy's L-BFGS-B takes 35 iterations on this problem from this start.
        assert!(m.iterations < 100, "{m:?}");
    }

    #[test]
    fn solves_an_ill_conditioned_quadratic() {
        // f = Σ c_i (x_i − i)², curvatures from 1 to 10⁴.
        let curvature: Vec<f64> = (0..20).map(|i| 10f64.powf(i as f64 / 19.0 * 4.0)).collect();
        let mut f = |x: &[f64], g: &mut [f64]| {
            let mut value = 0.0;
            for (i, (&c, xi)) in curvature.iter().zip(x).enumerate() {
                let d = xi - i as f64;
                value += c * d * d;
                g[i] = 2.0 * c * d;
            }
            value
        };
        // SciPy's L-BFGS-B needs 287 iterations on this problem (and stops 2e-4 away, at its
        // default relative decrease of 2.2e-9).
        let m = minimize(&mut f, vec![0.0; 20], &Options::new(1000, 1e-6));
        assert!(m.stop.converged(), "{m:?}");
        for (i, xi) in m.x.iter().enumerate() {
            assert!((xi - i as f64).abs() < 1e-5, "x[{i}] = {xi}");
        }
    }

    #[test]
    fn stops_at_the_iteration_limit_and_at_a_stationary_start() {
        let m = minimize(&mut rosenbrock, vec![-1.2, 1.0], &Options::new(3, 1e-12));
        assert_eq!((m.stop, m.iterations), (Stop::MaxIter, 3));
        assert!(!m.stop.converged());
        let m = minimize(&mut rosenbrock, vec![1.0, 1.0], &Options::new(10, 1e-8));
        assert_eq!((m.stop, m.iterations), (Stop::Gradient, 0));
    }

    #[test]
    fn a_non_finite_objective_is_reported() {
        let mut f = |_: &[f64], g: &mut [f64]| {
            g[0] = 1.0;
            f64::NAN
        };
        let m = minimize(&mut f, vec![0.0], &Options::new(10, 1e-8));
        assert_eq!(m.stop, Stop::LineSearch);
    }
}
