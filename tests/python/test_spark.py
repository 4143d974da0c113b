"""Spark from a cell (issue 16): the library's `spark(..)` against a real Spark Connect server.

A Spark 4.2 server from the pinned pyspark package runs on 127.0.0.1 in local-cluster mode (two
executor JVMs), started and stopped by spark_server.py. Every expected value comes from pandas or
pyarrow on the same files, never from the library; the same aggregate is also computed by polars
in the same cell, so the two engines are compared with each other and with the reference.
"""

import os
import queue
import time

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from kernel_session import Session
from spark_server import SparkServer, free_port

FILES = 4
ROWS_PER_FILE = 250_000
STATIONS = [f"S{i:02d}" for i in range(30)]


@pytest.fixture(scope="module")
def server():
    if os.environ.get("SDIA_SKIP_SPARK") and os.environ.get("CI") != "true":
        pytest.skip("SDIA_SKIP_SPARK is set")
    spark = SparkServer()
    print(f"Spark Connect server up in {spark.start_seconds:.1f} s at {spark.remote}")
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def session(server):
    s = Session()
    s.run(f'let sc = spark("{server.remote}")?;')
    yield s
    s.close()


@pytest.fixture(scope="module")
def trips(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trajets")
    rng = np.random.default_rng(16)
    frames = []
    for part in range(FILES):
        frame = pd.DataFrame({
            "station": rng.choice(STATIONS, ROWS_PER_FILE),
            "duree": rng.gamma(2.0, 10.0, ROWS_PER_FILE),
            "velos": rng.integers(1, 4, ROWS_PER_FILE),
        })
        frame.loc[rng.random(ROWS_PER_FILE) < 0.02, "duree"] = np.nan
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False),
                       folder / f"part-{part}.parquet")
        frames.append(frame)
    return folder, pd.concat(frames, ignore_index=True)


def test_the_same_aggregate_by_spark_and_by_polars_matches_pandas(session, trips):
    folder, data = trips
    spark_out, polars_out = session.scratch / "spark.csv", session.scratch / "polars.csv"
    session.run(f"""
let by_spark = sc.read_parquet(r"{folder}")
    .filter("duree > 5")
    .group_by(&["station"])
    .agg(&["count(*) AS n", "sum(duree) AS total", "max(velos) AS max_velos"])
    .sort(&["station"], false)
    .collect()?;
let by_polars = scan_parquet(r"{folder}")?
    .filter(col("duree").gt(lit(5.0)))
    .group_by([col("station")])
    .agg([len().alias("n"), col("duree").sum().alias("total"), col("velos").max().alias("max_velos")])
    .sort(["station"], Default::default())
    .collect()?;
write_csv(&by_spark, r"{spark_out}")?;
write_csv(&by_polars, r"{polars_out}")?;
""")
    kept = data[data["duree"] > 5]
    reference = kept.groupby("station").agg(
        n=("duree", "size"), total=("duree", "sum"), max_velos=("velos", "max")).reset_index()
    for path in (spark_out, polars_out):
        got = pd.read_csv(path)
        assert list(got.columns) == ["station", "n", "total", "max_velos"]
        assert list(got["station"]) == sorted(STATIONS)
        np.testing.assert_array_equal(got["n"], reference["n"])
        np.testing.assert_array_equal(got["max_velos"], reference["max_velos"])
        # Sums of ~30,000 floats in another order: 1e-9 relative.
        np.testing.assert_allclose(got["total"], reference["total"], rtol=1e-9)
    assert int(pd.read_csv(spark_out)["n"].sum()) == len(kept)


def test_a_local_frame_uploaded_joins_with_the_cluster_data(session, trips):
    folder, data = trips
    out = session.scratch / "joined.csv"
    session.run(f"""
let zones = df!("station" => ["S00", "S01", "S02", "S03"],
                "zone" => ["Nord", "Nord", "Sud", "Sud"])?;
sc.upload(&zones, "zones")?;
sc.read_parquet(r"{folder}").create_view("trajets")?;
let per_zone = sc.sql("SELECT z.zone, count(*) AS n, avg(t.duree) AS moyenne
                       FROM trajets t JOIN zones z ON t.station = z.station
                       GROUP BY z.zone ORDER BY z.zone")?.collect()?;
write_csv(&per_zone, r"{out}")?;
""")
    zones = pd.DataFrame({"station": ["S00", "S01", "S02", "S03"],
                          "zone": ["Nord", "Nord", "Sud", "Sud"]})
    reference = data.merge(zones, on="station").groupby("zone").agg(
        n=("duree", "size"), moyenne=("duree", "mean")).reset_index()
    got = pd.read_csv(out)
    assert list(got["zone"]) == ["Nord", "Sud"]
    np.testing.assert_array_equal(got["n"], reference["n"])
    np.testing.assert_allclose(got["moyenne"], reference["moyenne"], rtol=1e-9)


