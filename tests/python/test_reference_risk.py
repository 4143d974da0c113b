"""The risk and decision toolkit agrees with independent numpy/pandas implementations.

Compared (exact: integers or sums of a few products, tolerance 1e-9):
- `ParetoFront` on 24 random instances (5-30 candidates, 2-4 objectives, each minimised or
  maximised, small integer values so that ties abound, plus duplicated rows): `dominated`,
  `dominated_by` and `front` against a brute-force numpy domination matrix and front-by-front
  peeling (non-dominated sorting);
- `MitigationPlan::best_under` on 20 random instances (≤ 12 actions on 3-6 risks, several
  actions per risk) against an itertools enumeration of every subset with at most one action
  per risk: same optimal reduction, chosen cost ≤ budget, at most one action per risk, and the
  reported totals equal to the chosen actions' own costs and reductions;
- on the notebook's data: the risk register's RPN, rank (pandas `rank(method="min")`), order and
  level; the mitigation table (reduction and reduction per 1,000 €); the decision table's
  weighted scores, contributions and ranking.
"""

import itertools

import numpy as np
import pandas as pd

from kernel_session import DATA

RNG = np.random.default_rng(20270104)


def dominance(values, maximize):
    """a[i, j] = candidate i dominates candidate j (values: n × m)."""
    v = np.where(maximize, values, -values)  # larger is better everywhere
    ge = (v[:, None, :] >= v[None, :, :]).all(axis=2)
    gt = (v[:, None, :] > v[None, :, :]).any(axis=2)
    return ge & gt


def fronts(dom):
    n = len(dom)
    front = np.zeros(n, dtype=int)
    remaining = np.ones(n, dtype=bool)
    rank = 1
    while remaining.any():
        current = remaining & ~(dom[remaining].any(axis=0))
        front[current] = rank
        remaining &= ~current
        rank += 1
    return front


def test_pareto_front_matches_brute_force(sdia, tmp_path):
    for k in range(24):
        n, m = int(RNG.integers(5, 31)), int(RNG.integers(2, 5))
        values = RNG.integers(0, 6, size=(n, m)).astype(float)
        duplicates = RNG.integers(0, n, size=2)
        values[duplicates[1]] = values[duplicates[0]]
        maximize = RNG.random(m) < 0.5
        df = pd.DataFrame(values, columns=[f"o{j}" for j in range(m)])
        df.insert(0, "id", [f"c{i}" for i in range(n)])
        path = tmp_path / f"pareto_{k}.csv"
        df.to_csv(path, index=False)
        objectives = ", ".join(
            f'Objective::{"maximize" if mx else "minimize"}("o{j}")' for j, mx in enumerate(maximize)
        )
        ours = sdia.frame(
            f'ParetoFront::from_frame(&read_csv(r"{path}")?, "id", &[{objectives}])?.table()?',
            f"pareto_{k}",
        ).set_index("id").loc[df["id"]]
        dom = dominance(values, maximize)
        count = dom.sum(axis=0)
        np.testing.assert_array_equal(ours["dominated_by"].to_numpy(), count, err_msg=f"instance {k}")
        np.testing.assert_array_equal(ours["dominated"].to_numpy(), count > 0, err_msg=f"instance {k}")
        np.testing.assert_array_equal(ours["front"].to_numpy(), fronts(dom), err_msg=f"instance {k}")
        # duplicated rows never dominate each other
        assert not dom[duplicates[0], duplicates[1]]


def brute_force(risks, actions, budget):
    crit = dict(zip(risks["id"], risks["severity"] * risks["occurrence"] * risks["detection"]))
    reduction = [
        crit[a.risk] - a.severity_after * a.occurrence_after * a.detection_after for a in actions.itertuples()
    ]
    best = 0.0
    n = len(actions)
    for size in range(1, n + 1):
        for subset in itertools.combinations(range(n), size):
            targets = [actions["risk"][i] for i in subset]
            if len(set(targets)) < len(targets):
                continue
            if sum(actions["cost"][i] for i in subset) <= budget:
                best = max(best, sum(reduction[i] for i in subset))
    return best, reduction


