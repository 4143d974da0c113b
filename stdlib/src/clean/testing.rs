//! Unit-test helpers: a result column read back as a vector (they panic on a missing column,
//! another type or, except [`f64s`], a missing value: tests only).

use polars::prelude::*;

/// The text values of column `name`.
pub(crate) fn strs(df: &DataFrame, name: &str) -> Vec<String> {
    let column = df.column(name).unwrap().str().unwrap();
    column.no_null_iter().map(str::to_string).collect()
}

/// The `i32` values of column `name`.
pub(crate) fn i32s(df: &DataFrame, name: &str) -> Vec<i32> {
    df.column(name)
        .unwrap()
        .i32()
        .unwrap()
        .no_null_iter()
        .collect()
}

/// The `u32` values of column `name`.
pub(crate) fn u32s(df: &DataFrame, name: &str) -> Vec<u32> {
    df.column(name)
        .unwrap()
        .u32()
        .unwrap()
        .no_null_iter()
        .collect()
}

/// The boolean values of column `name`.
pub(crate) fn bools(df: &DataFrame, name: &str) -> Vec<bool> {
    df.column(name)
        .unwrap()
        .bool()
        .unwrap()
        .no_null_iter()
        .collect()
}

/// The `f64` values of column `name`, `None` where missing.
pub(crate) fn f64s(df: &DataFrame, name: &str) -> Vec<Option<f64>> {
    df.column(name).unwrap().f64().unwrap().iter().collect()
}
