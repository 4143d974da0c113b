//! Everything a student needs in scope, nothing more: `use sdia::prelude::*;`
//! is in effect in every kernel session.
//!
//! sdia's names are listed one by one: an explicit name here wins over a polars name of the
//! same spelling brought by the glob import below.

pub use crate::chart::Chart;
pub use crate::clean::{
    FillValue, FittedImputer, FittedOutliers, Imputer, Outliers, drop_duplicates, drop_missing,
    drop_missing_in, duplicate_count, duplicated_rows, invalid_categories, missing_report,
    normalize_text, out_of_range, parse_dates, parse_decimal_comma, pseudonymize, replace_values,
    unparsable_dates,
};
pub use crate::display::{
    DisplayHandle, Progress, RichDisplay, clear_output, display, display_html, display_markdown,
};
pub use crate::encode::{
    FittedOneHot, FittedOrdinal, OneHotEncoder, OrdinalEncoder, Selection, Unknown,
    drop_correlated, drop_near_constant,
};
pub use crate::error::SdiaError;
pub use crate::experiment::{
    AbTest, PermutationTest, SampleSize, ab_sample_size, ab_test, permutation_test,
};
pub use crate::input::{input, input_password};
pub use crate::io::{
    CsvOptions, Database, IfExists, Streaming, dataset, datasets, json_records, read_csv,
    read_csv_with, read_json, read_parquet, scan_csv, scan_csv_with, scan_parquet,
    scan_partitioned, sql, write_csv, write_json, write_parquet, write_partitioned,
};
#[doc(hidden)]
pub use crate::kernel_hooks::ReturnedAt as _;
pub use crate::learn::{
    AsSeries, ClassModel, ClassTarget, Classes, Estimator, FeatureSchema, LabelType, LoadedModel,
    Model, Persist, feature_matrix, load_any_model, load_model, numeric_target, predict_file,
    probability_frame, save_model,
};
pub use crate::metrics::{
    Average, ConfusionMatrix, PrCurve, RocCurve, accuracy, average_precision_score,
    classification_report, confusion_matrix, f1_score, fairness_audit, mean_absolute_error,
    mean_absolute_percentage_error, mean_squared_error, precision_recall_curve, precision_score,
    prediction_plot, r2_score, recall_score, regression_report, residual_plot, roc_auc_score,
    roc_curve, root_mean_squared_error,
};
pub use crate::models::{
    DecisionTreeClassifier, DecisionTreeRegressor, FittedDecisionTreeClassifier,
    FittedDecisionTreeRegressor, FittedGradientBoostingClassifier, FittedGradientBoostingRegressor,
    FittedKNeighborsClassifier, FittedKNeighborsRegressor, FittedRandomForestClassifier,
    FittedRandomForestRegressor, GradientBoostingClassifier, GradientBoostingRegressor,
    KNeighborsClassifier, KNeighborsRegressor, MaxFeatures, RandomForestClassifier,
    RandomForestRegressor, Weights,
};
pub use crate::models::{
    ElasticNet, FittedElasticNet, FittedGaussianNb, FittedLasso, FittedLogisticRegression,
    FittedRidge, FittedSvc, FittedSvr, GaussianNb, Kernel, Lasso, LogisticRegression, Ridge, Svc,
    Svr,
};
pub use crate::models::{FittedLinearRegression, LinearRegression};
pub use crate::models::{Penalised, RegularizationPath, alpha_grid, regularization_path};
pub use crate::monitor::{
    ColumnDrift, CostReport, DriftReport, RetrainReport, RetrainSimulation, drift_report, fit_cost,
    retraining_simulation,
};
pub use crate::plot::{
    Figure, Plot, XyChart, bar_chart, boxplot, boxplot_by, heatmap, histogram, line_chart,
    missing_map, scatter, scatter_by, scatter_matrix, scatter_matrix_by,
};
pub use crate::profile::{Profile, profile, rows_per_period};
pub use crate::project::{
    AssignedPair, Assignment, AssignmentProblem, BudgetVerdict, CheckpointRule, ContactLog,
    ControlChart, CycleTimeSummary, Dashboard, DataFlows, DataPipeline, DecisionMatrix, DiffImpact,
    Drawing, Feasibility, FeasibilityCheck, Forecast, GrowthScenarios, Holidays, Kpis,
    MilestoneCheckpoints, MitigationChoice, MitigationPlan, Mitigations, Objective, ParetoFront,
    Priority, ProportionEstimate, ProportionTable, Raci, RateEstimate, RateTable, Requirement,
    Requirements, RequirementsDiff, ResponseDelays, RiskRegister, SatisfactionTrend, Schedule,
    SkillsGap, SkillsMatrix, SkillsMatrixBuilder, Sprints, Swot, TaskLog, TaskPlan,
    ThroughputBudget, TopicCounts, TopicList, incident_rates, milestone_checkpoints, proportion_ci,
    proportions, rate_ci, requirements_diff, topic_counts,
};
pub use crate::query::FrameQuery;
pub use crate::selection::{
    CvScores, FittedPipeline, FittedScaler, Fold, GridResult, GridSearch, KFold, LearningCurve,
    ParamGrid, Params, Pipeline, Scaler, Scoring, Split, Splitter, StratifiedKFold, TrainTestSplit,
    cross_val_score, learning_curve, train_test_split,
};
pub use crate::spark::{Spark, SparkFrame, SparkGroupBy, spark};
pub use crate::stats::{
    ChiSquareTest, CorrMethod, MeanInterval, TTest, chi2_test, correlation, covariance, crosstab,
    describe, describe_categorical, frequencies, mean_ci, welch_t_test,
};
pub use crate::values::{FrameValues, SeriesValues};
pub use crate::{
    cluster::{
        AgglomerativeClustering, Dbscan, Elbow, FittedAgglomerative, FittedDbscan,
        FittedGaussianMixture, FittedKMeans, GaussianMixture, KMeans, Linkage, adjusted_rand_score,
        davies_bouldin_score, elbow, silhouette_plot, silhouette_samples, silhouette_score,
    },
    reduce::{FittedPca, Pca},
};
pub use polars::prelude::*;
