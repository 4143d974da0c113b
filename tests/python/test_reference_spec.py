"""The specification and client-relationship toolkit agrees with pandas/numpy computations.

Compared, on the notebook's Vélo+ data and on random instances (seeded numpy, written as CSV and
read in a real sdia kernel session):
- `requirements_diff`: the added / removed / changed / unchanged id sets and the per-row and
  total deltas of cost and effort in scope (a "wont" counts 0), the must-have cost delta and the
  shift of the latest deadline in scope, against a pandas outer merge on `id` (exact: the
  amounts are whole euros and person-days; 1e-9 on sums);
- `Requirements::summary`: counts and costs per priority with cumulative cost (exact);
- `ContactLog::response_delays`: per-item calendar and working days (`numpy.busday_count`), the
  mean, median and maximum (1e-9);
- `ContactLog::open_items`: open items at each Monday (opened ≤ Monday < closed), exact;
- `ContactLog::satisfaction_trend`: monthly means and the least-squares slope against the month
  number (`numpy.polyfit`), 1e-9;
- `milestone_checkpoints`: the nearest contact of the kinds that count (cross join, ties to the
  earlier contact) and the coverage, also checked with `pandas.merge_asof(direction="nearest",
  tolerance=window)`; exact.
"""

import unicodedata

import numpy as np
import pandas as pd
import pytest

from kernel_session import DATA

PRIORITY_WORDS = {
    "must": ["must", "doit", "MUST"],
    "should": ["should", "devrait", "Devrait"],
    "could": ["could", "pourrait"],
    "wont": ["wont", "ne fera pas", "Won't"],
}
ORDER = ["must", "should", "could", "wont"]


def canonical(word):
    w = word.strip().lower().replace("'", "").replace("’", "")
    for key, words in PRIORITY_WORDS.items():
        if w in [x.lower().replace("'", "") for x in words]:
            return key
    raise ValueError(word)


def read_requirements(path):
    df = pd.read_csv(path, dtype={"id": str})
    df["priority"] = df["priority"].map(canonical)
    df["deadline"] = pd.to_datetime(df["deadline"])
    df["scope_cost"] = np.where(df["priority"] == "wont", 0.0, df["cost"])
    df["scope_effort"] = np.where(df["priority"] == "wont", 0.0, df["effort"])
    return df


def reference_diff(path1, path2):
    a, b = read_requirements(path1), read_requirements(path2)
    m = a.merge(b, on="id", how="outer", suffixes=("_1", "_2"), indicator=True)
    fields = ["need", "priority", "cost", "effort", "deadline", "owner", "category"]

    def differs(row):
        for f in fields:
            x, y = row.get(f + "_1"), row.get(f + "_2")
            if (pd.isna(x) and pd.isna(y)) or x == y:
                continue
            return True
        return False

    change = {}
    for _, row in m.iterrows():
        if row["_merge"] == "left_only":
            change[row["id"]] = "removed"
        elif row["_merge"] == "right_only":
            change[row["id"]] = "added"
        else:
            change[row["id"]] = "changed" if differs(row) else "unchanged"
    m["cost_delta"] = m["scope_cost_2"].fillna(0) - m["scope_cost_1"].fillna(0)
    m["effort_delta"] = m["scope_effort_2"].fillna(0) - m["scope_effort_1"].fillna(0)
    latest = lambda d: d.loc[d["priority"] != "wont", "deadline"].max()
    impact = {
        "cost": b["scope_cost"].sum() - a["scope_cost"].sum(),
        "effort": b["scope_effort"].sum() - a["scope_effort"].sum(),
        "must": b.loc[b.priority == "must", "cost"].sum() - a.loc[a.priority == "must", "cost"].sum(),
        "shift": (latest(b) - latest(a)).days,
    }
    return change, m.set_index("id")[["cost_delta", "effort_delta"]], impact


