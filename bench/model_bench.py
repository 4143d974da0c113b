"""Model speed benchmark: sdia (in a real kernel session) against scikit-learn, in one invocation.

Generates one seeded classification problem (8 informative numeric features, 3 classes) per
size (default 10,000, 100,000 and 1,000,000 rows), writes it to Parquet, and times on both sides
the same work with the same parameters; each timing is the best of R repetitions (default 3;
1 at 1M rows), measured inside the process that does the work (`Instant` in a cell,
`time.perf_counter` here), so kernel round-trips and file reading are not counted.

  PCA              fit + transform, 3 components      | Pca::new(3)
  k-means          k=8, ≤ 100 iterations from the same | KMeans::new(8).init(&start).max_iter(100)
                   k-means++ centres (computed once)   |
  logistic         multinomial, C=1, ≤ 100 iterations  | LogisticRegression::new().max_iter(100)
  random forest    20 trees, depth ≤ 10, fit + predict | RandomForestClassifier n_trees(20).max_depth(10)
  k-NN             k=5, fit + predict 2,000 queries    | KNeighborsClassifier::new(5)

scikit-learn uses every core it wants (n_jobs=-1 where it has the parameter); so may sdia.
Prints one table with scikit-learn / sdia ratios (> 1: sdia is faster). Usage:
  .venv/bin/python bench/model_bench.py [--sizes 10000,100000,1000000] [--repeat R] [--models PCA,k-means]
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
import sklearn
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.datasets import make_classification
from sklearn.decomposition import PCA
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))
from kernel_session import Session  # noqa: E402

# The kernel's code analysis (completion) warms up in the background for ≈30 s of CPU after
# start-up: on 2 cores it would share them with the timed work. Benchmarks time the library.
os.environ.setdefault("SDIA_ANALYSIS", "off")

OPERATIONS = ["PCA", "k-means", "logistic", "random forest", "k-NN"]
FEATURES = [f"x{i}" for i in range(8)]
QUERIES = 2_000


def generate(rows, path, start_path):
    """The problem, written to `path`, and k-means' initial centres, written to `start_path`:
    both sides start Lloyd's iterations from them, so they do the same iterations."""
    x, y = make_classification(n_samples=rows, n_features=8, n_informative=6, n_redundant=2,
                               n_classes=3, random_state=2026)
    df = pd.DataFrame(x, columns=FEATURES)
    df["y"] = np.array(["a", "b", "c"])[y]
    df.to_parquet(path, index=False)
    start, _ = kmeans_plusplus(x, 8, random_state=0)
    pd.DataFrame(start, columns=FEATURES).to_parquet(start_path, index=False)
    return df, start


