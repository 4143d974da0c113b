"""The architecture toolkit (data flows, pipeline, RACI, growth scenarios) agrees with an
independent implementation in pandas, numpy and networkx.

Compared, on the notebook's data (notebooks/data/velo_*.csv) and on random instances written
as CSV and read in a real sdia kernel session:
- data flows: events/s, MB/s, GB/day and share of each flow, the total, the peak throughput,
  the headroom and the ranking by weight, against pandas (relative tolerance 1e-12);
- pipeline: on ≥ 20 random directed graphs, the library accepts exactly the graphs networkx
  calls acyclic (`nx.is_directed_acyclic_graph`); for those, its layout order is a topological
  order (every edge goes forward) and its depths are the longest path from a source (computed
  here by dynamic programming over `nx.topological_sort`); for the others, the cycle it names is
  a real cycle of the graph and networkx finds one too (`nx.find_cycle`); the storage, energy
  and CO₂e estimates against pandas (1e-12);
- RACI: the problems (no A, several A, no R, too many R) and the workload counts against a
  pandas computation on the raw cells (exact);
- growth scenarios: volume, monthly and cumulative cost against numpy's compound formula
  V0 · (1 + r)^(m/12) (relative 1e-12), and the first month over a capacity (exact).
"""

import re

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from kernel_session import DATA

SECONDS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0}
RTOL = 1e-12


# ---------------------------------------------------------------- data flows


def flows_reference(df):
    out = df.copy()
    out["events_per_s"] = out["rate"] / out["period"].map(SECONDS)
    out["mb_per_s"] = out["events_per_s"] * out["record_bytes"] / 1e6
    out["gb_per_day"] = out["mb_per_s"] * 86400 / 1000
    out["share"] = out["mb_per_s"] / out["mb_per_s"].sum()
    return out


def random_inventory(rng, n):
    return pd.DataFrame({
        "flow": [f"f{i}" for i in range(n)],
        "source": [f"source {i}" for i in range(n)],
        "protocol": rng.choice(["MQTT", "HTTPS/REST", "SFTP", "JDBC"], n),
        "format": rng.choice(["JSON", "CSV", "Avro"], n),
        "rate": np.round(rng.uniform(0, 5000, n), 3),
        "period": rng.choice(list(SECONDS), n),
        "record_bytes": np.round(rng.lognormal(7, 2, n), 1),
    })


def inventories():
    rng = np.random.default_rng(14)
    yield "velo", pd.read_csv(DATA / "velo_flux.csv")
    for k in range(6):
        yield f"random{k}", random_inventory(rng, int(rng.integers(1, 25)))


@pytest.mark.parametrize("name,inventory", list(inventories()))
def test_flow_throughput_and_budget_match_pandas(sdia, tmp_path, name, inventory):
    path = tmp_path / f"flows_{name}.csv"
    inventory.to_csv(path, index=False)
    expected = flows_reference(inventory)
    total = expected["mb_per_s"].sum()
    budget, peak = 0.5 if name == "velo" else float(total * 2.5), 3.0
    sdia.run(f'let flows_t = DataFlows::from_frame(&read_csv(r"{path}")?)?;')
    ours = sdia.frame("flows_t.table()?", f"flows_table_{name}")
    assert list(ours["flow"]) == list(inventory["flow"])
    for column in ["events_per_s", "mb_per_s", "gb_per_day", "share"]:
        np.testing.assert_allclose(ours[column], expected[column], rtol=RTOL, atol=0, err_msg=column)
    sdia.run(f"let budget_t = flows_t.budget({budget!r})?.peak_factor({peak!r})?;")
    numbers = sdia.numbers(
        'println!("total={:e}\\npeak={:e}\\nheadroom={:e}", budget_t.mean_mb_per_s, '
        "budget_t.peak_mb_per_s, budget_t.headroom_percent);"
    )
    np.testing.assert_allclose(numbers["total"], total, rtol=RTOL)
    np.testing.assert_allclose(numbers["peak"], total * peak, rtol=RTOL)
    np.testing.assert_allclose(numbers["headroom"], (budget - total * peak) / budget * 100, rtol=1e-9)
    ranked = sdia.frame("budget_t.ranked()?", f"flows_ranked_{name}")
    reference = expected.sort_values("mb_per_s", ascending=False, kind="stable")
    assert list(ranked["flow"]) == list(reference["flow"])
    np.testing.assert_allclose(ranked["cumulative_share"], reference["share"].cumsum(), rtol=1e-9)


# ---------------------------------------------------------------- pipeline


