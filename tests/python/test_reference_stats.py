"""The library's statistics agree with pandas and scipy on the same bundled data.

Each test runs the computation in a real sdia kernel session, writes the result to a CSV file
with the library, and compares it with pandas/scipy computed here on the same dataset file.
Tolerance: relative 1e-9 for closed-form statistics (sums, quantiles, moments, correlations),
1e-7 for p-values and quantiles of distributions (different special-function code).
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from kernel_session import DATA

EXACT = dict(rtol=1e-9, atol=1e-12)
DISTRIBUTION = dict(rtol=1e-7, atol=1e-12)


def penguins():
    return pd.read_csv(DATA / "penguins.csv")


@pytest.mark.parametrize("name,csv", [("penguins", "penguins.csv"), ("wine", "wine.csv"), ("iris", "iris.csv")])
def test_describe_matches_pandas(sdia, name, csv):
    ours = sdia.frame(f'describe(&dataset("{name}")?)?', f"describe_{name}").set_index("statistic")
    data = pd.read_csv(DATA / csv).select_dtypes("number")
    reference = data.describe()
    reference.loc["skew"] = data.skew()
    reference.loc["kurtosis"] = data.kurt()
    assert list(ours.columns) == list(reference.columns)
    assert list(ours.index) == list(reference.index)
    np.testing.assert_allclose(ours.to_numpy(float), reference.to_numpy(float), **EXACT)


def test_describe_categorical_matches_pandas(sdia):
    ours = sdia.frame('describe_categorical(&dataset("penguins")?)?', "describe_cat").set_index("statistic")
    reference = penguins().select_dtypes(exclude="number").describe()
    for column in reference.columns:
        assert [str(v) for v in ours[column]] == [str(v) for v in reference[column]], column


@pytest.mark.parametrize("method", ["pearson", "spearman"])
def test_correlation_matrix_matches_pandas(sdia, method):
    rust_method = method.capitalize()
    ours = sdia.frame(f'correlation(&dataset("penguins")?, CorrMethod::{rust_method})?', method).set_index("column")
    reference = penguins().select_dtypes("number").corr(method=method)
    assert list(ours.columns) == list(reference.columns)
    np.testing.assert_allclose(ours.to_numpy(float), reference.to_numpy(float), **EXACT)


def test_covariance_matches_pandas(sdia):
    ours = sdia.frame('covariance(&dataset("wine")?)?', "cov").set_index("column")
    reference = pd.read_csv(DATA / "wine.csv").select_dtypes("number").cov()
    np.testing.assert_allclose(ours.to_numpy(float), reference.to_numpy(float), **EXACT)


def test_frequencies_and_crosstab_match_pandas(sdia):
    ours = sdia.frame('frequencies(&dataset("penguins")?, "island")?', "freq")
    counts = penguins()["island"].value_counts()
    assert dict(zip(ours["value"], ours["count"])) == counts.to_dict()
    np.testing.assert_allclose(ours["share"], ours["count"] / counts.sum(), **EXACT)
    table = sdia.frame('crosstab(&dataset("penguins")?, "species", "island")?', "crosstab").set_index("species")
    reference = pd.crosstab(penguins()["species"], penguins()["island"])
    assert (table.to_numpy() == reference.to_numpy()).all()
    assert list(table.columns) == list(reference.columns)


def test_chi_square_and_cramers_v_match_scipy(sdia):
    got = sdia.numbers("""
let t = chi2_test(&dataset("penguins")?, "species", "island")?;
println!("statistic={}\\np={}\\ndof={}\\nv={}", t.statistic, t.p_value, t.dof, t.cramers_v);
""")
    table = pd.crosstab(penguins()["species"], penguins()["island"])
    reference = stats.chi2_contingency(table, correction=False)
    assert got["dof"] == reference.dof
    np.testing.assert_allclose(got["statistic"], reference.statistic, **EXACT)
    np.testing.assert_allclose(got["p"], reference.pvalue, rtol=1e-6, atol=1e-300)
    np.testing.assert_allclose(got["v"], stats.contingency.association(table, method="cramer"), **EXACT)


def test_welch_t_test_matches_scipy(sdia):
    got = sdia.numbers("""
let t = welch_t_test(&dataset("penguins")?, "flipper_length_mm", "sex")?;
println!("t={}\\np={}\\ndof={}", t.statistic, t.p_value, t.dof);
""")
    data = penguins().dropna(subset=["flipper_length_mm", "sex"])
    female = data[data.sex == "female"].flipper_length_mm
    male = data[data.sex == "male"].flipper_length_mm
    reference = stats.ttest_ind(female, male, equal_var=False)
    np.testing.assert_allclose(got["t"], reference.statistic, **EXACT)
    np.testing.assert_allclose(got["p"], reference.pvalue, **DISTRIBUTION)
    np.testing.assert_allclose(got["dof"], reference.df, **EXACT)


def test_mean_confidence_interval_matches_scipy(sdia):
    got = sdia.numbers("""
let ci = mean_ci(&dataset("penguins")?, "bill_length_mm", 0.9)?;
println!("lower={}\\nupper={}", ci.lower, ci.upper)
""")
    x = penguins().bill_length_mm.dropna()
    lower, upper = stats.t.interval(0.9, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    np.testing.assert_allclose([got["lower"], got["upper"]], [lower, upper], **DISTRIBUTION)


def test_profile_counts_match_pandas(sdia):
    ours = sdia.frame('profile(&dataset("penguins")?)?.table', "profile").set_index("column")
    data = penguins()
    assert ours["missing"].to_dict() == data.isna().sum().to_dict()
    assert ours["distinct"].to_dict() == data.nunique().to_dict()


def test_rows_per_month_match_pandas(sdia):
    ours = sdia.frame('rows_per_period(&dataset("seattle_weather")?, "date", "1mo")?', "months")
    weather = pd.read_csv(DATA / "seattle-weather.csv", parse_dates=["date"])
    reference = weather.resample("MS", on="date").size()
    assert list(ours["rows"]) == list(reference)
    assert list(pd.to_datetime(ours["period"])) == list(reference.index)


def test_partitioned_parquet_reads_back_in_pandas(sdia, tmp_path):
    target = tmp_path / "penguins_parts"
    sdia.run(f'write_partitioned(&dataset("penguins")?, r"{target}", &["island", "year"])?;')
    back = pd.read_parquet(target)  # pyarrow discovers the hive partitions
    data = penguins()
    assert len(back) == len(data)
    assert sorted(back["island"].astype(str).unique()) == sorted(data["island"].unique())
    key = ["species", "island", "bill_length_mm", "body_mass_g"]
    a = back[key].astype({"island": str}).sort_values(key).reset_index(drop=True)
    b = data[key].sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_dtype=False)


def test_sqlite_round_trip_agrees_with_pandas(sdia, tmp_path):
    db = tmp_path / "course.db"
    out = sdia.frame(f"""{{
let db = Database::open(r"{db}")?;
db.write_table("penguins", &dataset("penguins")?, IfExists::Replace)?;
db.query("SELECT species, AVG(body_mass_g) AS mass FROM penguins GROUP BY species ORDER BY species")?
}}""", "sql")
    import sqlite3
    reference = pd.read_sql("SELECT * FROM penguins", sqlite3.connect(db)).groupby("species").body_mass_g.mean()
    np.testing.assert_allclose(out["mass"], reference.to_numpy(), **EXACT)
    np.testing.assert_allclose(reference.to_numpy(), penguins().groupby("species").body_mass_g.mean().to_numpy(), **EXACT)