def test_a_join_by_column_names_with_polars_join_types(session, trips):
    folder, data = trips
    out = session.scratch / "semi.csv"
    printed = session.run(f"""
let wanted = sc.upload(&df!("station" => ["S05", "S07"])?, "wanted")?;
let trips = sc.read_parquet(r"{folder}");
let kept = trips.join(&wanted, &["station"], JoinType::Semi)?;
let left_out = trips.join(&wanted, &["station"], JoinType::Anti)?;
println!("{{}} {{}}", kept.count()?, left_out.count()?);
write_csv(&kept.select(&["station", "velos * 2 AS double"]).head(5)?, r"{out}")?;
""")
    in_wanted = data["station"].isin(["S05", "S07"])
    assert printed.split() == [str(int(in_wanted.sum())), str(int((~in_wanted).sum()))]
    head = pd.read_csv(out)
    assert len(head) == 5 and set(head["station"]) <= {"S05", "S07"}
    assert set(head["double"]) <= {2, 4, 6}


def test_spark_writes_parquet_that_pandas_reads(session, trips):
    folder, data = trips
    target = session.scratch / "gros_trajets"
    printed = session.run(f"""
let long = sc.read_parquet(r"{folder}").filter("duree > 60");
long.write_parquet(r"{target}")?;
long.write_parquet(r"{target}")?; // a second run replaces, as write_parquet does locally
println!("{{}}", long.count()?);
""")
    expected = int((data["duree"] > 60).sum())
    assert int(printed) == expected
    assert len(pd.read_parquet(target)) == expected


def test_a_server_error_names_the_query_and_the_session_lives_on(session):
    reply = session.kc.execute_interactive(
        'sc.sql("SELECT nope FROM range(3)")?.collect()?', timeout=120,
        output_hook=lambda msg: None)["content"]
    assert reply["status"] == "error"
    text = reply["evalue"] + "\n".join(reply.get("traceback", []))
    assert "Spark" in text and "nope" in text, text
    assert "SELECT nope FROM range(3)" in text, "the message names the query: " + text
    assert session.run('println!("{}", sc.sql("SELECT 41 + 1 AS x")?.collect()?.height());').strip() == "1"


def test_nothing_listening_is_a_clear_error(session):
    port = free_port()
    reply = session.kc.execute_interactive(f'let other = spark("sc://127.0.0.1:{port}")?;',
                                           timeout=120, output_hook=lambda msg: None)["content"]
    assert reply["status"] == "error"
    text = reply["evalue"] + "\n".join(reply.get("traceback", []))
    assert "no Spark Connect server answers" in text and str(port) in text, text


def test_interrupt_cancels_the_job_on_the_cluster_and_keeps_the_session(session):
    """■ during a long job: the cell fails as interrupted within seconds, `sc` is kept, and the
    cluster is free again (a job that would take hours is cancelled, not left running)."""
    kc = session.kc
    msg_id = kc.execute('let n = sc.sql("SELECT sum(id * 7 % 13) AS s FROM range(100000000000)")?.collect()?;')
    shown = []
    deadline = time.monotonic() + 180
    # Wait for the job's progress display: the job is running on the cluster.
    while not any("Spark:" in s for s in shown):
        assert time.monotonic() < deadline, "no Spark progress shown"
        try:
            msg = kc.get_iopub_msg(timeout=10)
        except queue.Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] in (
                "display_data", "update_display_data"):
            shown.append(msg["content"]["data"].get("text/html", ""))
    time.sleep(2)  # well inside the job's tasks
    started = time.monotonic()
    session.km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=120)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=120)
    waited = time.monotonic() - started
    assert reply["content"]["status"] == "error"
    assert "interrupted" in reply["content"]["evalue"], reply["content"]
    assert waited < 20, f"the interrupt took {waited:.1f} s"
    # The session kept `sc`, and the cluster answers a new query at once.
    assert session.run('println!("{}", sc.sql("SELECT 1 AS one")?.count()?);').strip() == "1"
