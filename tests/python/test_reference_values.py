"""A column's values as plain Rust values agree with pandas on the same bundled data.

`df.f64_options(c)`, `i64_values`, `text_options`, `value_f64`/`value_text` are compared
with pandas' `tolist()` and `.loc[i, c]` exactly (both parse the same CSV text to the nearest
double; Rust's `{:?}` prints the shortest text that reads back to the same double, as Python's
`repr`); `column_sum`/`column_mean`/`column_min`/`column_max` with pandas' `sum()`, `mean()`,
`min()`, `max()` (missing values skipped) within relative 1e-12. Errors are asked of the
kernel too: a missing value refused by `f64_values`, a text column by `f64_values`.
"""

import math

import numpy as np
import pandas as pd
import pytest

from kernel_session import DATA

CLOSE = dict(rtol=1e-12, atol=0)
SEP = "\x1f"


def penguins():
    return pd.read_csv(DATA / "penguins.csv")


def numeric_columns():
    return list(penguins().select_dtypes("number").columns)


def lines(out):
    """`key=value` lines printed by a cell, as a dict of strings."""
    return dict(line.split("=", 1) for line in out.strip().splitlines() if "=" in line)


def as_float(text):
    return None if text == "None" else float(text)


def pandas_list(series):
    """pandas' `tolist()` with missing values as None (what the `_options` accessors give)."""
    return [None if (isinstance(v, float) and math.isnan(v)) else v for v in series.tolist()]


def test_numeric_columns_as_f64_options_match_tolist(sdia):
    columns = numeric_columns()
    assert len(columns) == 5  # bill length and depth, flipper length, body mass, year
    rust_columns = ", ".join(f'"{c}"' for c in columns)
    out = sdia.run(f"""
let p = dataset("penguins")?;
for c in [{rust_columns}] {{
    let texts: Vec<String> = p
        .f64_options(c)?
        .iter()
        .map(|v| match v {{ Some(x) => format!("{{x:?}}"), None => "None".to_string() }})
        .collect();
    println!("{{c}}={{}}", texts.join("{SEP}"));
}}
""")
    got = lines(out)
    data = penguins()
    for column in columns:
        ours = [as_float(t) for t in got[column].split(SEP)]
        assert ours == pandas_list(data[column].astype(float)), column


def test_sum_mean_min_max_match_pandas(sdia):
    columns = numeric_columns()
    rust_columns = ", ".join(f'"{c}"' for c in columns)
    out = sdia.run(f"""
let p = dataset("penguins")?;
for c in [{rust_columns}] {{
    println!("{{c}}={{:?}} {{:?}} {{:?}} {{:?}}", p.column_sum(c)?, p.column_mean(c)?,
             p.column_min(c)?, p.column_max(c)?);
    println!("{{c}}.series={{:?}} {{:?}}", p[c].column_sum()?, p[c].column_mean()?);
}}
""")
    got = lines(out)
    data = penguins()
    for column in columns:
        ours = [float(v) for v in got[column].split()]
        reference = [data[column].sum(), data[column].mean(), data[column].min(), data[column].max()]
        np.testing.assert_allclose(ours, reference, **CLOSE, err_msg=column)
        on_series = [float(v) for v in got[f"{column}.series"].split()]
        np.testing.assert_allclose(on_series, reference[:2], **CLOSE, err_msg=column)


def test_whole_numbers_as_i64_match_tolist(sdia):
    out = sdia.run(f"""
let p = dataset("penguins")?;
let years: Vec<String> = p.i64_values("year")?.iter().map(|v| v.to_string()).collect();
println!("year={{}}", years.join("{SEP}"));
let flippers: Vec<String> = p
    .i64_options("flipper_length_mm")?
    .iter()
    .map(|v| v.map(|x| x.to_string()).unwrap_or("None".to_string()))
    .collect();
println!("flipper={{}}", flippers.join("{SEP}"));
""")
    got = lines(out)
    data = penguins()
    assert [int(v) for v in got["year"].split(SEP)] == data["year"].tolist()
    flippers = [None if v == "None" else int(v) for v in got["flipper"].split(SEP)]
    assert flippers == [None if math.isnan(v) else int(v) for v in data["flipper_length_mm"]]


@pytest.mark.parametrize("column", ["species", "island", "sex"])
def test_text_columns_as_text_options_match_tolist(sdia, column):
    out = sdia.run(f"""
let p = dataset("penguins")?;
let texts: Vec<String> = p
    .text_options("{column}")?
    .into_iter()
    .map(|v| v.unwrap_or("None".to_string()))
    .collect();
println!("{column}={{}}", texts.join("{SEP}"));
""")
    ours = [None if v == "None" else v for v in lines(out)[column].split(SEP)]
    assert ours == pandas_list(penguins()[column])


def test_values_at_rows_match_loc(sdia):
    rows = [0, 3, 10, 171, 343]
    data = penguins()
    out = sdia.run(f"""
let p = dataset("penguins")?;
for row in {rows!r} {{
    println!("{{row}}={{}} {{:?}}", p.value_text("island", row)?, p.value_i64("year", row)?);
    match p.value_f64("bill_length_mm", row) {{
        Ok(v) => println!("{{row}}.bill={{v:?}}"),
        Err(e) => println!("{{row}}.bill=error: {{e}}"),
    }}
}}
""")
    got = lines(out)
    for row in rows:
        island, year = got[str(row)].split()
        assert island == data.loc[row, "island"]
        assert int(year) == data.loc[row, "year"]
        bill = data.loc[row, "bill_length_mm"]
        if math.isnan(bill):
            assert got[f"{row}.bill"].startswith("error: ") and f"row {row}" in got[f"{row}.bill"]
        else:
            assert float(got[f"{row}.bill"]) == bill


def test_missing_values_and_wrong_types_are_refused_with_the_fix(sdia):
    missing = int(penguins()["body_mass_g"].isna().sum())
    assert missing > 0
    reply = sdia.kc.execute_interactive('dataset("penguins")?.f64_values("body_mass_g")?', timeout=120)
    assert reply["content"]["status"] == "error"
    evalue = reply["content"]["evalue"]
    assert f"{missing} missing value" in evalue and 'f64_options("body_mass_g")' in evalue, evalue
    reply = sdia.kc.execute_interactive('dataset("penguins")?.f64_values("species")?', timeout=120)
    assert reply["content"]["status"] == "error"
    assert 'text_values("species")' in reply["content"]["evalue"]
    reply = sdia.kc.execute_interactive('dataset("penguins")?.value_f64("bill_length_mm", 344)?', timeout=120)
    assert reply["content"]["status"] == "error"
    assert f"{len(penguins())} rows" in reply["content"]["evalue"]
