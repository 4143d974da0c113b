"""The indicators of the project toolkit agree with an independent pandas/numpy computation.

Compared, on the notebook's Vélo+ files and on random instances written to CSV here (seeded
numpy):
- control charts (XmR): centre = mean, σ = `diff().abs().mean() / 1.128`, limits ± 3σ (with and
  without a baseline), rule-1 flags and the run rule (a point ends 8 in a row strictly on one
  side of the centre: a rolling window of 8 signs) — numbers to 1e-9, flags exactly;
- cycle times: calendar days and `np.busday_count` working days exactly; mean, median and 85th
  percentile against pandas' `quantile` (linear) to 1e-9; weekly throughput against
  `resample("W-MON", label="left", closed="left")` exactly; work in progress at the end of each
  week counted row by row, exactly;
- KPI statuses against a direct pandas computation of the shortfall vs tolerance × |target|;
- topic counts against `str.contains` with a `\\b(...)\\b` regex on lower-cased, accent-stripped
  text (unicodedata NFKD), per quarter, exactly; the rising slopes against `np.polyfit` to 1e-9.
"""

import re
import unicodedata

import numpy as np
import pandas as pd
import pytest

from kernel_session import DATA


def xmr(values, baseline=None):
    x = pd.Series(values, dtype=float)
    ref = x if baseline is None else x[:baseline]
    centre = ref.mean()
    sigma = ref.diff().abs().mean() / 1.128
    ucl, lcl = centre + 3 * sigma, centre - 3 * sigma
    beyond = (x > ucl) | (x < lcl)
    side = np.sign(x - centre)
    run = side.rolling(8).apply(lambda w: float(abs(w.sum()) == 8 and (w != 0).all()), raw=True)
    run = run.fillna(0).astype(bool)
    return centre, sigma, ucl, lcl, beyond, run


def check_chart(sdia, path, column, baseline=None, name="chart"):
    suffix = f".baseline({baseline})?" if baseline else ""
    sdia.run(f'let {name} = ControlChart::individuals(&read_csv(r"{path}")?, "{column}")?{suffix};')
    got = sdia.numbers(
        f'println!("centre={{}}\\nsigma={{}}\\nucl={{}}\\nlcl={{}}", {name}.centre(), {name}.sigma(), '
        f"{name}.ucl(), {name}.lcl());"
    )
    table = sdia.frame(f"{name}.table()?", name)
    values = pd.read_csv(path)[column]
    centre, sigma, ucl, lcl, beyond, run = xmr(values, baseline)
    for key, expected in [("centre", centre), ("sigma", sigma), ("ucl", ucl), ("lcl", lcl)]:
        assert got[key] == pytest.approx(expected, rel=1e-9, abs=1e-9), key
    assert table["beyond_limits"].tolist() == beyond.tolist()
    assert table["run"].tolist() == run.tolist()
    assert table["out_of_control"].tolist() == (beyond | run).tolist()


@pytest.mark.parametrize("column", ["duree_pipeline_min", "mape_jour_pct"])
@pytest.mark.parametrize("baseline", [None, 31])
def test_control_chart_on_the_notebook_data(sdia, column, baseline):
    check_chart(sdia, DATA / "velo_mesures.csv", column, baseline)


