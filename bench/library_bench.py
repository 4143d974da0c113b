"""Library speed benchmark: sdia (in a real kernel session) against pandas, in one invocation.

Generates one table of N rows (default 1,000,000; seeded): an id, two categorical columns,
four float columns with some missing values, and ~5 % duplicated rows. Both sides read the
same CSV file, then run the same operations; each timing is the best of R repetitions
(default 3), timed inside the process that does the work (a cell's `Instant` for sdia,
`time.perf_counter` for pandas), so kernel round-trips are not counted.

Operations (same output on both sides):
  csv read       pd.read_csv                          | read_csv
  describe       describe() + skew() + kurt()         | describe (includes skew, kurtosis)
  group-by       groupby(g).agg(mean, sum, count)     | lazy group_by + agg
  correlation    corr() (Pearson, pairwise)           | correlation(Pearson)
  one-hot        get_dummies(columns=[g, c])          | OneHotEncoder fit + transform
  duplicates     duplicated().sum()                   | duplicate_count

Prints a table with pandas / sdia ratios (> 1: sdia is faster). Usage:
  .venv/bin/python bench/library_bench.py [--rows N] [--repeat R]
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))
from kernel_session import Session  # noqa: E402

OPERATIONS = ["csv read", "describe", "group-by", "correlation", "one-hot", "duplicates"]


def generate(rows, path):
    rng = np.random.default_rng(2026)
    base = rows - rows // 20
    df = pd.DataFrame({
        "id": np.arange(base) % (base // 2),
        "g": rng.choice([f"groupe_{i}" for i in range(10)], base),
        "c": rng.choice(["a", "b", "c", "d", "e"], base),
        "x1": rng.normal(50, 10, base),
        "x2": rng.exponential(3, base),
        "x3": rng.uniform(0, 1, base),
        "x4": rng.normal(0, 1, base).round(2),
    })
    df.loc[rng.choice(base, base // 50, replace=False), "x2"] = np.nan
    df = pd.concat([df, df.sample(rows - base, random_state=1)], ignore_index=True)
    df.to_csv(path, index=False)


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_pandas(path, repeat):
    df = pd.read_csv(path)
    numbers = df.select_dtypes("number")
    return {
        "csv read": best(lambda: pd.read_csv(path), repeat),
        "describe": best(lambda: (numbers.describe(), numbers.skew(), numbers.kurt()), repeat),
        "group-by": best(lambda: df.groupby("g").agg(m=("x1", "mean"), s=("x2", "sum"), n=("x3", "count")), repeat),
        "correlation": best(lambda: numbers.corr(), repeat),
        "one-hot": best(lambda: pd.get_dummies(df, columns=["g", "c"]), repeat),
        "duplicates": best(lambda: df.duplicated().sum(), repeat),
    }


RUST = r"""
fn best<T>(repeat: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..repeat).map(|_| { let t = std::time::Instant::now(); std::hint::black_box(f()); t.elapsed().as_secs_f64() })
        .fold(f64::INFINITY, f64::min)
}
let path = r"PATH";
let repeat = REPEAT;
let df = read_csv(path)?;
let encoder = OneHotEncoder::new(&["g", "c"]);
let timings = [
    ("csv read", best(repeat, || read_csv(path).map(|d| d.height()))),
    ("describe", best(repeat, || describe(&df).map(|d| d.height()))),
    ("group-by", best(repeat, || df.clone().lazy().group_by([col("g")])
        .agg([col("x1").mean().alias("m"), col("x2").sum().alias("s"), col("x3").count().alias("n")])
        .collect().map(|d| d.height()))),
    ("correlation", best(repeat, || correlation(&df, CorrMethod::Pearson).map(|d| d.height()))),
    ("one-hot", best(repeat, || encoder.fit(&df).and_then(|e| e.transform(&df)).map(|d| d.width()))),
    ("duplicates", best(repeat, || duplicate_count(&df, &[]))),
];
let fields: Vec<String> = timings.iter().map(|(k, v)| format!("\"{k}\": {v}")).collect();
println!("{{{}}}", fields.join(", "));
"""


def bench_sdia(path, repeat):
    session = Session()
    try:
        out = session.run(RUST.replace("PATH", str(path)).replace("REPEAT", str(repeat)), timeout=3600)
    finally:
        session.close()
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.csv"
        generate(args.rows, path)
        size = path.stat().st_size / 2**20
        print(f"{args.rows:,} rows, {size:.0f} MiB CSV, best of {args.repeat}; pandas {pd.__version__}")
        pandas_times = bench_pandas(path, args.repeat)
        sdia_times = bench_sdia(path, args.repeat)
    print(f"| operation | pandas (s) | sdia (s) | pandas / sdia |")
    print(f"|---|---:|---:|---:|")
    for op in OPERATIONS:
        p, s = pandas_times[op], sdia_times[op]
        print(f"| {op} | {p:.3f} | {s:.3f} | {p / s:.1f}× |")


if __name__ == "__main__":
    main()