def random_graph(rng, k):
    n = int(rng.integers(3, 13))
    names = [f"s{i}" for i in range(n)]
    graph = nx.DiGraph()
    graph.add_nodes_from(names)
    if k % 2 == 0:  # acyclic: edges forward in a hidden random order
        hidden = rng.permutation(n)
        for a in range(n):
            for b in range(a + 1, n):
                if rng.random() < 0.3:
                    graph.add_edge(names[hidden[a]], names[hidden[b]])
    else:  # anything, self-loops included
        for a in range(n):
            for b in range(n):
                if rng.random() < (0.04 if a == b else 0.15):
                    graph.add_edge(names[a], names[b])
    rows = rng.permutation(n)
    return graph, pd.DataFrame({
        "stage": [names[i] for i in rows],
        "next": [";".join(sorted(graph.successors(names[i]))) for i in rows],
        "tool": ["tool"] * n,
    })


def graphs():
    rng = np.random.default_rng(2027)
    velo = pd.read_csv(DATA / "velo_pipeline.csv", keep_default_na=False)
    yield "velo", velo
    looped = velo.copy()
    looped.loc[looped["stage"] == "supervision", "next"] = "entrainement_demande"
    yield "velo_cycle", looped
    for k in range(24):
        yield f"random{k}", random_graph(rng, k)[1]


def as_graph(frame):
    graph = nx.DiGraph()
    graph.add_nodes_from(frame["stage"])
    for stage, nxt in zip(frame["stage"], frame["next"]):
        for target in str(nxt).split(";"):
            if target.strip():
                graph.add_edge(stage, target.strip())
    return graph


def test_random_graphs_cover_both_cases():
    frames = [frame for _, frame in graphs()]
    acyclic = sum(nx.is_directed_acyclic_graph(as_graph(f)) for f in frames)
    assert len(frames) >= 20 and 5 <= acyclic <= len(frames) - 5


@pytest.mark.parametrize("name,frame", list(graphs()))
def test_pipeline_order_and_cycles_match_networkx(sdia, tmp_path, name, frame):
    path = tmp_path / f"pipeline_{name}.csv"
    frame.to_csv(path, index=False)
    out = sdia.run(f"""
match DataPipeline::from_frame(&read_csv(r"{path}")?) {{
    Ok(p) => {{
        let t = p.table()?;
        let depths: Vec<String> = t.column("depth")?.u32()?.iter().map(|d| d.unwrap_or(0).to_string()).collect();
        println!("order={{}}", p.order().join(","));
        println!("depths={{}}", depths.join(","));
    }}
    Err(e) => println!("error={{e}}"),
}}
""")
    graph = as_graph(frame)
    lines = dict(line.split("=", 1) for line in out.strip().splitlines())
    if nx.is_directed_acyclic_graph(graph):
        assert "order" in lines, out
        order = lines["order"].split(",")
        assert sorted(order) == sorted(graph.nodes)
        position = {stage: i for i, stage in enumerate(order)}
        assert all(position[u] < position[v] for u, v in graph.edges), "not a topological order"
        longest = {}
        for v in nx.topological_sort(graph):
            longest[v] = max((longest[u] + 1 for u in graph.predecessors(v)), default=0)
        depths = [int(d) for d in lines["depths"].split(",")]
        assert depths == [longest[v] for v in order]
    else:
        assert "error" in lines, out
        nx.find_cycle(graph)  # networkx finds a cycle too (raises if none)
        listed = re.search(r"cycle: (.*?);", lines["error"]).group(1).split(" → ")
        assert listed[0] == listed[-1] and len(set(listed[:-1])) == len(listed) - 1
        assert all(graph.has_edge(u, v) for u, v in zip(listed, listed[1:])), listed


def test_pipeline_estimates_match_pandas(sdia):
    frame = pd.read_csv(DATA / "velo_pipeline.csv", keep_default_na=False)
    sdia.run(f'let pipeline_t = DataPipeline::from_frame(&read_csv(r"{DATA / "velo_pipeline.csv"}")?)?;')
    ours = sdia.frame("pipeline_t.carbon_factor(0.052).estimates()?", "estimates").set_index("stage")
    kwh = frame["compute_hours_day"] * frame["power_kw"]
    expected = pd.DataFrame({
        "storage_gb": frame["input_gb_day"] * frame["retention_days"],
        "energy_kwh_day": kwh,
        "energy_kwh_year": kwh * 365,
        "co2e_kg_year": kwh * 365 * 0.052,
    }).set_axis(frame["stage"])
    for column in expected:
        np.testing.assert_allclose(ours.loc[expected.index, column], expected[column], rtol=RTOL, err_msg=column)
        np.testing.assert_allclose(ours.loc["TOTAL", column], expected[column].sum(), rtol=RTOL, err_msg=column)