def check_diff(sdia, path1, path2, tag):
    sdia.run(f"""
let d_{tag}_1 = Requirements::from_frame(&read_csv(r"{path1}")?)?;
let d_{tag}_2 = Requirements::from_frame(&read_csv(r"{path2}")?)?;
let d_{tag} = d_{tag}_1.diff(&d_{tag}_2);
""")
    ours = sdia.frame(f"d_{tag}.table()?", f"diff_{tag}").set_index("id")
    got = sdia.numbers(f"""{{
let i = d_{tag}.impact();
println!("cost={{}}\\neffort={{}}\\nmust={{}}\\nshift={{}}\\nadded={{}}\\nremoved={{}}\\nchanged={{}}",
    i.cost_delta, i.effort_delta, i.must_cost_delta, i.end_shift_days, i.added, i.removed, i.changed);
}}""")
    change, deltas, impact = reference_diff(path1, path2)
    assert ours["change"].to_dict() == change
    for kind in ["added", "removed", "changed"]:
        assert got[kind] == sum(1 for v in change.values() if v == kind), kind
    np.testing.assert_allclose(ours["cost_delta"], deltas.loc[ours.index, "cost_delta"], atol=1e-9)
    np.testing.assert_allclose(ours["effort_delta"], deltas.loc[ours.index, "effort_delta"], atol=1e-9)
    for key in ["cost", "effort", "must"]:
        assert got[key] == pytest.approx(impact[key], abs=1e-9), key
    assert got["shift"] == impact["shift"]
    return change, impact


def test_diff_on_the_notebook_data(sdia):
    v1, v2 = DATA / "velo_exigences_v1.csv", DATA / "velo_exigences_v2.csv"
    change, impact = check_diff(sdia, v1, v2, "velo")
    assert sorted(k for k, v in change.items() if v == "added") == ["E21", "E22", "E23"]
    assert impact["cost"] == 12_000 and impact["must"] == 36_000 and impact["shift"] == 21


def random_requirements(rng, ids):
    n = len(ids)
    pr = rng.choice(ORDER, size=n, p=[0.4, 0.3, 0.2, 0.1])
    return pd.DataFrame({
        "id": ids,
        "need": [f"besoin {i}" for i in ids],
        "priority": [rng.choice(PRIORITY_WORDS[p]) for p in pr],
        "cost": rng.integers(1, 40, size=n) * 500,
        "effort": rng.integers(1, 60, size=n),
        "deadline": (pd.Timestamp("2027-02-01") + pd.to_timedelta(rng.integers(0, 200, size=n), unit="D")).strftime("%Y-%m-%d"),
        "owner": rng.choice(["AM", "BL", "CD", None], size=n),
    })


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_diff_on_random_versions(sdia, tmp_path, seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(8, 30))
    v1 = random_requirements(rng, [f"R{i:02d}" for i in range(n)])
    v2 = v1.copy()
    v2 = v2.drop(index=rng.choice(n, size=int(rng.integers(0, 4)), replace=False))
    for col in ["cost", "effort", "priority", "deadline", "owner"]:
        rows = rng.choice(v2.index, size=min(len(v2), int(rng.integers(0, 4))), replace=False)
        fresh = random_requirements(rng, [f"X{i}" for i in range(len(rows))])
        v2.loc[rows, col] = fresh[col].to_numpy()
    added = random_requirements(rng, [f"N{i:02d}" for i in range(int(rng.integers(0, 5)))])
    v2 = pd.concat([v2, added]).sample(frac=1, random_state=seed)
    p1, p2 = tmp_path / "v1.csv", tmp_path / "v2.csv"
    v1.to_csv(p1, index=False)
    v2.to_csv(p2, index=False)
    check_diff(sdia, p1, p2, f"r{seed}")
    # summary per priority against a pandas group-by
    ours = sdia.frame(f"d_r{seed}_1.summary()?", f"summary_{seed}").set_index("priority")
    ref = read_requirements(p1).groupby("priority")["cost"].agg(["count", "sum"]).reindex(ORDER, fill_value=0)
    np.testing.assert_array_equal(ours.loc[ORDER, "count"], ref["count"])
    np.testing.assert_allclose(ours.loc[ORDER, "cost"], ref["sum"])
    np.testing.assert_allclose(ours.loc[ORDER, "cumulative_cost"], ref["sum"].cumsum())


# ---------------------------------------------------------------- contact log


def read_contacts(path):
    c = pd.read_csv(path, dtype={"item": str})
    for col in ["date", "opened", "closed"]:
        c[col] = pd.to_datetime(c[col])
    return c


