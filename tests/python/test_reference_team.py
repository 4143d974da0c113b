"""The team slice (skills matrix, assignment, skills gap, workforce intervals) agrees with
independent implementations.

Compared, in a real sdia kernel session:
- the assignment (`AssignmentProblem`, Hungarian algorithm) with
  `scipy.optimize.linear_sum_assignment` on 40 seeded random matrices, square and rectangular
  (more people than roles and the reverse), maximised and minimised, half of them small integers
  so that ties are frequent: same optimal total (absolute 1e-9) and a valid matching (min(n, m)
  pairs, each person and each role at most once, each value the matrix's cell);
- the Garwood interval (`rate_ci`) with `scipy.stats.chi2` quantiles, and the Wilson interval
  (`proportion_ci`) with `scipy.stats.binomtest(k, n).proportion_ci(method="wilson")`, on a grid
  of counts, exposures and confidence levels (relative 1e-9 for rates, absolute 1e-9 for
  proportions);
- on the notebook's data (notebooks/data/velo_*.csv): the suitability scores, the team's
  assignment total, the skills gap and the per-group rate and proportion tables, recomputed with
  pandas and scipy (1e-9).
"""

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from kernel_session import DATA

N_MATRICES = 40


def _matrices():
    rng = np.random.default_rng(20270104)
    out = []
    for i in range(N_MATRICES):
        n, m = (int(x) for x in rng.integers(1, 10, size=2))
        if i % 2 == 0:
            values = rng.integers(0, 5, size=(n, m)).astype(float)  # many ties
        else:
            values = np.round(rng.uniform(-50, 100, size=(n, m)), 6)
        out.append((values, i % 4 < 2))  # maximise for half of them
    return out


def test_assignment_matches_scipy(sdia, tmp_path):
    cases = _matrices()
    for i, (values, _) in enumerate(cases):
        df = pd.DataFrame(values, columns=[f"r{j}" for j in range(values.shape[1])])
        df.insert(0, "person", [f"p{k}" for k in range(values.shape[0])])
        df.to_csv(tmp_path / f"m{i}.csv", index=False)
    flags = ", ".join("true" if maximize else "false" for _, maximize in cases)
    out = sdia.numbers(f"""
let flags = [{flags}];
for (i, maximize) in flags.iter().enumerate() {{
    let df = read_csv(format!(r"{tmp_path}/m{{i}}.csv"))?;
    let problem = AssignmentProblem::from_frame(&df, "person")?;
    let problem = if *maximize {{ problem.maximize() }} else {{ problem.minimize() }};
    let a = problem.solve()?;
    write_csv(&a.table()?, format!(r"{tmp_path}/a{{i}}.csv"))?;
    println!("total{{i}}={{}}", a.total());
}}
""")
    for i, (values, maximize) in enumerate(cases):
        rows, cols = optimize.linear_sum_assignment(values, maximize=maximize)
        expected = values[rows, cols].sum()
        assert out[f"total{i}"] == pytest.approx(expected, abs=1e-9), f"matrix {i}"
        pairs = pd.read_csv(tmp_path / f"a{i}.csv")
        n, m = values.shape
        assert len(pairs) == min(n, m), f"matrix {i}: {len(pairs)} pairs"
        assert pairs["person"].is_unique and pairs["role"].is_unique, f"matrix {i}"
        for person, role, value in pairs.itertuples(index=False):
            assert values[int(person[1:]), int(role[1:])] == pytest.approx(value, abs=1e-12)
        assert pairs["value"].sum() == pytest.approx(expected, abs=1e-9)


RATE_GRID = [(k, t, c) for k in (0, 1, 2, 5, 10, 37, 100, 1000)
             for t in (1.0, 250.0, 12345.6) for c in (0.8, 0.9, 0.95, 0.99)]
