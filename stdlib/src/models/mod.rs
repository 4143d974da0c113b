//! Supervised models with one shape: parameters, `fit` on a DataFrame (features and target by
//! name), `predict` (and `predict_proba` for classifiers) on new frames. See [`crate::learn`].

mod linear;

pub use linear::{FittedLinearRegression, LinearRegression};

// Trees, forests, neighbours and boosting.
mod boosting;
mod cart;
mod forest;
mod knn;
mod tree;
mod trees_kdtree;
mod trees_parallel;

pub use boosting::{
    FittedGradientBoostingClassifier, FittedGradientBoostingRegressor, GradientBoostingClassifier,
    GradientBoostingRegressor,
};
pub use forest::{
    FittedRandomForestClassifier, FittedRandomForestRegressor, MaxFeatures, RandomForestClassifier,
    RandomForestRegressor,
};
pub use knn::{
    FittedKNeighborsClassifier, FittedKNeighborsRegressor, KNeighborsClassifier,
    KNeighborsRegressor, Weights,
};
pub use tree::{
    DecisionTreeClassifier, DecisionTreeRegressor, FittedDecisionTreeClassifier,
    FittedDecisionTreeRegressor,
};

// Regularised regressions, logistic regression, naive Bayes, SVMs (helper files linmodels_*).
mod bayes;
mod linmodels_common;
mod linmodels_lbfgs;
mod linmodels_logloss;
mod linmodels_svm;
mod logistic;
mod regularization_path;
mod regularized;
mod svm;

pub use bayes::{FittedGaussianNb, GaussianNb};
pub use logistic::{FittedLogisticRegression, LogisticRegression};
pub use regularization_path::{Penalised, RegularizationPath, alpha_grid, regularization_path};
pub use regularized::{ElasticNet, FittedElasticNet, FittedLasso, FittedRidge, Lasso, Ridge};
pub use svm::{FittedSvc, FittedSvr, Kernel, Svc, Svr};