def test_control_chart_on_random_series(sdia, tmp_path):
    rng = np.random.default_rng(16)
    for k in range(6):
        n = int(rng.integers(10, 80))
        x = rng.normal(50, 4, n)
        x[n // 2 :] += rng.choice([0.0, 6.0])  # a shift, sometimes
        x = np.round(x, 2)
        path = tmp_path / f"series{k}.csv"
        pd.DataFrame({"v": x}).to_csv(path, index=False)
        check_chart(sdia, path, "v", None if k % 2 else n // 3, name=f"random_chart{k}")


def check_task_log(sdia, path, name):
    sdia.run(f'let {name} = TaskLog::from_frame(&read_csv(r"{path}")?)?;')
    log = pd.read_csv(path, parse_dates=["started", "finished"])
    done = log.dropna(subset=["finished"]).reset_index(drop=True)
    cycle = sdia.frame(f"{name}.cycle_times()?", f"{name}_cycle")
    calendar = (done["finished"] - done["started"]).dt.days
    working = np.busday_count(
        done["started"].to_numpy().astype("datetime64[D]"), done["finished"].to_numpy().astype("datetime64[D]")
    )
    assert cycle["id"].tolist() == done["id"].tolist()
    assert cycle["cycle_days"].tolist() == calendar.tolist()
    assert cycle["cycle_working_days"].tolist() == working.tolist()
    got = sdia.numbers(
        f"let s = {name}.summary()?;\n"
        'println!("mean={}\\nmedian={}\\np85={}\\np85w={}", s.mean_days, s.median_days, s.p85_days, '
        "s.p85_working_days);"
    )
    assert got["mean"] == pytest.approx(calendar.mean(), rel=1e-9)
    assert got["median"] == pytest.approx(calendar.median(), rel=1e-9)
    assert got["p85"] == pytest.approx(calendar.quantile(0.85), rel=1e-9)
    assert got["p85w"] == pytest.approx(pd.Series(working).quantile(0.85), rel=1e-9)

    weekly = sdia.frame(f"{name}.work_in_progress()?", f"{name}_wip")
    weekly["week"] = pd.to_datetime(weekly["week"])
    # Throughput: pandas' weekly bins labelled by their Monday, over the same range of weeks.
    first = log["started"].min() - pd.Timedelta(days=log["started"].min().weekday())
    finished = done.set_index("finished").assign(n=1)["n"]
    counts = finished.resample("W-MON", label="left", closed="left").sum()
    counts = counts.reindex(weekly["week"], fill_value=0)
    assert weekly["week"].iloc[0] == first
    assert weekly["finished"].tolist() == counts.tolist()
    # Work in progress at the end of each week (Sunday), task by task.
    for week, wip in zip(weekly["week"], weekly["in_progress"]):
        sunday = week + pd.Timedelta(days=6)
        open_tasks = ((log["started"] <= sunday) & (log["finished"].isna() | (log["finished"] > sunday))).sum()
        assert wip == open_tasks, week


def test_flow_metrics_on_the_notebook_data(sdia):
    check_task_log(sdia, DATA / "velo_journal_taches.csv", "journal")


def test_flow_metrics_on_random_logs(sdia, tmp_path):
    rng = np.random.default_rng(2027)
    for k in range(4):
        n = int(rng.integers(5, 60))
        start = pd.Timestamp("2027-01-01") + pd.to_timedelta(rng.integers(0, 120, n), unit="D")
        finish = start + pd.to_timedelta(rng.integers(0, 25, n), unit="D")
        finish = pd.Series(finish).where(rng.random(n) > 0.15)
        df = pd.DataFrame(
            {
                "id": [f"T{i}" for i in range(n)],
                "started": start.strftime("%Y-%m-%d"),
                "finished": finish.dt.strftime("%Y-%m-%d"),
            }
        )
        df.loc[0, "finished"] = df.loc[0, "started"]  # at least one finished task (0 days)
        path = tmp_path / f"log{k}.csv"
        df.to_csv(path, index=False)
        check_task_log(sdia, path, f"random_log{k}")


def test_kpi_statuses(sdia):
    kpis = pd.read_csv(DATA / "velo_kpis.csv")
    got = sdia.frame(f'Kpis::from_frame(&read_csv(r"{DATA / "velo_kpis.csv"}")?)?.table()?', "kpis")
    tolerance = kpis["tolerance"].fillna(0.05)
    higher = kpis["direction"].str.lower().isin(["higher", "hausse"])
    shortfall = np.where(higher, kpis["target"] - kpis["actual"], kpis["actual"] - kpis["target"])
    expected = np.where(shortfall <= 0, "green", np.where(shortfall <= tolerance * kpis["target"].abs(), "amber", "red"))
    assert got["status"].tolist() == expected.tolist()
    np.testing.assert_allclose(got["variance"], kpis["actual"] - kpis["target"], rtol=1e-12)
    np.testing.assert_allclose(
        got["variance_pct"], 100 * (kpis["actual"] - kpis["target"]) / kpis["target"].abs(), rtol=1e-12
    )


def fold(text):
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_topic_counts_per_quarter(sdia):
    watch = pd.read_csv(DATA / "velo_veille.csv", parse_dates=["date"])
    themes = pd.read_csv(DATA / "velo_veille_themes.csv")
    sdia.run(
        f'let watch_counts = topic_counts(&read_csv(r"{DATA / "velo_veille.csv"}")?, "resume", "date", '
        f'&read_csv(r"{DATA / "velo_veille_themes.csv"}")?)?.period("quarter")?;'
    )
    got = sdia.frame("watch_counts.table()?", "watch_counts")
    text = watch["resume"].map(fold)
    quarter = watch["date"].dt.to_period("Q")
    rows = []
    for topic, keywords in zip(themes["topic"], themes["keywords"]):
        words = [fold(w.strip()) for w in keywords.split(";") if w.strip()]
        pattern = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
        hit = text.str.contains(pattern, regex=True)
        per = hit.groupby(quarter).agg(["sum", "size", "mean"])
        for q, row in per.iterrows():
            rows.append((f"{q.year}-Q{q.quarter}", topic, int(row["sum"]), int(row["size"]), row["mean"], q.ordinal))
    expected = pd.DataFrame(rows, columns=["period", "topic", "documents", "period_documents", "share", "x"])
    merged = got.merge(expected, on=["period", "topic"], suffixes=("", "_ref"), validate="one_to_one")
    assert len(merged) == len(expected) == len(got)
    assert (merged["documents"] == merged["documents_ref"]).all()
    assert (merged["period_documents"] == merged["period_documents_ref"]).all()
    np.testing.assert_allclose(merged["share"], merged["share_ref"], rtol=1e-12)
    rising = sdia.frame("watch_counts.rising()?", "watch_rising")
    for topic, slope in zip(rising["topic"], rising["slope"]):
        part = expected[expected["topic"] == topic]
        reference = np.polyfit(part["x"] - part["x"].min(), part["share"], 1)[0]
        assert slope == pytest.approx(reference, rel=1e-9, abs=1e-12), topic
    assert list(rising["slope"]) == sorted(rising["slope"], reverse=True)
