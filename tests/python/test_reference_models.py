"""The library's models agree with scikit-learn on the same bundled data.

Each model is fitted in a real sdia kernel session on a bundled dataset; what it learnt or
predicted is written to CSV and compared with scikit-learn fitted here on the same file.
Tolerances, by kind of result:
- closed-form fits (least squares, ridge, PCA through an eigen-decomposition): relative 1e-6;
- iterative fits (lasso and elastic net by coordinate descent, stopping at tol=1e-4 like
  scikit-learn's): absolute 1e-3 on coefficients of standardised features;
- k-means from its own seeding (a local optimum that depends on the seeding's random stream,
  which differs from numpy's): inertia within 1 % of scikit-learn's best of 10 seedings;
- k-means from the same initial centres (scikit-learn's `init=array`): the same iterations,
  labels and centres (relative 1e-9), inertia (relative 1e-9);
- logistic regression (L-BFGS on both sides, stopping rules differ): test accuracy within one
  point, and predicted classes agreeing on ≥ 98 % of the test rows;
- scores computed from the same labels (silhouette, Davies-Bouldin, adjusted Rand): 1e-9.
"""

import numpy as np
import pandas as pd
import pytest
from sklearn import cluster, datasets, decomposition, linear_model, metrics, preprocessing

from kernel_session import DATA


def rust_array(names):
    """A Rust array literal of column names: ["a", "b"]."""
    return "[" + ", ".join(f'"{c}"' for c in names) + "]"


WINE = pd.read_csv(DATA / "wine.csv")
WINE_FEATURES = [c for c in WINE.columns if c != "cultivar"]
RUST_WINE_FEATURES = rust_array(WINE_FEATURES)
PENGUINS = pd.read_csv(DATA / "penguins.csv").dropna().reset_index(drop=True)
CANCER = pd.read_csv(DATA / "breast_cancer.csv")
CANCER_FEATURES = [c for c in CANCER.columns if c != "diagnosis"]
RUST_CANCER_FEATURES = rust_array(CANCER_FEATURES)


@pytest.fixture(scope="module")
def scaled_wine(sdia):
    """Wine standardised by the library's scaler (checked against StandardScaler below)."""
    sdia.run(f"""
let wine = dataset("wine")?;
let wine_features = {RUST_WINE_FEATURES};
let wine_scaled = Scaler::standard(&wine_features).fit(&wine)?.transform(&wine)?;
""")
    return pd.DataFrame(preprocessing.StandardScaler().fit_transform(WINE[WINE_FEATURES]), columns=WINE_FEATURES)


def test_standard_scaler_matches_sklearn(sdia, scaled_wine):
    ours = sdia.frame("wine_scaled", "wine_scaled")
    np.testing.assert_allclose(ours[WINE_FEATURES].to_numpy(), scaled_wine.to_numpy(), rtol=1e-9, atol=1e-12)


def assert_scores_match_up_to_sign(projection, expected, atol):
    """Each component's scores (`PC1`, …) equal scikit-learn's within rtol 1e-6 and that
    component's `atol`, after flipping the sign if scikit-learn chose the other one."""
    for j, tolerance in enumerate(atol):
        ours = projection[f"PC{j + 1}"].to_numpy()
        sign = np.sign(ours @ expected[:, j])
        np.testing.assert_allclose(ours * sign, expected[:, j], rtol=1e-6, atol=tolerance, err_msg=f"PC{j + 1}")


def test_pca_matches_sklearn_up_to_sign(sdia, scaled_wine):
    sdia.run("let pca = Pca::new(4).fit(&wine_scaled, &wine_features)?;")
    ratio = sdia.frame("pca.explained_variance()", "pca_variance")
    projection = sdia.frame("pca.transform(&wine_scaled)?", "pca_projection")
    reference = decomposition.PCA(4).fit(scaled_wine)
    np.testing.assert_allclose(ratio["ratio"], reference.explained_variance_ratio_, rtol=1e-6)
    np.testing.assert_allclose(ratio["variance"], reference.explained_variance_, rtol=1e-6)
    assert_scores_match_up_to_sign(projection, reference.transform(scaled_wine), atol=[1e-8] * 4)


