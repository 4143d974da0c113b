"""Cleaning and encoding agree with pandas and scikit-learn on the same bundled data.

Counts and encodings must match exactly; fitted fill values and fences within relative 1e-9.
"""

import numpy as np
import pandas as pd
from sklearn.impute import SimpleImputer
from sklearn.preprocessing import OrdinalEncoder

from kernel_session import DATA

EXACT = dict(rtol=1e-9, atol=1e-12)


def clients():
    return pd.read_csv(DATA / "clients_bruts.csv", sep=";", keep_default_na=True)


def penguins():
    return pd.read_csv(DATA / "penguins.csv")


def test_duplicate_counts_match_pandas(sdia):
    data = clients()
    subset = [c for c in data.columns if c != "id_client"]
    rust_subset = ", ".join(f'"{c}"' for c in subset)
    got = sdia.numbers(f"""
let df = dataset("clients_bruts")?;
let subset = [{rust_subset}];
println!("all={{}}\\nsubset={{}}\\nkept={{}}", duplicate_count(&df, &[])?, duplicate_count(&df, &subset)?,
         drop_duplicates(&df, &subset)?.height());
println!("shown={{}}", duplicated_rows(&df, &[])?.height());
""")
    assert got["all"] == data.duplicated().sum()
    assert got["subset"] == data.duplicated(subset=subset).sum()
    assert got["kept"] == len(data.drop_duplicates(subset=subset))
    assert got["shown"] == data.duplicated(keep=False).sum()


def test_missing_report_matches_pandas(sdia):
    ours = sdia.frame('missing_report(&dataset("penguins")?)?', "missing").set_index("column")
    data = penguins()
    assert ours["missing"].to_dict() == data.isna().sum().to_dict()
    np.testing.assert_allclose(ours["share"], data.isna().mean().to_numpy(), **EXACT)


def test_drop_missing_keeps_the_rows_pandas_dropna_keeps(sdia):
    # clients_bruts mixes null text and null numbers; penguins has NaN-able floats.
    subset = ["bill_length_mm", "sex"]
    ours = sdia.frame('drop_missing(&dataset("penguins")?)?', "complete")
    ours_subset = sdia.frame('drop_missing_in(&dataset("penguins")?, &["bill_length_mm", "sex"])?', "subset")
    ours_clients = sdia.frame('drop_missing(&dataset("clients_bruts")?)?', "clients")
    data = penguins()
    for got, expected in [(ours, data.dropna()), (ours_subset, data.dropna(subset=subset))]:
        assert 0 < len(expected) < len(data)
        pd.testing.assert_frame_equal(got.reset_index(drop=True), expected.reset_index(drop=True),
                                      check_dtype=False)
    expected_clients = clients().dropna()
    assert 0 < len(expected_clients) < len(clients())
    assert list(ours_clients["id_client"]) == list(expected_clients["id_client"])


def test_imputer_learns_what_scikit_learn_learns(sdia):
    columns = ["bill_length_mm", "body_mass_g"]
    ours = sdia.frame("""{
let p = dataset("penguins")?;
let train = p.head(Some(200));
let fitted = Imputer::new().median(&["bill_length_mm"]).mean(&["body_mass_g"]).mode(&["sex"]).fit(&train)?;
fitted.transform(&p.tail(Some(144)))?
}""", "imputed")
    data = penguins()
    train, test = data.head(200), data.tail(144)
    median = SimpleImputer(strategy="median").fit(train[["bill_length_mm"]])
    mean = SimpleImputer(strategy="mean").fit(train[["body_mass_g"]])
    mode = SimpleImputer(strategy="most_frequent").fit(train[["sex"]])
    np.testing.assert_allclose(ours["bill_length_mm"], median.transform(test[["bill_length_mm"]]).ravel(), **EXACT)
    np.testing.assert_allclose(ours["body_mass_g"], mean.transform(test[["body_mass_g"]]).ravel(), **EXACT)
    assert list(ours["sex"]) == list(mode.transform(test[["sex"]]).ravel())
    assert ours[columns].isna().sum().sum() == 0


def test_iqr_fences_match_pandas_quantiles(sdia):
    ours = sdia.frame('Outliers::iqr(1.5).fit(&dataset("wine")?, &["magnesium", "proline", "malic_acid"])?.bounds()',
                 "fences").set_index("column")
    data = pd.read_csv(DATA / "wine.csv")
    for column in ["magnesium", "proline", "malic_acid"]:
        q1, q3 = data[column].quantile([0.25, 0.75])
        lower, upper = q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)
        np.testing.assert_allclose([ours.loc[column, "lower"], ours.loc[column, "upper"]], [lower, upper], **EXACT)
        assert ours.loc[column, "outliers"] == ((data[column] < lower) | (data[column] > upper)).sum()


def test_one_hot_matches_get_dummies_and_keeps_fitted_columns(sdia):
    ours = sdia.frame("""{
let p = dataset("penguins")?;
let encoder = OneHotEncoder::new(&["species", "island"]).fit(&p)?;
encoder.transform(&p)?
}""", "onehot")
    reference = pd.get_dummies(penguins(), columns=["species", "island"], dtype=int)
    assert sorted(ours.columns) == sorted(reference.columns)
    for column in reference.columns:
        if column.startswith(("species_", "island_")):
            assert (ours[column].to_numpy() == reference[column].to_numpy()).all(), column
    # New data lacking a category still gets every fitted column.
    small = sdia.frame("""{
let p = dataset("penguins")?;
let encoder = OneHotEncoder::new(&["species"]).fit(&p)?;
encoder.transform(&p.head(Some(3)))?
}""", "onehot_small")
    assert {"species_Adelie", "species_Chinstrap", "species_Gentoo"} <= set(small.columns)
    assert small["species_Gentoo"].sum() == 0


def test_ordinal_encoding_matches_scikit_learn(sdia):
    ours = sdia.frame("""{
let p = dataset("penguins")?;
OrdinalEncoder::new(&["island"]).fit(&p)?.transform(&p)?
}""", "ordinal")
    reference = OrdinalEncoder().fit_transform(penguins()[["island"]]).ravel()
    assert (ours["island"].to_numpy() == reference).all()


def test_french_decimals_match_pandas_locale_parsing(sdia):
    ours = sdia.frame('parse_decimal_comma(&dataset("clients_bruts")?, "revenu_mensuel")?', "decimals")
    reference = pd.read_csv(DATA / "clients_bruts.csv", sep=";", decimal=",", thousands=" ")
    np.testing.assert_allclose(ours["revenu_mensuel"], reference["revenu_mensuel"], **EXACT)