def test_best_under_matches_enumeration(sdia, tmp_path):
    for k in range(20):
        n_risks = int(RNG.integers(3, 7))
        risks = pd.DataFrame({
            "id": [f"R{i}" for i in range(n_risks)],
            "risk": [f"risque {i}" for i in range(n_risks)],
            "severity": RNG.integers(1, 11, n_risks),
            "occurrence": RNG.integers(1, 11, n_risks),
            "detection": RNG.integers(1, 11, n_risks),
        })
        n_actions = int(RNG.integers(4, 13))
        target = RNG.integers(0, n_risks, n_actions)
        rows = []
        for a, r in enumerate(target):
            before = risks.iloc[r]
            # mostly lower scores, sometimes one higher (an action that makes things worse)
            after = [int(max(1, min(10, before[c] - RNG.integers(-1, 5)))) for c in ("severity", "occurrence", "detection")]
            rows.append((f"R{r}", f"A{a}", float(RNG.integers(5, 80) * 100), *after))
        actions = pd.DataFrame(rows, columns=["risk", "action", "cost", "severity_after", "occurrence_after", "detection_after"])
        budget = float(RNG.integers(5, 40) * 500)
        rpath, apath = tmp_path / f"risks_{k}.csv", tmp_path / f"actions_{k}.csv"
        risks.to_csv(rpath, index=False)
        actions.to_csv(apath, index=False)
        out = sdia.run(f"""
let plan_{k} = RiskRegister::from_frame(&read_csv(r"{rpath}")?)?
    .mitigate(&Mitigations::from_frame(&read_csv(r"{apath}")?)?)?;
let choice_{k} = plan_{k}.best_under({budget})?;
println!("reduction={{}}", choice_{k}.total_reduction);
println!("cost={{}}", choice_{k}.total_cost);
println!("actions={{}}", choice_{k}.actions.join("|"));
""")
        got = dict(line.split("=", 1) for line in out.strip().splitlines())
        chosen = [a for a in got["actions"].split("|") if a]
        expected, reduction = brute_force(risks, actions, budget)
        idx = [int(a[1:]) for a in chosen]
        assert abs(float(got["reduction"]) - expected) < 1e-9, f"instance {k}: {got} vs optimum {expected}"
        assert float(got["cost"]) <= budget + 1e-9, f"instance {k}"
        assert abs(sum(actions["cost"][i] for i in idx) - float(got["cost"])) < 1e-9
        assert abs(sum(reduction[i] for i in idx) - float(got["reduction"])) < 1e-9
        targets = [actions["risk"][i] for i in idx]
        assert len(set(targets)) == len(targets), f"instance {k}: two actions on one risk {targets}"


def test_register_and_mitigations_match_pandas_on_the_notebook_data(sdia):
    risks = pd.read_csv(DATA / "velo_risques.csv")
    risks["criticality"] = risks["severity"] * risks["occurrence"] * risks["detection"]
    risks["rank"] = risks["criticality"].rank(method="min", ascending=False).astype(int)
    risks["level"] = np.select([risks["criticality"] >= 200, risks["criticality"] >= 100], ["high", "medium"], "low")
    expected = risks.sort_values("criticality", ascending=False, kind="stable").reset_index(drop=True)
    sdia.run(f'let velo_register = RiskRegister::from_frame(&read_csv(r"{DATA / "velo_risques.csv"}")?)?;')
    ours = sdia.frame("velo_register.table()?", "velo_register")
    assert list(ours["id"]) == list(expected["id"])
    np.testing.assert_array_equal(ours["criticality"], expected["criticality"])
    np.testing.assert_array_equal(ours["rank"], expected["rank"])
    assert list(ours["level"]) == list(expected["level"])

    actions = pd.read_csv(DATA / "velo_mitigations.csv")
    before = actions["risk"].map(risks.set_index("id")["criticality"])
    reduction = before - actions["severity_after"] * actions["occurrence_after"] * actions["detection_after"]
    plan = sdia.frame(
        f'velo_register.mitigate(&Mitigations::from_frame(&read_csv(r"{DATA / "velo_mitigations.csv"}")?)?)?.table()?',
        "velo_plan",
    )
    np.testing.assert_allclose(plan["reduction"], reduction, rtol=0, atol=1e-9)
    np.testing.assert_allclose(plan["reduction_per_1000"], reduction / actions["cost"] * 1000, rtol=1e-12)


def test_decision_table_matches_pandas_on_the_notebook_data(sdia):
    scores = pd.read_csv(DATA / "velo_methodes.csv")
    weights = pd.read_csv(DATA / "velo_methodes_poids.csv")
    w = weights.set_index("criterion")["weight"]
    w = w / w.sum()
    contributions = scores.set_index("option")[w.index] * w
    total = contributions.sum(axis=1).sort_values(ascending=False, kind="stable")
    ours = sdia.frame(
        f'DecisionMatrix::from_frame(&read_csv(r"{DATA / "velo_methodes.csv"}")?, '
        f'&read_csv(r"{DATA / "velo_methodes_poids.csv"}")?)?.table()?',
        "velo_decision",
    )
    assert list(ours["option"]) == list(total.index)
    np.testing.assert_allclose(ours["score"], total.to_numpy(), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(ours["rank"], np.arange(1, len(total) + 1))
    np.testing.assert_allclose(
        ours.set_index("option")[list(w.index)].loc[total.index].to_numpy(),
        contributions.loc[total.index].to_numpy(),
        rtol=0,
        atol=1e-12,
    )