# ---------------------------------------------------------------- RACI


def raci_reference(matrix, threshold):
    people = [c for c in matrix.columns if c != "task"]
    cells = matrix[people].fillna("").astype(str).apply(lambda col: col.str.upper())
    rows = []
    for i, task in enumerate(matrix["task"]):
        accountable = [p for p in people if "A" in cells.loc[i, p]]
        if not accountable:
            rows.append((task, "no A"))
        elif len(accountable) > 1:
            rows.append((task, "several A"))
        if not any("R" in cells.loc[i, p] for p in people):
            rows.append((task, "no R"))
    for p in people:
        if cells[p].str.contains("R").sum() > threshold:
            rows.append((p, "too many R"))
    workload = pd.DataFrame({letter: [int(cells[p].str.contains(letter).sum()) for p in people]
                             for letter in "RACI"}, index=people)
    return rows, workload


def random_raci(rng):
    n_tasks, n_people = int(rng.integers(4, 16)), int(rng.integers(3, 9))
    choices = ["", "", "", "R", "A", "C", "I", "A/R", "r", "R, C", "AI", "C/I"]
    data = {"task": [f"tâche {i}" for i in range(n_tasks)]}
    for p in range(n_people):
        data[f"P{p}"] = rng.choice(choices, n_tasks)
    return pd.DataFrame(data)


def racis():
    rng = np.random.default_rng(5)
    yield "velo", pd.read_csv(DATA / "velo_raci.csv", keep_default_na=False), 2
    for k in range(8):
        yield f"random{k}", random_raci(rng), int(rng.integers(1, 5))


@pytest.mark.parametrize("name,matrix,threshold", list(racis()))
def test_raci_problems_match_pandas(sdia, tmp_path, name, matrix, threshold):
    path = tmp_path / f"raci_{name}.csv"
    matrix.to_csv(path, index=False)
    sdia.run(f'let raci_t = Raci::from_frame(&read_csv(r"{path}")?)?.max_responsible({threshold});')
    problems = sdia.frame("raci_t.check()?", f"raci_check_{name}")
    expected, workload = raci_reference(matrix, threshold)
    ours = [(row.task if isinstance(row.task, str) else row.person, row.problem)
            for row in problems.itertuples()]
    assert ours == expected
    errors = [p for p in expected if p[1] != "too many R"]
    valid = sdia.run('println!("{}", raci_t.is_valid());').strip()
    assert valid == ("true" if not errors else "false")
    load = sdia.frame("raci_t.workload()?", f"raci_load_{name}").set_index("person")
    for letter in "RACI":
        assert list(load[letter]) == list(workload[letter]), letter


# ---------------------------------------------------------------- growth


@pytest.mark.parametrize("initial,rates,years,price,compute,capacity", [
    (6.0, [0.20, 0.45, 1.20], 3, 23.0, 1800.0, 15.0),
    (0.7, [0.05, -0.10, 3.0], 5, 17.5, 0.0, 2.0),
    (120.0, [0.33], 1, 9.99, 250.0, 100.0),
])
def test_growth_table_matches_numpy(sdia, initial, rates, years, price, compute, capacity):
    scenarios = "".join(f'.scenario("s{i}", {r!r})' for i, r in enumerate(rates))
    sdia.run(f"let growth_t = GrowthScenarios::new({initial!r}){scenarios}.years({years})"
             f".cost_per_tb_month({price!r}).compute_cost({compute!r});")
    table = sdia.frame("growth_t.table()?", "growth")
    when = sdia.frame(f"growth_t.when_exceeds({capacity!r})?", "growth_when")
    months = np.arange(1, 12 * years + 1)
    for i, r in enumerate(rates):
        ours = table[table["scenario"] == f"s{i}"]
        volume = initial * (1 + r) ** (months / 12)
        monthly = volume * price + compute
        np.testing.assert_array_equal(ours["month"], months)
        np.testing.assert_allclose(ours["volume_tb"], volume, rtol=RTOL)
        np.testing.assert_allclose(ours["monthly_cost"], monthly, rtol=RTOL)
        np.testing.assert_allclose(ours["cumulative_cost"], np.cumsum(monthly), rtol=RTOL)
        all_months = np.arange(0, 12 * years + 1)
        over = np.nonzero(initial * (1 + r) ** (all_months / 12) > capacity)[0]
        got = when.loc[i, "month"]
        if len(over) == 0:
            assert pd.isna(got)
        else:
            assert int(got) == int(all_months[over[0]])