def test_pca_on_unscaled_features_with_an_offset_matches_sklearn(sdia, tmp_path):
    """20,000 rows (several blocks and threads in the library's one-pass covariance), features on
    different scales, one of them around 1e6 (as dates or coordinates are), one of integers.

    The reference is scikit-learn's exact solver (`svd_solver="full"`, an SVD of the centred
    data): its default here, `covariance_eigh`, forms XᵀX − n·mean·meanᵀ and loses about five
    digits of the smaller variances to the 1e6 offset (2e-5 relative on this data), which the
    library's shifted one-pass sums do not."""
    rng = np.random.default_rng(7)
    base = rng.normal(size=(20_000, 2))
    frame = pd.DataFrame({
        "a": base[:, 0] * 3 + rng.normal(scale=0.5, size=20_000),
        "b": 1e6 + base[:, 0] - 2 * base[:, 1],
        "c": rng.integers(0, 50, size=20_000),
        "d": base[:, 1] * 0.01,
    })
    path = tmp_path / "offset.csv"
    frame.to_csv(path, index=False)
    sdia.run(f'let offset = read_csv(r"{path}")?;\nlet offset_pca = Pca::new(3).fit(&offset, &["a", "b", "c", "d"])?;')
    ratio = sdia.frame("offset_pca.explained_variance()", "offset_variance")
    projection = sdia.frame("offset_pca.transform(&offset)?", "offset_projection")
    reference = decomposition.PCA(3, svd_solver="full").fit(frame)
    np.testing.assert_allclose(ratio["variance"], reference.explained_variance_, rtol=1e-6)
    np.testing.assert_allclose(ratio["ratio"], reference.explained_variance_ratio_, rtol=1e-6)
    expected = reference.transform(frame)
    assert_scores_match_up_to_sign(projection, expected, atol=1e-9 * np.abs(expected).max(axis=0))
    # A NaN in a frame to project is named, not turned into NaN scores.
    error = sdia.run(
        'let mut gap = offset.head(Some(10));\n'
        'gap.with_column(Column::new("d".into(), [f64::NAN; 10]))?;\n'
        'match offset_pca.transform(&gap) { Err(e) => println!("{e}"), Ok(t) => println!("no error: {t}") }'
    )
    assert "'d'" in error and "missing or infinite" in error, error


def test_kmeans_inertia_is_within_one_percent_of_sklearn(sdia, scaled_wine):
    got = sdia.numbers("""{
let km = KMeans::new(3).seed(0).fit(&wine_scaled, &wine_features)?;
println!("inertia={}", km.inertia());
}""")
    reference = cluster.KMeans(3, n_init=10, random_state=0).fit(scaled_wine)
    assert abs(got["inertia"] - reference.inertia_) / reference.inertia_ < 0.01


@pytest.mark.parametrize("rows, k", [(178, 3), (30_000, 8)])
def test_kmeans_from_the_same_centres_matches_sklearn(sdia, scaled_wine, tmp_path, rows, k):
    """Wine (13 features), then 30,000 rows of overlapping blobs (many iterations, rows split
    over the threads): from scikit-learn's k-means++ centres, Lloyd's iterations must retrace
    scikit-learn's exactly."""
    if rows == len(scaled_wine):
        frame = scaled_wine
    else:
        x, _ = datasets.make_blobs(rows, n_features=4, centers=k, cluster_std=3.0, random_state=3)
        frame = pd.DataFrame(x, columns=["a", "b", "c", "d"])
    features = list(frame.columns)
    start, _ = cluster.kmeans_plusplus(frame.to_numpy(), k, random_state=0)
    frame.to_parquet(tmp_path / "points.parquet", index=False)
    pd.DataFrame(start, columns=features).to_parquet(tmp_path / "start.parquet", index=False)
    rust_features = rust_array(features)
    sdia.run(f"""
let points = read_parquet(r"{tmp_path / 'points.parquet'}")?;
let same_start = KMeans::new({k}).init(&read_parquet(r"{tmp_path / 'start.parquet'}")?).fit(&points, &{rust_features})?;
""")
    got = sdia.numbers('{ println!("inertia={}\niterations={}", same_start.inertia(), same_start.n_iter()); }')
    labels = sdia.frame('df!("cluster" => same_start.labels())?', "same_start_labels")["cluster"].to_numpy()
    centers = sdia.frame("same_start.centers()", "same_start_centers")
    reference = cluster.KMeans(k, init=start, n_init=1).fit(frame.to_numpy())
    assert got["iterations"] == reference.n_iter_
    np.testing.assert_array_equal(labels, reference.labels_)
    np.testing.assert_allclose(centers[features].to_numpy(), reference.cluster_centers_, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got["inertia"], reference.inertia_, rtol=1e-9)