WILSON_GRID = [(k, n, c) for n in (1, 5, 20, 100, 1000)
               for k in sorted({0, 1, n // 3, n // 2, n - 1, n}) if 0 <= k <= n
               for c in (0.8, 0.9, 0.95, 0.99)]


def test_garwood_matches_chi2_quantiles(sdia):
    grid = ", ".join(f"({k}u64, {t}f64, {c}f64)" for k, t, c in RATE_GRID)
    out = sdia.numbers(f"""
for (i, (k, t, c)) in [{grid}].iter().enumerate() {{
    let r = rate_ci(*k, *t, *c)?;
    println!("rate{{i}}={{}}\\nlower{{i}}={{}}\\nupper{{i}}={{}}", r.rate, r.lower, r.upper);
}}
""")
    for i, (k, t, c) in enumerate(RATE_GRID):
        alpha = 1 - c
        lower = 0.0 if k == 0 else stats.chi2.ppf(alpha / 2, 2 * k) / 2 / t
        upper = stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2 / t
        assert out[f"rate{i}"] == pytest.approx(k / t, rel=1e-12)
        assert out[f"lower{i}"] == pytest.approx(lower, rel=1e-9, abs=1e-300), (k, t, c)
        assert out[f"upper{i}"] == pytest.approx(upper, rel=1e-9), (k, t, c)


def test_wilson_matches_scipy_binomtest(sdia):
    grid = ", ".join(f"({k}u64, {n}u64, {c}f64)" for k, n, c in WILSON_GRID)
    out = sdia.numbers(f"""
for (i, (k, n, c)) in [{grid}].iter().enumerate() {{
    let p = proportion_ci(*k, *n, *c)?;
    println!("lower{{i}}={{}}\\nupper{{i}}={{}}", p.lower, p.upper);
}}
""")
    for i, (k, n, c) in enumerate(WILSON_GRID):
        ci = stats.binomtest(k, n).proportion_ci(confidence_level=c, method="wilson")
        assert out[f"lower{i}"] == pytest.approx(ci.low, abs=1e-9), (k, n, c)
        assert out[f"upper{i}"] == pytest.approx(ci.high, abs=1e-9), (k, n, c)


@pytest.fixture(scope="module")
def velo(sdia):
    sdia.run(f"""
let competences = read_csv(r"{DATA}/velo_competences.csv")?;
let equipe = competences.clone().lazy().filter(col("team").eq(lit("Vélo+"))).collect()?;
let roles = read_csv(r"{DATA}/velo_roles.csv")?;
let matrice_equipe = SkillsMatrix::from_frame(&equipe)?;
let adequation_equipe = matrice_equipe.suitability(&roles)?;
let affectation = AssignmentProblem::from_frame(&adequation_equipe, "person")?.solve()?;
let ecarts = matrice_equipe.gap(&matrice_equipe.role_requirements(&affectation, &roles)?)?;
""")
    skills = pd.read_csv(DATA / "velo_competences.csv")
    return skills[skills["team"] == "Vélo+"].reset_index(drop=True), pd.read_csv(DATA / "velo_roles.csv")


def test_suitability_and_assignment_on_notebook_data(sdia, velo):
    team, roles = velo
    ours = sdia.frame("adequation_equipe", "adequation")
    names = list(dict.fromkeys(roles["role"]))
    for role in names:
        need = roles[roles["role"] == role]
        covered = sum(np.minimum(team[s], level) for s, level in zip(need["skill"], need["level"]))
        np.testing.assert_allclose(ours[role], covered / need["level"].sum(), atol=1e-12, err_msg=role)
    matrix = ours[names].to_numpy()
    rows, cols = optimize.linear_sum_assignment(matrix, maximize=True)
    total = sdia.numbers('println!("total={}", affectation.total());')["total"]
    assert total == pytest.approx(matrix[rows, cols].sum(), abs=1e-9)


def test_skills_gap_matches_pandas(sdia, velo):
    team, roles = velo
    pairs = sdia.frame("affectation.table()?", "pairs")
    required = pairs.merge(roles, on="role")
    long = team.melt(id_vars=["person"], value_vars=list(roles["skill"].unique()),
                     var_name="skill", value_name="current")
    gaps = required.merge(long, on=["person", "skill"])
    gaps["gap"] = gaps["level"] - gaps["current"]
    gaps = gaps[gaps["gap"] > 0].sort_values(["person", "skill"]).reset_index(drop=True)
    ours = sdia.frame("ecarts.table()?", "gaps").sort_values(["person", "skill"]).reset_index(drop=True)
    assert list(ours["person"]) == list(gaps["person"]) and list(ours["skill"]) == list(gaps["skill"])
    np.testing.assert_allclose(ours["gap"], gaps["gap"])
    np.testing.assert_allclose(ours["required"], gaps["level"])
    by_skill = gaps.groupby("skill").agg(total_gap=("gap", "sum"), people=("gap", "size")).reset_index()
    by_skill = by_skill.sort_values(["total_gap", "people", "skill"], ascending=[False, False, True])
    needs = sdia.frame("ecarts.training_needs()?", "needs")
    assert list(needs["skill"]) == list(by_skill["skill"])
    np.testing.assert_allclose(needs["total_gap"], by_skill["total_gap"])


def test_rate_and_proportion_tables_on_notebook_data(sdia):
    ours = sdia.frame(
        f'incident_rates(&read_csv(r"{DATA}/velo_incidents.csv")?, "equipe", "accidents", "heures")?'
        ".per(200_000.0).table()?", "rates")
    incidents = pd.read_csv(DATA / "velo_incidents.csv")
    sums = incidents.groupby("equipe", sort=False)[["accidents", "heures"]].sum()
    sums.loc["overall"] = sums.sum()
    assert list(ours["equipe"]) == list(sums.index)
    for (k, t), row in zip(sums.itertuples(index=False), ours.itertuples(index=False)):
        assert row.rate == pytest.approx(k / t * 2e5, rel=1e-12)
        lower = 0.0 if k == 0 else stats.chi2.ppf(0.025, 2 * k) / 2 / t * 2e5
        assert row.lower == pytest.approx(lower, rel=1e-9)
        assert row.upper == pytest.approx(stats.chi2.ppf(0.975, 2 * k + 2) / 2 / t * 2e5, rel=1e-9)
    ours = sdia.frame(f'proportions(&read_csv(r"{DATA}/velo_effectifs.csv")?, "famille", "femme")?.table()?',
                      "shares")
    staff = pd.read_csv(DATA / "velo_effectifs.csv")
    counts = staff.groupby("famille", sort=False)["femme"].agg(["sum", "size"])
    counts.loc["overall"] = counts.sum()
    assert list(ours["famille"]) == list(counts.index)
    for (k, n), row in zip(counts.itertuples(index=False), ours.itertuples(index=False)):
        ci = stats.binomtest(int(k), int(n)).proportion_ci(method="wilson")
        assert (row.successes, row.n) == (k, n)
        assert row.lower == pytest.approx(ci.low, abs=1e-9) and row.upper == pytest.approx(ci.high, abs=1e-9)