def best(fn, repeat):
    """The best time of `repeat` calls of `fn`, and what the last call returned."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def bench_sklearn(df, start, repeat, operations):
    x, y = df[FEATURES].to_numpy(), df["y"].to_numpy()
    queries = x[:QUERIES]

    def forest():
        model = RandomForestClassifier(n_estimators=20, max_depth=10, random_state=0, n_jobs=-1).fit(x, y)
        return model.predict(x)

    work = {
        "PCA": lambda: PCA(3).fit(x).transform(x),
        "k-means": lambda: KMeans(8, init=start, n_init=1, max_iter=100).fit(x),
        "logistic": lambda: LogisticRegression(max_iter=100).fit(x, y),
        "random forest": forest,
        "k-NN": lambda: KNeighborsClassifier(5, n_jobs=-1).fit(x, y).predict(queries),
    }
    timings = {op: best(work[op], repeat) for op in operations}
    # Time, and for iterative models the iterations the last fit ran.
    iterations = {"k-means": lambda m: int(m.n_iter_), "logistic": lambda m: int(np.max(m.n_iter_))}
    return {op: (t, iterations[op](result) if op in iterations else None)
            for op, (t, result) in timings.items()}


# The same work in a cell, one entry per operation (only the selected ones are run).
RUST_TIMINGS = {
    "PCA": """("PCA", best(repeat, || Pca::new(3).fit(&df, &features).and_then(|p| p.transform(&df)).map(|t| t.height()))),""",
    "k-means": """("k-means", best(repeat, || KMeans::new(8).init(&start).max_iter(100).fit(&df, &features).map(|m| m.n_iter()))),""",
    "logistic": """("logistic", best(repeat, || LogisticRegression::new().max_iter(100).fit(&df, &features, "y").map(|m| m.iterations()))),""",
    "random forest": """("random forest", best(repeat, || RandomForestClassifier::new().n_trees(20).max_depth(10).seed(0)
        .fit(&df, &features, "y").and_then(|m| m.predict(&df)).map(|p| p.len()))),""",
    "k-NN": """("k-NN", best(repeat, || KNeighborsClassifier::new(5).fit(&df, &features, "y")
        .and_then(|m| m.predict(&queries)).map(|p| p.len()))),""",
}

RUST = r"""
// The best time of `repeat` calls, and the number the last call returned (iterations for an
// iterative model, a size otherwise).
fn best(repeat: usize, mut f: impl FnMut() -> Result<usize, SdiaError>) -> (f64, usize) {
    let mut last = 0;
    let time = (0..repeat).map(|_| {
        let t = std::time::Instant::now();
        last = std::hint::black_box(f()).unwrap_or(0);
        t.elapsed().as_secs_f64()
    }).fold(f64::INFINITY, f64::min);
    (time, last)
}
{
let df = read_parquet(r"PATH")?;
let start = read_parquet(r"START")?;
let repeat = REPEAT;
let features = ["x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7"];
let queries = df.head(Some(QUERIES));
let timings = [
TIMINGS];
let fields: Vec<String> = timings.iter().map(|(k, (t, n))| format!("\"{k}\": [{t}, {n}]")).collect();
println!("{{{}}}", fields.join(", "));
}
"""


def bench_sdia(session, path, start_path, repeat, operations):
    timings = "\n".join("    " + RUST_TIMINGS[op] for op in operations)
    code = RUST.replace("TIMINGS", timings + "\n").replace("PATH", str(path)).replace("START", str(start_path)).replace("REPEAT", str(repeat)).replace("QUERIES", str(QUERIES))
    out = session.run(code, timeout=7200)
    return json.loads(out.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--models", default=",".join(OPERATIONS),
                        help="comma-separated subset of: " + ", ".join(OPERATIONS))
    args = parser.parse_args()
    operations = [op.strip() for op in args.models.split(",")]
    unknown = [op for op in operations if op not in OPERATIONS]
    if unknown:
        parser.error(f"unknown model(s) {unknown}: choose among {OPERATIONS}")
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"scikit-learn {sklearn.__version__}; best of {args.repeat} (1 at 1M rows); 8 features, 3 classes")
    rows = []
    session = Session()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for size in sizes:
                repeat = 1 if size >= 1_000_000 else args.repeat
                path = Path(tmp) / f"bench-{size}.parquet"
                start_path = Path(tmp) / f"start-{size}.parquet"
                df, start = generate(size, path, start_path)
                reference = bench_sklearn(df, start, repeat, operations)
                ours = bench_sdia(session, path, start_path, repeat, operations)
                for op in operations:
                    (theirs, their_iter), (time_ours, our_value) = reference[op], ours[op]
                    iterations = f"{their_iter} / {our_value}" if their_iter is not None else ""
                    rows.append((size, op, theirs, time_ours, iterations))
    finally:
        session.close()
    print("| rows | model | scikit-learn (s) | sdia (s) | scikit-learn / sdia | iterations (scikit-learn / sdia) |")
    print("|---:|---|---:|---:|---:|---:|")
    for size, op, reference, ours, iterations in rows:
        print(f"| {size:,} | {op} | {reference:.3f} | {ours:.3f} | {reference / ours:.2f}× | {iterations} |")


if __name__ == "__main__":
    main()
