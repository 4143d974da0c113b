//! The Hungarian algorithm (Kuhn–Munkres with potentials, in the shortest-augmenting-path form
//! of Jonker and Volgenant): a minimum-cost matching of every row of an `n × m` cost matrix,
//! `n ≤ m`, in O(n² m). Forbidden pairs have an infinite cost.

/// Why no complete matching exists: the index of the row that could not be matched once the
/// rows before it were (the forbidden cells leave it no free column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Infeasible {
    pub row: usize,
}

/// For each row of `cost` (`n` rows of `m ≥ n` columns; `f64::INFINITY` = forbidden), the
/// column it gets in a matching of minimum total cost; every column at most once.
pub(crate) fn solve_min(cost: &[Vec<f64>], m: usize) -> Result<Vec<usize>, Infeasible> {
    let n = cost.len();
    debug_assert!(n <= m);
    // 1-based arrays: column 0 is a virtual column where the row being placed starts.
    let mut u = vec![0.0f64; n + 1];
    let mut v = vec![0.0f64; m + 1];
    let mut owner = vec![0usize; m + 1]; // owner[j]: the row (1-based) matched to column j
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        owner[0] = i;
        let mut j0 = 0usize;
        let mut min_v = vec![f64::INFINITY; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = owner[j0];
            let mut delta = f64::INFINITY;
            let mut j1 = 0usize;
            for j in 1..=m {
                if used[j] {
                    continue;
                }
                let reduced = cost[i0 - 1][j - 1] - u[i0] - v[j];
                if reduced < min_v[j] {
                    min_v[j] = reduced;
                    way[j] = j0;
                }
                if min_v[j] < delta {
                    delta = min_v[j];
                    j1 = j;
                }
            }
            if !delta.is_finite() {
                return Err(Infeasible { row: i - 1 });
            }
            for j in 0..=m {
                if used[j] {
                    u[owner[j]] += delta;
                    v[j] -= delta;
                } else {
                    min_v[j] -= delta;
                }
            }
            j0 = j1;
            if owner[j0] == 0 {
                break;
            }
        }
        // Flip the augmenting path back to the virtual column.
        loop {
            let j1 = way[j0];
            owner[j0] = owner[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    let mut column_of = vec![0usize; n];
    for j in 1..=m {
        if owner[j] > 0 {
            column_of[owner[j] - 1] = j - 1;
        }
    }
    Ok(column_of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn total(cost: &[Vec<f64>], cols: &[usize]) -> f64 {
        cols.iter().enumerate().map(|(i, &j)| cost[i][j]).sum()
    }

    /// Every permutation of `m` columns taken `n` at a time, by brute force.
    fn brute(cost: &[Vec<f64>], m: usize) -> f64 {
        fn go(cost: &[Vec<f64>], row: usize, used: &mut Vec<bool>, acc: f64, best: &mut f64) {
            if row == cost.len() {
                *best = best.min(acc);
                return;
            }
            for j in 0..used.len() {
                if !used[j] {
                    used[j] = true;
                    go(cost, row + 1, used, acc + cost[row][j], best);
                    used[j] = false;
                }
            }
        }
        let mut best = f64::INFINITY;
        go(cost, 0, &mut vec![false; m], 0.0, &mut best);
        best
    }

    #[test]
    fn textbook_three_by_three() {
        // The six permutations cost: (0,1,2) 4+0+2 = 6, (0,2,1) 4+5+2 = 11, (1,0,2) 1+2+2 = 5,
        // (1,2,0) 1+5+3 = 9, (2,0,1) 3+2+2 = 7, (2,1,0) 3+0+3 = 6: the minimum is 5, alone.
        let cost = vec![
            vec![4.0, 1.0, 3.0],
            vec![2.0, 0.0, 5.0],
            vec![3.0, 2.0, 2.0],
        ];
        let cols = solve_min(&cost, 3).unwrap();
        assert_eq!(cols, [1, 0, 2]);
        assert_eq!(total(&cost, &cols), 5.0);
    }

    #[test]
    fn agrees_with_brute_force_on_small_rectangles() {
        // A fixed pseudo-random sequence (a linear congruential generator), values 0..9 so
        // that ties are frequent.
        let mut state: u64 = 12345;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % 10) as f64
        };
        for (n, m) in [(1, 1), (2, 3), (3, 3), (3, 5), (4, 4), (5, 6)] {
            for _ in 0..5 {
                let cost: Vec<Vec<f64>> =
                    (0..n).map(|_| (0..m).map(|_| next()).collect()).collect();
                let cols = solve_min(&cost, m).unwrap();
                let mut seen = cols.clone();
                seen.sort_unstable();
                seen.dedup();
                assert_eq!(seen.len(), n, "each column at most once");
                assert_eq!(total(&cost, &cols), brute(&cost, m));
            }
        }
    }

    #[test]
    fn forbidden_cells_are_avoided_or_reported() {
        let inf = f64::INFINITY;
        // Row 0 may only take column 1, though column 0 is cheaper for it.
        let cost = vec![vec![inf, 5.0], vec![1.0, 1.0]];
        assert_eq!(solve_min(&cost, 2).unwrap(), [1, 0]);
        // Both rows can only take column 0: the second cannot be placed.
        let cost = vec![vec![1.0, inf], vec![2.0, inf]];
        assert_eq!(solve_min(&cost, 2).unwrap_err(), Infeasible { row: 1 });
    }
}
