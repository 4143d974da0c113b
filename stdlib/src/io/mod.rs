//! Data in and out: files (CSV, Parquet, JSON), SQLite, partitioned Parquet, bundled datasets.
