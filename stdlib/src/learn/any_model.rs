//! A model file opened without naming its type: the kind written in the file chooses the model
//! (scikit-learn's `joblib.load`, which needs no class either). The one place that lists every
//! kind of model a file can hold.

use super::estimator::{ClassModel, Model};
use super::persist::{Persist, read_header, read_model};
use super::schema::FeatureSchema;
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::io::io_error;
use crate::models::{
    FittedDecisionTreeClassifier, FittedDecisionTreeRegressor, FittedElasticNet, FittedGaussianNb,
    FittedGradientBoostingClassifier, FittedGradientBoostingRegressor, FittedKNeighborsClassifier,
    FittedKNeighborsRegressor, FittedLasso, FittedLinearRegression, FittedLogisticRegression,
    FittedRandomForestClassifier, FittedRandomForestRegressor, FittedRidge, FittedSvc, FittedSvr,
};
use crate::selection::FittedPipeline;
use polars::prelude::*;
use std::path::Path;

/// A regressor as a trait object that still displays itself.
trait Regressor: Model + RichDisplay {}
impl<M: Model + RichDisplay> Regressor for M {}

/// A classifier as a trait object that still displays itself.
trait Classifier: ClassModel + RichDisplay {}
impl<M: ClassModel + RichDisplay> Classifier for M {}

enum Fitted {
    Regressor(Box<dyn Regressor>),
    Classifier(Box<dyn Classifier>),
}

/// A fitted model read by [`load_any_model`]: whatever kind the file holds (a model, or a
/// pipeline with its preprocessing). It predicts like the model that was saved, displays as it
/// does, and says what it is ([`kind`](LoadedModel::kind)).
pub struct LoadedModel {
    kind: String,
    written_by: String,
    fitted: Fitted,
}

/// Loads a model saved by [`save_model`](crate::learn::save_model) without naming its type:
/// the file says which model it holds. Use [`load_model`](crate::learn::load_model) instead
/// when the code needs the model's own type (its coefficients, its tree…).
///
/// Errors: not a model file, another format version, or a kind this sdia does not know.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [1.0, 2.0, 3.0, 4.0], "y" => [2.0, 4.0, 6.0, 8.0]).unwrap();
/// let model = LinearRegression::new().fit(&df, &["x"], "y").unwrap();
/// let path = std::env::temp_dir().join(format!("sdia-doc-any-{}.json", std::process::id()));
/// save_model(&model, &path).unwrap();
///
/// let back = load_any_model(&path).unwrap();
/// assert_eq!(back.kind(), "LinearRegression");
/// let new = df!("x" => [10.0]).unwrap();
/// assert_eq!(back.predict(&new).unwrap(), model.predict(&new).unwrap());
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn load_any_model(path: impl AsRef<Path>) -> Result<LoadedModel> {
    let path = path.as_ref();
    let (bytes, header) = read_header(path)?;
    let kind = header.kind;
    let (fitted, written_by) = decode(&kind, &bytes, path)?.ok_or_else(|| {
        io_error(
            path,
            format!(
                "this file holds a {kind} model, which this version of sdia does not know: \
                 load it with the sdia version that saved it"
            ),
        )
    })?;
    Ok(LoadedModel {
        kind,
        written_by,
        fitted,
    })
}

fn regressor<M: Persist + RichDisplay + 'static>(
    bytes: &[u8],
    path: &Path,
) -> Result<(Fitted, String)> {
    let (model, version) = read_model::<M>(bytes, path)?;
    Ok((Fitted::Regressor(Box::new(model)), version))
}

fn classifier<M: Persist + ClassModel + RichDisplay + 'static>(
    bytes: &[u8],
    path: &Path,
) -> Result<(Fitted, String)> {
    let (model, version) = read_model::<M>(bytes, path)?;
    Ok((Fitted::Classifier(Box::new(model)), version))
}

/// Every kind a file can hold, alone or inside a pipeline.
macro_rules! decode_kinds {
    (regressors: [$($r:ty),* $(,)?], classifiers: [$($c:ty),* $(,)?]) => {
        fn decode(kind: &str, bytes: &[u8], path: &Path) -> Result<Option<(Fitted, String)>> {
            $(
                if kind == <$r>::kind() {
                    return regressor::<$r>(bytes, path).map(Some);
                }
                if kind == <FittedPipeline<$r>>::kind() {
                    return regressor::<FittedPipeline<$r>>(bytes, path).map(Some);
                }
            )*
            $(
                if kind == <$c>::kind() {
                    return classifier::<$c>(bytes, path).map(Some);
                }
                if kind == <FittedPipeline<$c>>::kind() {
                    return classifier::<FittedPipeline<$c>>(bytes, path).map(Some);
                }
            )*
            Ok(None)
        }
    };
}

decode_kinds!(
    regressors: [
        FittedLinearRegression,
        FittedRidge,
        FittedLasso,
        FittedElasticNet,
        FittedDecisionTreeRegressor,
        FittedRandomForestRegressor,
        FittedGradientBoostingRegressor,
        FittedKNeighborsRegressor,
        FittedSvr,
    ],
    classifiers: [
        FittedLogisticRegression,
        FittedGaussianNb,
        FittedDecisionTreeClassifier,
        FittedRandomForestClassifier,
        FittedGradientBoostingClassifier,
        FittedKNeighborsClassifier,
        FittedSvc,
    ]
);

impl LoadedModel {
    /// The model's kind, as written in the file: `"LogisticRegression"`, or
    /// `"Pipeline<LogisticRegression>"` for a model saved with its preprocessing.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The version of sdia that saved the file.
    pub fn written_by(&self) -> &str {
        &self.written_by
    }

    /// Whether the model is a classifier (it has classes, and may have probabilities).
    pub fn is_classifier(&self) -> bool {
        matches!(self.fitted, Fitted::Classifier(_))
    }

