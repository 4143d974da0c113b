//! A polars frame as the rows and schema Spark Connect takes for a local relation.

use crate::error::{Result, SdiaError};
use polars::prelude::{Column, DataFrame, DataType, TimeUnit};
use spark_connect::row::{Row, Value};
use spark_connect::types::StructField;

/// The frame's rows and its schema as a Spark struct type. Columns of types Spark has no
/// counterpart for here (lists, structs, categoricals…) are refused with the cast to make.
pub(crate) fn spark_rows(df: &DataFrame) -> Result<(Vec<Row>, spark_connect::DataType)> {
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|name| name.to_string())
        .collect();
    let mut fields = Vec::with_capacity(df.width());
    let mut columns = Vec::with_capacity(df.width());
    for column in df.columns() {
        let (data_type, values) = spark_column(column)?;
        fields.push(StructField {
            name: column.name().to_string(),
            data_type,
            nullable: true,
            metadata: Default::default(),
        });
        columns.push(values);
    }
    let rows = (0..df.height())
        .map(|i| {
            let values = columns
                .iter_mut()
                .map(|values| std::mem::replace(&mut values[i], Value::Null))
                .collect();
            Row::new(names.clone(), values)
        })
        .collect();
    Ok((rows, spark_connect::DataType::Struct { fields }))
}

/// One column's Spark type and values.
fn spark_column(column: &Column) -> Result<(spark_connect::DataType, Vec<Value>)> {
    use spark_connect::DataType as Spark;
    let values = |dtype: &DataType| column.cast(dtype).map_err(SdiaError::from);
    Ok(match column.dtype() {
        DataType::Boolean => {
            let c = values(&DataType::Boolean)?;
            let v = c.bool()?.iter().map(|x| x.map_or(Value::Null, Value::Bool));
            (Spark::Boolean, v.collect())
        }
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::UInt8 | DataType::UInt16 => {
            let c = values(&DataType::Int32)?;
            let v = c
                .i32()?
                .iter()
                .map(|x| x.map_or(Value::Null, Value::Integer));
            (Spark::Integer, v.collect())
        }
        DataType::Int64 | DataType::UInt32 | DataType::UInt64 => {
            let c = values(&DataType::Int64)?;
            let v = c.i64()?.iter().map(|x| x.map_or(Value::Null, Value::Long));
            (Spark::Long, v.collect())
        }
        DataType::Float32 | DataType::Float64 => {
            let c = values(&DataType::Float64)?;
            let v = c
                .f64()?
                .iter()
                .map(|x| x.map_or(Value::Null, Value::Double));
            (Spark::Double, v.collect())
        }
        DataType::String => {
            let v = column
                .str()?
                .iter()
                .map(|x| x.map_or(Value::Null, |s| Value::String(s.to_string())));
            (
                Spark::String {
                    collation: String::new(),
                },
                v.collect(),
            )
        }
        DataType::Date => {
            let c = values(&DataType::Int32)?;
            let v = c.i32()?.iter().map(|x| x.map_or(Value::Null, Value::Date));
            (Spark::Date, v.collect())
        }
        DataType::Datetime(unit, _) => {
            let to_micros: fn(i64) -> i64 = match unit {
                TimeUnit::Nanoseconds => |t| t / 1_000,
                TimeUnit::Microseconds => |t| t,
                TimeUnit::Milliseconds => |t| t * 1_000,
            };
            let c = values(&DataType::Int64)?;
            let v = c
                .i64()?
                .iter()
                .map(|x| x.map_or(Value::Null, |t| Value::Timestamp(to_micros(t))));
            (Spark::Timestamp, v.collect())
        }
        other => {
            return Err(SdiaError::InvalidInput(format!(
                "column '{}' is {other}, which sdia does not send to Spark: cast it to a \
                 number, a string or a date first (e.g. col(\"{}\").cast(DataType::String))",
                column.name(),
                column.name()
            )));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use polars::prelude::*;

    #[test]
    fn rows_keep_values_types_and_nulls() {
        let df = df!(
            "station" => [Some("Gare"), None],
            "n" => [Some(3i64), None],
            "x" => [1.5f32, 2.0],
            "ok" => [true, false],
        )
        .unwrap();
        let (rows, schema) = spark_rows(&df).unwrap();
        assert_eq!(rows.len(), 2);
        let spark_connect::DataType::Struct { fields } = schema else {
            panic!("not a struct: {schema:?}")
        };
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["station", "n", "x", "ok"]);
        assert!(matches!(fields[1].data_type, spark_connect::DataType::Long));
        assert!(matches!(
            fields[2].data_type,
            spark_connect::DataType::Double
        ));
        assert!(matches!(rows[0].get(0), Some(Value::String(s)) if s == "Gare"));
        assert!(matches!(rows[1].get(0), Some(Value::Null)));
        assert!(matches!(rows[0].get(1), Some(Value::Long(3))));
        assert!(matches!(rows[1].get(1), Some(Value::Null)));
        assert!(matches!(rows[0].get(2), Some(Value::Double(x)) if *x == 1.5));
        assert!(matches!(rows[1].get(3), Some(Value::Bool(false))));
    }

    #[test]
    fn dates_and_times_become_days_and_microseconds() {
        let df = df!("d" => [1i32, 365], "t" => [1_000i64, -2_000])
            .unwrap()
            .lazy()
            .with_columns([
                col("d").cast(DataType::Date),
                col("t").cast(DataType::Datetime(TimeUnit::Milliseconds, None)),
            ])
            .collect()
            .unwrap();
        let (rows, _) = spark_rows(&df).unwrap();
        assert!(matches!(rows[1].get(0), Some(Value::Date(365))));
        assert!(matches!(rows[0].get(1), Some(Value::Timestamp(1_000_000))));
        assert!(matches!(rows[1].get(1), Some(Value::Timestamp(-2_000_000))));
    }

    #[test]
    fn a_list_column_is_refused_with_the_cast_to_make() {
        let s = Series::new("l".into(), [Series::new("".into(), [1i32, 2])]);
        let df = DataFrame::new_infer_height(vec![s.into()]).unwrap();
        let err = spark_rows(&df).unwrap_err().to_string();
        assert!(err.contains("'l'") && err.contains("cast"), "{err}");
    }
}
