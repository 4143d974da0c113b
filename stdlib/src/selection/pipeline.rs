//! A scaler and a model as one estimator (scikit-learn's `make_pipeline(scaler, model)`): the
//! scaler is fitted on the training rows only, so cross-validation never leaks the test rows'
//! numbers into the training.

use super::scaling::{FittedScaler, Scaler};
use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::learn::{ClassModel, Classes, Estimator, FeatureSchema, Model, Persist};
use crate::models::Penalised;
use crate::table::escape_html;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

/// A scaler followed by an estimator. Fitting scales the feature columns (or the scaler's own
/// columns, when it lists some) with numbers learnt on the training rows, then fits the
/// estimator on the scaled frame; the fitted pipeline scales every frame before predicting.
///
/// ```
/// use sdia::prelude::*;
///
/// let df = df!("x" => [1.0, 2.0, 3.0, 4.0], "y" => [3.0, 5.0, 7.0, 9.0]).unwrap();
/// let pipeline = Pipeline::new(Scaler::standard(&[]), LinearRegression::new());
/// let fitted = pipeline.fit(&df, &["x"], "y").unwrap();
/// let p = fitted.predict(&df!("x" => [10.0]).unwrap()).unwrap();
/// assert!((p.f64().unwrap().get(0).unwrap() - 21.0).abs() < 1e-9); // y = 2x + 1
/// assert_eq!(fitted.name(), "StandardScaler + LinearRegression");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline<E> {
    scaler: Scaler,
    estimator: E,
}

impl<E: Estimator> Pipeline<E> {
    /// `scaler` then `estimator`.
    pub fn new(scaler: Scaler, estimator: E) -> Pipeline<E> {
        Pipeline { scaler, estimator }
    }
}

impl<E: Estimator> Pipeline<E> {
    /// The pipeline's scaler fitted on `df` (on every feature when it lists no column).
    fn fitted_scaler(
        &self,
        df: &DataFrame,
        schema: &FeatureSchema,
        target: &str,
    ) -> Result<FittedScaler> {
        let scaler = if self.scaler.listed_columns().is_empty() {
            self.scaler.with_columns(schema.features.clone())
        } else {
            if self.scaler.listed_columns().iter().any(|c| c == target) {
                return Err(SdiaError::InvalidInput(format!(
                    "the scaler of this pipeline scales the target '{target}': scale only \
                     features (an empty list scales them all)"
                )));
            }
            self.scaler.clone()
        };
        scaler.fit(df)
    }
}

/// A pipeline ending in a penalised regression has a regularisation path: its penalties are
/// those of the model, applied to the scaled features.
impl<E: Penalised> Penalised for Pipeline<E> {
    fn with_alpha(&self, alpha: f64) -> Pipeline<E> {
        Pipeline {
            scaler: self.scaler.clone(),
            estimator: self.estimator.with_alpha(alpha),
        }
    }

    fn l1_ratio(&self) -> f64 {
        self.estimator.l1_ratio()
    }

    fn path_point(fitted: &FittedPipeline<E::Fitted>) -> (Vec<f64>, f64) {
        E::path_point(&fitted.model)
    }

    fn data_for_grid<S: AsRef<str>>(
        &self,
        df: &DataFrame,
        features: &[S],
        target: &str,
    ) -> Result<DataFrame> {
        let schema = FeatureSchema::new(df, features, Some(target))?;
        self.fitted_scaler(df, &schema, target)?.transform(df)
    }
}

impl<E: Estimator> Estimator for Pipeline<E> {
    type Fitted = FittedPipeline<E::Fitted>;

    fn fit<S: AsRef<str>>(
        &self,
        df: &DataFrame,
        features: &[S],
        target: &str,
    ) -> Result<FittedPipeline<E::Fitted>> {
        let schema = FeatureSchema::new(df, features, Some(target))?;
        let scaler = self.fitted_scaler(df, &schema, target)?;
        let model = self
            .estimator
            .fit(&scaler.transform(df)?, features, target)?;
        Ok(FittedPipeline {
            schema,
            scaler,
            model,
        })
    }
}

/// A fitted pipeline: the fitted scaler and the model fitted on scaled data. It predicts from
/// frames in the original units, and is saved and loaded like any model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedPipeline<M> {
    schema: FeatureSchema,
    scaler: FittedScaler,
    model: M,
}

impl<M: Model> FittedPipeline<M> {
    /// The fitted scaler.
    pub fn scaler(&self) -> &FittedScaler {
        &self.scaler
    }

    /// The model, fitted on scaled data (its coefficients are in scaled units).
    pub fn model(&self) -> &M {
        &self.model
    }

    /// `df`'s rows scaled as the model sees them, after checking the columns.
    fn scaled(&self, df: &DataFrame) -> Result<DataFrame> {
        self.schema.check(df)?;
        self.scaler.transform(df)
    }
}

impl<M: Model> Model for FittedPipeline<M> {
    fn schema(&self) -> &FeatureSchema {
        &self.schema
    }

    fn predict(&self, df: &DataFrame) -> Result<Series> {
        self.model.predict(&self.scaled(df)?)
    }

    fn name(&self) -> String {
        format!("{} + {}", self.scaler.name(), self.model.name())
    }
}

impl<M: ClassModel> ClassModel for FittedPipeline<M> {
    fn classes(&self) -> &Classes {
        self.model.classes()
    }

    fn predict_proba(&self, df: &DataFrame) -> Result<DataFrame> {
        self.model.predict_proba(&self.scaled(df)?)
    }
}