def check_contact_log(sdia, path, tag):
    sdia.run(f'let log_{tag} = ContactLog::from_frame(&read_csv(r"{path}")?)?;')
    c = read_contacts(path)
    items = c.dropna(subset=["item"]).copy()
    items["opened"] = items["opened"].fillna(items["date"])
    # response delays
    ours = sdia.frame(f"log_{tag}.response_delays()?.table().clone()", f"delays_{tag}").set_index("item")
    closed = items.dropna(subset=["closed"]).set_index("item")
    expected = (closed["closed"] - closed["opened"]).dt.days
    np.testing.assert_array_equal(ours.loc[closed.index, "delay_days"], expected)
    busy = np.busday_count(closed["opened"].values.astype("datetime64[D]"), closed["closed"].values.astype("datetime64[D]"))
    np.testing.assert_array_equal(ours.loc[closed.index, "working_days"], busy)
    assert ours["delay_days"].isna().sum() == items["closed"].isna().sum()
    got = sdia.numbers(f"""{{
let d = log_{tag}.response_delays()?;
println!("mean={{}}\\nmedian={{}}\\nmax={{}}\\nworking={{}}", d.mean_days.unwrap(), d.median_days.unwrap(), d.max_days.unwrap(), d.mean_working_days.unwrap());
}}""")
    assert got["mean"] == pytest.approx(expected.mean(), abs=1e-9)
    assert got["median"] == pytest.approx(expected.median(), abs=1e-9)
    assert got["max"] == expected.max()
    assert got["working"] == pytest.approx(busy.mean(), abs=1e-9)
    # open items at each Monday
    weeks = sdia.frame(f"log_{tag}.open_items()?", f"open_{tag}")
    mondays = pd.to_datetime(weeks["week"])
    first = items["opened"].min()
    last = pd.concat([c["date"], items["opened"], items["closed"]]).max()
    ref_mondays = pd.date_range(first - pd.Timedelta(days=first.weekday()), last, freq="W-MON")
    assert list(mondays) == list(ref_mondays)
    open_ref = [int(((items["opened"] <= m) & ~(items["closed"] <= m)).sum()) for m in ref_mondays]
    assert weeks["open"].tolist() == open_ref
    # satisfaction per month and slope
    trend = sdia.frame(f"log_{tag}.satisfaction_trend()?.table().clone()", f"sat_{tag}")
    scored = c.dropna(subset=["satisfaction"])
    monthly = scored.groupby(scored["date"].dt.to_period("M"))["satisfaction"].mean()
    np.testing.assert_allclose(trend["mean"], monthly.to_numpy(), atol=1e-9)
    index = np.array([(p - monthly.index[0]).n for p in monthly.index], dtype=float)
    np.testing.assert_array_equal(trend["month_index"], index)
    got = sdia.numbers(f'println!("slope={{}}", log_{tag}.satisfaction_trend()?.slope.unwrap());')
    assert got["slope"] == pytest.approx(np.polyfit(index, monthly.to_numpy(), 1)[0], abs=1e-9)


def test_contact_log_on_the_notebook_data(sdia):
    check_contact_log(sdia, DATA / "velo_contacts.csv", "velo")


KINDS = ["réunion", "Réunion de pilotage", "recette", "validation", "retour", "demande", "atelier", "incident"]


def random_log(rng, n):
    dates = pd.Timestamp("2027-01-04") + pd.to_timedelta(np.sort(rng.integers(0, 150, size=n)), unit="D")
    has_item = rng.random(n) < 0.6
    opened = dates - pd.to_timedelta(rng.integers(0, 3, size=n), unit="D")
    closed = dates + pd.to_timedelta(rng.integers(0, 30, size=n), unit="D")
    still_open = rng.random(n) < 0.15
    sat = np.where(rng.random(n) < 0.5, rng.integers(1, 6, size=n), np.nan)
    return pd.DataFrame({
        "date": dates.strftime("%Y-%m-%d"),
        "kind": rng.choice(KINDS, size=n),
        "item": [f"D{i:03d}" if h else None for i, h in enumerate(has_item)],
        "opened": [o.strftime("%Y-%m-%d") if h and rng.random() < 0.8 else None for o, h in zip(opened, has_item)],
        "closed": [x.strftime("%Y-%m-%d") if h and not s else None for x, h, s in zip(closed, has_item, still_open)],
        "satisfaction": sat,
    })


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_contact_log_on_random_logs(sdia, tmp_path, seed):
    rng = np.random.default_rng(seed)
    log = random_log(rng, int(rng.integers(30, 80)))
    path = tmp_path / "log.csv"
    log.to_csv(path, index=False)
    check_contact_log(sdia, path, f"r{seed}")