def test_cluster_scores_match_sklearn(sdia, scaled_wine):
    got = sdia.numbers("""{
let labels = wine.column("cultivar")?;
println!("silhouette={}", silhouette_score(&wine_scaled, &wine_features, labels)?);
println!("davies_bouldin={}", davies_bouldin_score(&wine_scaled, &wine_features, labels)?);
let km = KMeans::new(3).seed(0).fit(&wine_scaled, &wine_features)?;
let found = km.labels();
println!("ari={}", adjusted_rand_score(labels, &found)?);
write_csv(&df!("cluster" => found)?, r"SCRATCH/clusters.csv")?;
}""".replace("SCRATCH", str(sdia.scratch)))
    labels = WINE["cultivar"]
    np.testing.assert_allclose(got["silhouette"], metrics.silhouette_score(scaled_wine, labels), rtol=1e-9)
    np.testing.assert_allclose(got["davies_bouldin"], metrics.davies_bouldin_score(scaled_wine, labels), rtol=1e-9)
    found = pd.read_csv(sdia.scratch / "clusters.csv")["cluster"]
    np.testing.assert_allclose(got["ari"], metrics.adjusted_rand_score(labels, found), rtol=1e-9)


def test_linear_regression_coefficients_match_sklearn(sdia):
    features = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm"]
    sdia.run("""
let penguins = dataset("penguins")?.drop_nulls::<String>(None)?;
let ols = LinearRegression::new().fit(&penguins, &["bill_length_mm", "bill_depth_mm", "flipper_length_mm"], "body_mass_g")?;
""")
    got = sdia.numbers('{ println!("intercept={}\\nr2={}", ols.intercept(), ols.r2()); }')
    table = sdia.frame("ols.coefficients()", "ols")
    reference = linear_model.LinearRegression().fit(PENGUINS[features], PENGUINS["body_mass_g"])
    np.testing.assert_allclose(table["coefficient"], reference.coef_, rtol=1e-6)
    np.testing.assert_allclose(got["intercept"], reference.intercept_, rtol=1e-6)
    np.testing.assert_allclose(got["r2"], reference.score(PENGUINS[features], PENGUINS["body_mass_g"]), rtol=1e-9)


@pytest.mark.parametrize("model,rust", [
    (linear_model.Ridge(alpha=10.0), "Ridge::new(10.0)"),
    (linear_model.Lasso(alpha=0.1), "Lasso::new(0.1)"),
    (linear_model.ElasticNet(alpha=0.1, l1_ratio=0.5), "ElasticNet::new(0.1, 0.5)"),
])
def test_regularised_regressions_match_sklearn(sdia, scaled_wine, model, rust):
    # Predict the (standardised) alcohol content from the other standardised measurements.
    features = [f for f in WINE_FEATURES if f != "alcohol"]
    rust_features = rust_array(features)
    name = rust.split("::")[0].lower()
    table = sdia.frame(f'{rust}.fit(&wine_scaled, &{rust_features}, "alcohol")?.coefficients()', name)
    reference = model.fit(scaled_wine[features], scaled_wine["alcohol"])
    tolerance = dict(rtol=1e-6, atol=1e-9) if name == "ridge" else dict(rtol=0, atol=1e-3)
    np.testing.assert_allclose(table["coefficient"], reference.coef_, **tolerance)


@pytest.mark.parametrize("rust, l1_ratio", [("Lasso::default()", 1.0), ("ElasticNet::new(1.0, 0.5)", 0.5)])
def test_regularization_path_matches_sklearns_enet_path(sdia, scaled_wine, rust, l1_ratio):
    """Same default grid of penalties and same coefficients along it as scikit-learn's
    enet_path (lasso_path for l1_ratio = 1) on centred data, which is what fitting an
    intercept does."""
    features = [f for f in WINE_FEATURES if f != "alcohol"]
    rust_features = rust_array(features)
    sdia.run(f"""
let path_model = {rust};
let path_alphas = alpha_grid(&path_model, &wine_scaled, &{rust_features}, "alcohol", 20)?;
""")
    table = sdia.frame(f'regularization_path(&path_model, &wine_scaled, &{rust_features}, "alcohol", &path_alphas)?.table()', "path")
    x = scaled_wine[features].to_numpy()
    y = scaled_wine["alcohol"].to_numpy()
    alphas, coefs, _ = linear_model.enet_path(x - x.mean(axis=0), y - y.mean(), l1_ratio=l1_ratio, alphas=20)
    np.testing.assert_allclose(table["alpha"], alphas, rtol=1e-9)
    np.testing.assert_allclose(table[features].to_numpy(), coefs.T, rtol=0, atol=1e-3)
    # The largest penalty of the grid is the smallest that zeroes every coefficient.
    assert table["nonzero"].iloc[0] == 0 and table["nonzero"].iloc[-1] > 0