impl<M: Persist> Persist for FittedPipeline<M> {
    fn kind() -> String {
        format!("Pipeline<{}>", M::kind())
    }
}

impl<M: Model + RichDisplay> RichDisplay for FittedPipeline<M> {
    fn mime_bundle(&self) -> MimeBundle {
        let title = format!("Pipeline: {}", self.name());
        let scaler = self.scaler.mime_bundle();
        let model = self.model.mime_bundle();
        let part = |bundle: &MimeBundle, mime: &str| -> Option<String> {
            bundle
                .iter()
                .find(|(m, _)| m == mime)
                .map(|(_, c)| c.clone())
        };
        let text = format!(
            "{title}\n{}\n{}",
            part(&scaler, "text/plain").unwrap_or_default(),
            part(&model, "text/plain").unwrap_or_default()
        );
        let html_of = |bundle: &MimeBundle| {
            part(bundle, "text/html").unwrap_or_else(|| {
                format!(
                    "<pre>{}</pre>",
                    escape_html(&part(bundle, "text/plain").unwrap_or_default())
                )
            })
        };
        let html = format!(
            "<div class=\"sdia-summary\"><strong>{}</strong>{}{}</div>",
            escape_html(&title),
            html_of(&scaler),
            html_of(&model)
        );
        vec![("text/plain".into(), text), ("text/html".into(), html)]
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::{FittedNearestMean, NearestMean, blobs};
    use super::*;
    use crate::learn::{load_model, save_model};
    use crate::models::{FittedLinearRegression, LinearRegression};

    #[test]
    fn scaled_fit_by_hand() {
        // x = 0, 2, 4 (mean 2, std √(8/3)), y = 1 + x: on z = (x − 2)/√(8/3) the slope is √(8/3)
        // and the intercept 3.
        let df = df!("x" => [0.0, 2.0, 4.0], "y" => [1.0, 3.0, 5.0]).unwrap();
        let fitted = Pipeline::new(Scaler::standard(&[]), LinearRegression::new())
            .fit(&df, &["x"], "y")
            .unwrap();
        let lr = fitted.model();
        assert!((lr.coefficient("x").unwrap() - (8.0f64 / 3.0).sqrt()).abs() < 1e-9);
        assert!((lr.intercept() - 3.0).abs() < 1e-9);
        // The target is not scaled (only the features are).
        assert_eq!(fitted.scaler().columns(), ["x"]);
        let p = fitted.predict(&df!("x" => [6.0]).unwrap()).unwrap();
        assert!((p.f64().unwrap().get(0).unwrap() - 7.0).abs() < 1e-9);
        assert!(
            fitted
                .predict(&df!("w" => [6.0]).unwrap())
                .unwrap_err()
                .to_string()
                .contains("'x'")
        );
        let text = &fitted.mime_bundle()[0].1;
        assert!(
            text.contains("standard scaler") && text.contains("Linear regression"),
            "{text}"
        );
    }

    #[test]
    fn target_in_the_scaler_is_refused() {
        let df = df!("x" => [0.0, 2.0, 4.0], "y" => [1.0, 3.0, 5.0]).unwrap();
        let err = Pipeline::new(Scaler::min_max(&["x", "y"]), LinearRegression::new())
            .fit(&df, &["x"], "y")
            .unwrap_err();
        assert!(err.to_string().contains("target 'y'"));
    }

    #[test]
    fn saved_and_loaded_pipeline_predicts_the_same() {
        let df = df!("a" => [1.0, 2.0, 3.0, 4.0, 5.0], "b" => [10.0, 0.0, 30.0, 20.0, 50.0],
                     "y" => [1.0, 2.5, 2.0, 4.5, 5.0])
        .unwrap();
        let fitted = Pipeline::new(Scaler::min_max(&[]), LinearRegression::new())
            .fit(&df, &["a", "b"], "y")
            .unwrap();
        let path = std::env::temp_dir().join(format!("sdia-pipeline-{}.json", std::process::id()));
        save_model(&fitted, &path).unwrap();
        let back: FittedPipeline<FittedLinearRegression> = load_model(&path).unwrap();
        let wrong = load_model::<FittedLinearRegression>(&path).unwrap_err();
        std::fs::remove_file(&path).unwrap();
        assert_eq!(back.predict(&df).unwrap(), fitted.predict(&df).unwrap());
        // (Not `back == fitted`: serde_json without its `float_roundtrip` feature may parse
        // a saved f64 one ulp away — here the training R², which predictions do not use.)
        assert_eq!(back.scaler(), fitted.scaler());
        assert_eq!(
            FittedPipeline::<FittedLinearRegression>::kind(),
            "Pipeline<LinearRegression>"
        );
        assert!(wrong.to_string().contains("Pipeline<LinearRegression>"));
    }

    #[test]
    fn classifier_pipeline_keeps_classes() {
        let df = blobs(5);
        let fitted = Pipeline::new(Scaler::standard(&[]), NearestMean)
            .fit(&df, &["a", "b"], "class")
            .unwrap();
        assert_eq!(fitted.classes().names, ["left", "right"]);
        let p = fitted
            .predict(&df!("a" => [9.0], "b" => [9.5]).unwrap())
            .unwrap();
        assert_eq!(p.str().unwrap().get(0), Some("right"));
        assert!(fitted.predict_proba(&df).is_err()); // the test model has no probabilities
        let _: &FittedNearestMean = fitted.model();
    }
}
