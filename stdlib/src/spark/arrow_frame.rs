//! Arrow record batches (what Spark Connect sends back) as one polars DataFrame.

use crate::error::{Result, SdiaError};
use arrow::array::{Array, AsArray};
use arrow::datatypes::{self as arrow_types, DataType as ArrowType, TimeUnit as ArrowUnit};
use arrow::record_batch::RecordBatch;
use polars::prelude::{Column, DataFrame, DataType, IntoColumn, NamedFrom, Series, TimeUnit};

/// The batches one below the other, as a polars frame with the same column names and types
/// (Spark's decimals as `Float64`). `names` gives the columns when Spark sent no batch at all.
pub(crate) fn to_polars(batches: &[RecordBatch], names: &[String]) -> Result<DataFrame> {
    let Some(first) = batches.first() else {
        let columns = names
            .iter()
            .map(|name| Series::new_empty(name.into(), &DataType::Null).into_column())
            .collect();
        return Ok(DataFrame::new_infer_height(columns)?);
    };
    let schema = first.schema();
    let mut columns: Vec<Column> = Vec::with_capacity(schema.fields().len());
    for (i, field) in schema.fields().iter().enumerate() {
        let mut parts = batches
            .iter()
            .map(|batch| series(field.name(), batch.column(i).as_ref()));
        let mut whole = parts.next().expect("one batch at least")?;
        for part in parts {
            whole.append(&part?)?;
        }
        columns.push(whole.into_column());
    }
    Ok(DataFrame::new_infer_height(columns)?)
}

/// One Arrow array as a polars series named `name`.
fn series(name: &str, array: &dyn Array) -> Result<Series> {
    let name = name.into();
    Ok(match array.data_type() {
        ArrowType::Null => Series::full_null(name, array.len(), &DataType::Null),
        ArrowType::Boolean => Series::new(
            name,
            array.as_boolean().iter().collect::<Vec<Option<bool>>>(),
        ),
        ArrowType::Int8 => primitive::<arrow_types::Int8Type, i32>(name, array, i32::from),
        ArrowType::Int16 => primitive::<arrow_types::Int16Type, i32>(name, array, i32::from),
        ArrowType::Int32 => primitive::<arrow_types::Int32Type, i32>(name, array, |v| v),
        ArrowType::Int64 => primitive::<arrow_types::Int64Type, i64>(name, array, |v| v),
        ArrowType::Float32 => primitive::<arrow_types::Float32Type, f64>(name, array, f64::from),
        ArrowType::Float64 => primitive::<arrow_types::Float64Type, f64>(name, array, |v| v),
        ArrowType::Decimal128(_, scale) => {
            let factor = 10f64.powi(i32::from(*scale));
            primitive::<arrow_types::Decimal128Type, f64>(name, array, |v| v as f64 / factor)
        }
        ArrowType::Utf8 => Series::new(name, array.as_string::<i32>().iter().collect::<Vec<_>>()),
        ArrowType::LargeUtf8 => {
            Series::new(name, array.as_string::<i64>().iter().collect::<Vec<_>>())
        }
        ArrowType::Utf8View => Series::new(name, array.as_string_view().iter().collect::<Vec<_>>()),
        ArrowType::Date32 => {
            primitive::<arrow_types::Date32Type, i32>(name, array, |v| v).cast(&DataType::Date)?
        }
        ArrowType::Timestamp(unit, zone) => {
            let (values, unit) = match unit {
                ArrowUnit::Second => (
                    primitive::<arrow_types::TimestampSecondType, i64>(name, array, |v| v * 1_000),
                    TimeUnit::Milliseconds,
                ),
                ArrowUnit::Millisecond => (
                    primitive::<arrow_types::TimestampMillisecondType, i64>(name, array, |v| v),
                    TimeUnit::Milliseconds,
                ),
                ArrowUnit::Microsecond => (
                    primitive::<arrow_types::TimestampMicrosecondType, i64>(name, array, |v| v),
                    TimeUnit::Microseconds,
                ),
                ArrowUnit::Nanosecond => (
                    primitive::<arrow_types::TimestampNanosecondType, i64>(name, array, |v| v),
                    TimeUnit::Nanoseconds,
                ),
            };
            let zone = zone
                .as_deref()
                .map(|z| polars::prelude::TimeZone::opt_try_new(Some(z)))
                .transpose()?
                .flatten();
            values.cast(&DataType::Datetime(unit, zone))?
        }
        other => {
            return Err(SdiaError::InvalidInput(format!(
                "Spark sent column '{name}' as {other}, which sdia does not bring back yet: \
                 select it as text (CAST({name} AS STRING)) or leave it out"
            )));
        }
    })
}