# ---------------------------------------------------------------- milestones


def fold(text):
    decomposed = unicodedata.normalize("NFD", text.strip().lower())
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def reference_checkpoints(milestones, contacts, window, kinds):
    words = [fold(k) for k in kinds]
    eligible = contacts[contacts["kind"].map(lambda k: any(w in fold(k) for w in words))][["date", "kind"]]
    cross = milestones.merge(eligible.rename(columns={"date": "contact"}), how="cross")
    cross["gap"] = (cross["contact"] - cross["date"]).dt.days
    cross["abs"] = cross["gap"].abs()
    best = cross.sort_values(["milestone", "abs", "gap"]).groupby("milestone", sort=False).first()
    out = milestones.set_index("milestone").join(best[["gap"]])
    out["covered"] = out["gap"].abs() <= window
    # the same coverage with merge_asof (nearest contact within the tolerance)
    asof = pd.merge_asof(
        milestones.sort_values("date"),
        eligible.sort_values("date").rename(columns={"kind": "contact_kind"}).assign(contact=lambda d: d["date"]),
        on="date", direction="nearest", tolerance=pd.Timedelta(days=window),
    ).set_index("milestone")
    assert (asof["contact"].notna() == out["covered"].reindex(asof.index)).all()
    return out


def check_milestones(sdia, milestones_path, contacts_path, window, kinds, tag):
    rust_kinds = "[" + ", ".join(f'"{k}"' for k in kinds) + "]"
    sdia.run(f"""
let ms_{tag} = CheckpointRule::new({window}).kinds(&{rust_kinds})
    .check(&read_csv(r"{milestones_path}")?, &ContactLog::from_frame(&read_csv(r"{contacts_path}")?)?)?;
""")
    ours = sdia.frame(f"ms_{tag}.table()?", f"ms_{tag}").set_index("milestone")
    ms = pd.read_csv(milestones_path, parse_dates=["date"])
    ref = reference_checkpoints(ms[["milestone", "date"]], read_contacts(contacts_path), window, kinds)
    assert ours["covered"].tolist() == ref.loc[ours.index, "covered"].tolist()
    np.testing.assert_array_equal(ours["gap_days"].to_numpy(dtype=float), ref.loc[ours.index, "gap"].to_numpy(dtype=float))
    return ours


def test_milestones_on_the_notebook_data(sdia):
    ours = check_milestones(sdia, DATA / "velo_jalons.csv", DATA / "velo_contacts.csv", 5,
                            ["validation", "recette", "réunion"], "velo")
    lacking = set(ours.index[~ours["covered"]])
    assert {"Livraison du socle de données", "Démonstration de la maintenance prédictive"} <= lacking


@pytest.mark.parametrize("seed", [21, 22, 23])
def test_milestones_on_random_data(sdia, tmp_path, seed):
    rng = np.random.default_rng(seed)
    log = random_log(rng, int(rng.integers(10, 40)))
    m = int(rng.integers(3, 12))
    ms = pd.DataFrame({
        "milestone": [f"J{i}" for i in range(m)],
        "date": (pd.Timestamp("2027-01-04") + pd.to_timedelta(rng.integers(-10, 170, size=m), unit="D")).strftime("%Y-%m-%d"),
    })
    lp, mp = tmp_path / "log.csv", tmp_path / "ms.csv"
    log.to_csv(lp, index=False)
    ms.to_csv(mp, index=False)
    window = int(rng.integers(0, 10))
    kinds = list(rng.choice(["validation", "recette", "reunion", "atelier"], size=2, replace=False))
    check_milestones(sdia, mp, lp, window, kinds, f"r{seed}")
