//! The machinery every model shares, as in scikit-learn: from a DataFrame to a model's input
//! ([`FeatureSchema`], [`feature_matrix`], [`ClassTarget`]), the estimator shape
//! ([`Estimator`] → [`Model`], [`ClassModel`]) and saving fitted models ([`save_model`],
//! [`load_model`], [`load_any_model`], [`predict_file`]).
//!
//! ```
//! use sdia::prelude::*;
//!
//! let df = df!("x" => [1.0, 2.0, 3.0], "y" => [2.0, 4.0, 6.5]).unwrap();
//! let model = LinearRegression::new().fit(&df, &["x"], "y").unwrap();
//! let predicted = model.predict(&df!("x" => [4.0]).unwrap()).unwrap();
//! assert_eq!(predicted.name().as_str(), "prediction");
//! ```

mod any_model;
mod estimator;
mod persist;
mod schema;
mod serve;
mod target;

pub use any_model::{LoadedModel, load_any_model};
pub use estimator::{AsSeries, ClassModel, Estimator, Model, probability_frame};
pub use persist::{MODEL_FORMAT_VERSION, Persist, load_model, save_model};
pub(crate) use schema::feature_names;
pub use schema::{FeatureSchema, feature_matrix};
pub use serve::predict_file;
pub(crate) use target::argmax;
pub use target::{ClassTarget, Classes, LabelType, numeric_target};