/// A primitive Arrow array as a polars series of `U`, converted value by value.
fn primitive<T: arrow_types::ArrowPrimitiveType, U>(
    name: polars::prelude::PlSmallStr,
    array: &dyn Array,
    convert: impl Fn(T::Native) -> U,
) -> Series
where
    Series: NamedFrom<Vec<Option<U>>, [Option<U>]>,
{
    let values: Vec<Option<U>> = array
        .as_primitive::<T>()
        .iter()
        .map(|v| v.map(&convert))
        .collect();
    Series::new(name, values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Date32Array, Decimal128Array, Int64Array, StringArray};
    use arrow::datatypes::{Field, Schema};
    use std::sync::Arc;

    fn batch(ids: Vec<Option<i64>>, names: Vec<Option<&str>>) -> RecordBatch {
        let schema = Schema::new(vec![
            Field::new("id", ArrowType::Int64, true),
            Field::new("name", ArrowType::Utf8, true),
        ]);
        RecordBatch::try_new(
            Arc::new(schema),
            vec![
                Arc::new(Int64Array::from(ids)),
                Arc::new(StringArray::from(names)),
            ],
        )
        .unwrap()
    }

    #[test]
    fn batches_are_stacked_with_their_nulls() {
        let batches = [
            batch(vec![Some(1), None], vec![Some("a"), Some("b")]),
            batch(vec![Some(3)], vec![None]),
        ];
        let df = to_polars(&batches, &[]).unwrap();
        assert_eq!(df.shape(), (3, 2));
        let ids: Vec<Option<i64>> = df.column("id").unwrap().i64().unwrap().iter().collect();
        assert_eq!(ids, [Some(1), None, Some(3)]);
        let names: Vec<Option<&str>> = df.column("name").unwrap().str().unwrap().iter().collect();
        assert_eq!(names, [Some("a"), Some("b"), None]);
    }

    #[test]
    fn decimals_become_floats_and_dates_stay_dates() {
        let schema = Schema::new(vec![
            Field::new("avg", ArrowType::Decimal128(10, 2), true),
            Field::new("day", ArrowType::Date32, true),
        ]);
        let decimals = Decimal128Array::from(vec![Some(1234), None])
            .with_precision_and_scale(10, 2)
            .unwrap();
        let b = RecordBatch::try_new(
            Arc::new(schema),
            vec![
                Arc::new(decimals),
                Arc::new(Date32Array::from(vec![Some(0), Some(31)])),
            ],
        )
        .unwrap();
        let df = to_polars(&[b], &[]).unwrap();
        let avg: Vec<Option<f64>> = df.column("avg").unwrap().f64().unwrap().iter().collect();
        assert_eq!(avg, [Some(12.34), None]);
        assert_eq!(df.column("day").unwrap().dtype(), &DataType::Date);
    }

    #[test]
    fn no_batch_gives_the_named_empty_columns() {
        let df = to_polars(&[], &["a".into(), "b".into()]).unwrap();
        assert_eq!(df.shape(), (0, 2));
        assert_eq!(df.get_column_names(), ["a", "b"]);
    }
}