def test_ridge_path_matches_sklearn_ridge_at_each_alpha(sdia, scaled_wine):
    features = [f for f in WINE_FEATURES if f != "alcohol"]
    rust_features = rust_array(features)
    alphas = [0.01, 1.0, 100.0, 1e4]
    table = sdia.frame(f'regularization_path(&Ridge::default(), &wine_scaled, &{rust_features}, "alcohol", &{alphas})?.table()', "ridge_path")
    for i, alpha in enumerate(alphas):
        reference = linear_model.Ridge(alpha=alpha).fit(scaled_wine[features], scaled_wine["alcohol"])
        np.testing.assert_allclose(table[features].iloc[i].to_numpy(), reference.coef_, rtol=1e-6, atol=1e-9)
        np.testing.assert_allclose(table["r2"].iloc[i], reference.score(scaled_wine[features], scaled_wine["alcohol"]), rtol=1e-9)


def test_logistic_regression_accuracy_is_within_a_point_of_sklearn(sdia):
    # The same stratified split on both sides: the library's, written to CSV.
    sdia.run(f"""
let cancer = dataset("breast_cancer")?;
let cancer_features = {RUST_CANCER_FEATURES};
let parts = TrainTestSplit::new(0.3).seed(3).stratify("diagnosis").split(&cancer)?;
write_csv(&parts.train, r"{sdia.scratch}/cancer_train.csv")?;
write_csv(&parts.test, r"{sdia.scratch}/cancer_test.csv")?;
let logistic = Pipeline::new(Scaler::standard(&[]), LogisticRegression::new()).fit(&parts.train, &cancer_features, "diagnosis")?;
write_csv(&df!("prediction" => logistic.predict(&parts.test)?)?, r"{sdia.scratch}/cancer_pred.csv")?;
""")
    train = pd.read_csv(sdia.scratch / "cancer_train.csv")
    test = pd.read_csv(sdia.scratch / "cancer_test.csv")
    ours = pd.read_csv(sdia.scratch / "cancer_pred.csv")["prediction"]
    scaler = preprocessing.StandardScaler().fit(train[CANCER_FEATURES])
    reference = linear_model.LogisticRegression(max_iter=100).fit(
        scaler.transform(train[CANCER_FEATURES]), train["diagnosis"])
    expected = reference.predict(scaler.transform(test[CANCER_FEATURES]))
    ours_accuracy = metrics.accuracy_score(test["diagnosis"], ours)
    reference_accuracy = metrics.accuracy_score(test["diagnosis"], expected)
    assert abs(ours_accuracy - reference_accuracy) <= 0.01 + 1e-12, (ours_accuracy, reference_accuracy)
    assert (ours.to_numpy() == expected).mean() >= 0.98


def test_logistic_probabilities_give_sklearns_auc(sdia):
    got = sdia.numbers("""{
let proba = logistic.predict_proba(&parts.test)?;
println!("auc={}", roc_auc_score(parts.test.column("diagnosis")?, proba.column("malignant")?, "malignant")?);
}""")
    train = pd.read_csv(sdia.scratch / "cancer_train.csv")
    test = pd.read_csv(sdia.scratch / "cancer_test.csv")
    scaler = preprocessing.StandardScaler().fit(train[CANCER_FEATURES])
    reference = linear_model.LogisticRegression(max_iter=100).fit(
        scaler.transform(train[CANCER_FEATURES]), train["diagnosis"])
    malignant = list(reference.classes_).index("malignant")
    scores = reference.predict_proba(scaler.transform(test[CANCER_FEATURES]))[:, malignant]
    expected = metrics.roc_auc_score(test["diagnosis"] == "malignant", scores)
    assert abs(got["auc"] - expected) < 0.005, (got["auc"], expected)
