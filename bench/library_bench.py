"""Library speed benchmark: sdia (in a real kernel session) against pandas, in one invocation.

Generates one table of N rows (default 1,000,000; seeded): an id, two categorical columns,
four float columns with some missing values, and ~5 % duplicated rows. Both sides read the
same CSV file, then run the same operations; each timing is the best of R repetitions
(default 3), timed inside the process that does the work (a cell's `Instant` for sdia,
`time.perf_counter` for pandas), so kernel round-trips are not counted.

Operations (same output on both sides):
  csv read       pd.read_csv                          | read_csv
  parquet read   pd.read_parquet (the same table)     | read_parquet
  describe       describe() + skew() + kurt()         | describe (includes skew, kurtosis)
  group-by       groupby(g).agg(mean, sum, count)     | lazy group_by + agg
  correlation    corr() (Pearson, pairwise)           | correlation(Pearson)
  one-hot        get_dummies(columns=[g, c])          | OneHotEncoder fit + transform
  duplicates     duplicated().sum()                   | duplicate_count
  group-by, 2 keys  groupby([g, c]).agg(...)          | lazy group_by([g, c]) + agg
  join           merge with a second N-row table on a unique key (inner) | lazy join
  scaling        scikit-learn StandardScaler on x1, x3, x4 | Scaler::standard fit + transform
  train/test split  scikit-learn train_test_split(0.25)  | train_test_split(&df, 0.25, seed)

Prints a table with reference (pandas or scikit-learn) / sdia ratios (> 1: sdia is faster). Usage:
  .venv/bin/python bench/library_bench.py [--rows N] [--repeat R]
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))
from kernel_session import Session  # noqa: E402

# The kernel's code analysis (completion) warms up in the background for ≈30 s of CPU after
# start-up: on 2 cores it would share them with the timed work. Benchmarks time the library.
os.environ.setdefault("SDIA_ANALYSIS", "off")

OPERATIONS = ["csv read", "parquet read", "describe", "group-by", "group-by, 2 keys", "join", "correlation",
              "one-hot", "duplicates", "scaling", "train/test split"]


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
    df.to_parquet(path.with_suffix(".parquet"), index=False)
    # The other side of the join: every row of the table matched once, in another order.
    pd.DataFrame({"key": rng.permutation(rows), "y": rng.normal(size=rows)}).to_parquet(
        path.with_name("right.parquet"), index=False)


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_pandas(path, repeat):
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    df = pd.read_csv(path)
    numbers = df.select_dtypes("number")
    left = df.assign(row=np.arange(len(df)))
    right = pd.read_parquet(path.with_name("right.parquet"))
    scaled = ["x1", "x3", "x4"]
    return {
        "csv read": best(lambda: pd.read_csv(path), repeat),
        "parquet read": best(lambda: pd.read_parquet(path.with_suffix(".parquet")), repeat),
        "group-by, 2 keys": best(lambda: df.groupby(["g", "c"]).agg(m=("x1", "mean"), s=("x2", "sum"),
                                                                     n=("x3", "count")), repeat),
        "join": best(lambda: left.merge(right, left_on="row", right_on="key"), repeat),
        "scaling": best(lambda: StandardScaler().fit(df[scaled]).transform(df[scaled]), repeat),
        "train/test split": best(lambda: train_test_split(df, test_size=0.25, random_state=7), repeat),
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
let left = df.clone().lazy().with_row_index("row", None).with_column(col("row").cast(DataType::Int64)).collect()?;
let right = read_parquet(r"RIGHT")?;
let scaler = Scaler::standard(&["x1", "x3", "x4"]);
let timings = [
    ("csv read", best(repeat, || read_csv(path).map(|d| d.height()))),
    ("parquet read", best(repeat, || read_parquet(r"PARQUET").map(|d| d.height()))),
    ("group-by, 2 keys", best(repeat, || df.clone().lazy().group_by([col("g"), col("c")])
        .agg([col("x1").mean().alias("m"), col("x2").sum().alias("s"), col("x3").count().alias("n")])
        .collect().map(|d| d.height()))),
    ("join", best(repeat, || left.clone().lazy().join(right.clone().lazy(), [col("row")], [col("key")],
        JoinArgs::new(JoinType::Inner)).collect().map(|d| d.height()))),
    ("scaling", best(repeat, || scaler.fit(&df).and_then(|s| s.transform(&df)).map(|d| d.height()))),
    ("train/test split", best(repeat, || train_test_split(&df, 0.25, 7).map(|s| s.train.height()))),
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
        code = (RUST.replace("PARQUET", str(path.with_suffix(".parquet")))
                .replace("RIGHT", str(path.with_name("right.parquet")))
                .replace("PATH", str(path)).replace("REPEAT", str(repeat)))
        out = session.run(code, timeout=3600)
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
    print(f"| operation | pandas or scikit-learn (s) | sdia (s) | reference / sdia |")
    print(f"|---|---:|---:|---:|")
    for op in OPERATIONS:
        p, s = pandas_times[op], sdia_times[op]
        print(f"| {op} | {p:.3f} | {s:.3f} | {p / s:.1f}× |")


if __name__ == "__main__":
    main()
