"""Data larger than memory: the library's scans and polars' streaming engine, in a kernel whose
cell process has a memory limit smaller than the dataset.

The dataset is generated here with NumPy and pyarrow (Parquet files of the sizes a student's
export would have), and every expected value comes from pyarrow, one file at a time, never
from the library. The kernel runs with `SDIA_MEMORY_LIMIT` = LIMIT: reading the whole dataset
into memory must fail with the memory-limit message (so the data really is larger than the
limit), while the same question asked through `scan_parquet(…)…collect_streaming()` answers,
in the same kernel, right.
"""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from kernel_session import Session

LIMIT = "300M"
LIMIT_BYTES = 300 << 20
FILES = 8
ROWS_PER_FILE = 4_000_000  # 32M rows of (int64, float64): 512 MB in memory, 1.7× the limit
STATIONS = 50


@pytest.fixture(scope="module")
def big_dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trajets")
    rng = np.random.default_rng(2026)
    for part in range(FILES):
        table = pa.table({
            "station": rng.integers(0, STATIONS, ROWS_PER_FILE, dtype=np.int64),
            "duree": rng.gamma(2.0, 10.0, ROWS_PER_FILE),
        })
        pq.write_table(table, folder / f"part-{part:02d}.parquet", row_group_size=500_000)
    return folder


@pytest.fixture(scope="module")
def reference(big_dataset):
    """Per-station count, total and maximum of `duree`, combined file by file with pyarrow."""
    parts = []
    for path in sorted(big_dataset.glob("*.parquet")):
        grouped = pq.read_table(path).group_by("station").aggregate(
            [("duree", "count"), ("duree", "sum"), ("duree", "max")])
        parts.append(grouped.to_pandas())
    both = pd.concat(parts)
    return both.groupby("station").agg(
        n=("duree_count", "sum"), total=("duree_sum", "sum"), longest=("duree_max", "max"))


@pytest.fixture(scope="module")
def limited():
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SDIA_MEMORY_LIMIT", LIMIT)
        session = Session()
    yield session
    session.close()


def execute(session, code, timeout=600):
    reply = session.kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
    return reply["content"]


def test_the_dataset_is_larger_than_the_cell_process_memory(big_dataset, limited):
    in_memory = ROWS_PER_FILE * FILES * (8 + 8)
    assert in_memory > 1.5 * LIMIT_BYTES
    content = execute(limited, f'let all = scan_parquet(r"{big_dataset}")?.collect()?;\n'
                               'all.height()')
    assert content["status"] == "error", "the whole dataset fitted in memory: make it larger"
    assert content["ename"] == "MemoryLimit", content
    assert "memory limit of" in content["evalue"], content["evalue"]
    # The kernel lives on, with the library, in a fresh cell process.
    assert limited.run("println!(\"{}\", dataset(\"iris\")?.height());").strip() == "150"


def test_a_streaming_group_by_over_the_folder_gives_pyarrows_answer(big_dataset, reference,
                                                                    limited):
    out = limited.scratch / "per_station.csv"
    limited.run(f"""
let per_station = scan_parquet(r"{big_dataset}")?
    .group_by([col("station")])
    .agg([len().alias("n"), col("duree").sum().alias("total"), col("duree").max().alias("longest")])
    .sort(["station"], Default::default())
    .collect_streaming()?;
write_csv(&per_station, r"{out}")?;
""")
    got = pd.read_csv(out).set_index("station")
    assert list(got.index) == list(range(STATIONS))
    assert (got["n"].to_numpy() == reference["n"].to_numpy()).all()
    assert int(got["n"].sum()) == FILES * ROWS_PER_FILE
    # Sums of 640,000 values in a different order: agreement to 1e-9 relative.
    np.testing.assert_allclose(got["total"], reference["total"], rtol=1e-9)
    np.testing.assert_array_equal(got["longest"], reference["longest"])


def test_a_filtered_copy_larger_than_the_limit_is_streamed_to_a_file(big_dataset, limited):
    out = limited.scratch / "longs.parquet"
    printed = limited.run(f"""
let rows = scan_parquet(r"{big_dataset}")?
    .filter(col("duree").gt(lit(10.0)))
    .sink_parquet(r"{out}")?;
println!("{{rows}}");
""")
    expected = sum(
        pc.sum(pc.greater(pq.read_table(p, columns=["duree"])["duree"], 10.0)).as_py()
        for p in sorted(big_dataset.glob("*.parquet")))
    assert int(printed.strip()) == expected
    assert pq.ParquetFile(out).metadata.num_rows == expected
    assert expected * 16 > LIMIT_BYTES, "the copy should be larger than the limit"


def test_a_folder_of_french_csv_exports_scans_as_pandas_reads_it(limited, tmp_path):
    """Semicolons, decimal commas, `NA` and empty fields, ISO dates: as pandas reads each file."""
    rng = np.random.default_rng(7)
    frames = []
    for month in range(1, 4):
        n = 20_000
        frame = pd.DataFrame({
            "jour": pd.to_datetime("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, n), "D"),
            "station": rng.choice(["Gare", "Port", "Mairie", "Campus"], n),
            "duree": np.round(rng.gamma(2.0, 10.0, n), 2),
        })
        frame.loc[rng.random(n) < 0.05, "duree"] = np.nan
        frames.append(frame)
        text = frame.to_csv(sep=";", decimal=",", index=False, na_rep="NA", date_format="%Y-%m-%d")
        (tmp_path / f"2024-{month:02d}.csv").write_text(text)
    out = limited.scratch / "csv_stats.csv"
    limited.run(f"""
let options = CsvOptions::new().separator(';').decimal_comma(true);
let stats = scan_csv_with(r"{tmp_path}", &options)?
    .group_by([col("station")])
    .agg([col("duree").mean().alias("moyenne"), col("duree").null_count().alias("manquants"),
          col("jour").max().alias("dernier")])
    .sort(["station"], Default::default())
    .collect_streaming()?;
write_csv(&stats, r"{out}")?;
""")
    got = pd.read_csv(out).set_index("station")
    everything = pd.concat([
        pd.read_csv(tmp_path / f"2024-{m:02d}.csv", sep=";", decimal=",", parse_dates=["jour"])
        for m in range(1, 4)])
    expected = everything.groupby("station").agg(
        moyenne=("duree", "mean"), manquants=("duree", lambda s: s.isna().sum()),
        dernier=("jour", "max"))
    assert list(got.index) == sorted(expected.index)
    np.testing.assert_allclose(got["moyenne"], expected["moyenne"], rtol=1e-12)
    np.testing.assert_array_equal(got["manquants"], expected["manquants"])
    assert list(got["dernier"]) == [d.strftime("%Y-%m-%d") for d in expected["dernier"]]
