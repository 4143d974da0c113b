//! Cleaning: missing values, outliers, duplicates, entry errors, personal data.