    /// The class probabilities of each row, as the saved classifier's
    /// [`predict_proba`](ClassModel::predict_proba); an error for a regressor, or a classifier
    /// without probabilities.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("x" => [1.0, 2.0, 8.0, 9.0], "y" => ["a", "a", "b", "b"]).unwrap();
    /// let model = GaussianNb::new().fit(&df, &["x"], "y").unwrap();
    /// let path = std::env::temp_dir().join(format!("sdia-doc-any-nb-{}.json", std::process::id()));
    /// save_model(&model, &path).unwrap();
    /// let back = load_any_model(&path).unwrap();
    /// assert!(back.is_classifier());
    /// assert_eq!(back.predict_proba(&df).unwrap(), model.predict_proba(&df).unwrap());
    /// std::fs::remove_file(&path).unwrap();
    /// ```
    pub fn predict_proba(&self, df: &DataFrame) -> Result<DataFrame> {
        match &self.fitted {
            Fitted::Classifier(model) => model.predict_proba(df),
            Fitted::Regressor(_) => Err(SdiaError::InvalidInput(format!(
                "the loaded model is a {}, a regressor: it has no class probabilities; use \
                 predict",
                self.kind
            ))),
        }
    }

    fn model(&self) -> &dyn Model {
        match &self.fitted {
            Fitted::Regressor(model) => model.as_ref(),
            Fitted::Classifier(model) => model.as_ref(),
        }
    }
}

impl Model for LoadedModel {
    fn schema(&self) -> &FeatureSchema {
        self.model().schema()
    }

    fn predict(&self, df: &DataFrame) -> Result<Series> {
        self.model().predict(df)
    }

    fn name(&self) -> String {
        self.model().name()
    }
}

impl RichDisplay for LoadedModel {
    /// The saved model's own display.
    fn mime_bundle(&self) -> MimeBundle {
        match &self.fitted {
            Fitted::Regressor(model) => model.mime_bundle(),
            Fitted::Classifier(model) => model.mime_bundle(),
        }
    }
}

impl std::fmt::Debug for LoadedModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedModel")
            .field("kind", &self.kind)
            .field("written_by", &self.written_by)
            .field("features", &self.schema().features)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::learn::{Estimator, save_model};
    use crate::models::{DecisionTreeClassifier, LinearRegression, LogisticRegression, Ridge};
    use crate::selection::{Pipeline, Scaler};

    /// A model's kind, its predictions, and how to save it.
    type Case = (String, Series, Box<dyn Fn(&Path)>);

    fn temp(name: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("sdia-any-{}-{name}.json", std::process::id()))
    }

    fn sample() -> DataFrame {
        df!(
            "a" => [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
            "b" => [0.5, 0.1, 0.9, 0.3, 0.8, 0.2, 0.7, 0.4],
            "y" => [1.1, 2.3, 2.9, 4.2, 5.1, 5.8, 7.2, 7.9],
            "c" => ["n", "n", "n", "y", "n", "y", "y", "y"],
        )
        .unwrap()
    }

    #[test]
    fn every_family_comes_back_as_it_was_saved() {
        let df = sample();
        let cases: Vec<Case> = vec![
            {
                let m = Ridge::new(0.5).fit(&df, &["a", "b"], "y").unwrap();
                let p = m.predict(&df).unwrap();
                (
                    "Ridge".into(),
                    p,
                    Box::new(move |path: &Path| save_model(&m, path).unwrap()),
                )
            },
            {
                let m = Pipeline::new(Scaler::standard(&[]), LogisticRegression::new())
                    .fit(&df, &["a", "b"], "c")
                    .unwrap();
                let p = m.predict(&df).unwrap();
                (
                    "Pipeline<LogisticRegression>".into(),
                    p,
                    Box::new(move |path: &Path| save_model(&m, path).unwrap()),
                )
            },
            {
                let m = DecisionTreeClassifier::new()
                    .fit(&df, &["a", "b"], "c")
                    .unwrap();
                let p = m.predict(&df).unwrap();
                (
                    "DecisionTreeClassifier".into(),
                    p,
                    Box::new(move |path: &Path| save_model(&m, path).unwrap()),
                )
            },
        ];
        for (kind, expected, save) in cases {
            let path = temp(&kind.replace(['<', '>'], "_"));
            save(&path);
            let back = load_any_model(&path).unwrap();
            assert_eq!(back.kind(), kind);
            assert_eq!(back.written_by(), env!("CARGO_PKG_VERSION"));
            assert_eq!(back.predict(&df).unwrap(), expected, "{kind}");
            assert_eq!(back.is_classifier(), kind != "Ridge");
            assert!(!back.mime_bundle().is_empty());
            std::fs::remove_file(&path).unwrap();
        }
    }

    #[test]
    fn a_regressor_has_no_probabilities_and_unknown_kinds_are_named() {
        let df = sample();
        let path = temp("lin");
        let model = LinearRegression::new().fit(&df, &["a", "b"], "y").unwrap();
        save_model(&model, &path).unwrap();
        let back = load_any_model(&path).unwrap();
        let e = back.predict_proba(&df).unwrap_err().to_string();
        assert!(
            e.contains("LinearRegression") && e.contains("predict"),
            "{e}"
        );
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"LinearRegression\"", "\"Prophet\"")).unwrap();
        let e = load_any_model(&path).unwrap_err().to_string();
        assert!(e.contains("Prophet") && e.contains("does not know"), "{e}");
        std::fs::write(&path, "{}").unwrap();
        let e = load_any_model(&path).unwrap_err().to_string();
        assert!(e.contains("not an sdia model file"), "{e}");
        std::fs::remove_file(&path).unwrap();
    }
}
