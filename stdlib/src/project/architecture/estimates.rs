//! Storage, energy and carbon estimates of a [`DataPipeline`], stage by stage.

use super::pipeline::DataPipeline;
use crate::error::{Result, SdiaError};
use polars::prelude::*;

/// Days in a year, for yearly energy.
const DAYS_PER_YEAR: f64 = 365.0;

impl DataPipeline {
    /// Sets the carbon intensity of the electricity, in kg CO₂e per kWh (default
    /// [`FRANCE_GRID_KG_CO2E_PER_KWH`](super::FRANCE_GRID_KG_CO2E_PER_KWH) = 0.052, France's
    /// grid mix per ADEME). Checked by [`estimates`](DataPipeline::estimates).
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!("stage" => ["train"], "next" => [""], "tool" => ["GPU"],
    ///     "compute_hours_day" => [2.0], "power_kw" => [1.0]).unwrap();
    /// let table = DataPipeline::from_frame(&df).unwrap().carbon_factor(0.5).estimates().unwrap();
    /// let co2 = table.column("co2e_kg_year").unwrap().f64().unwrap().get(0).unwrap();
    /// assert_eq!(co2, 365.0); // 2 h × 1 kW × 365 days × 0.5 kg/kWh
    /// ```
    pub fn carbon_factor(mut self, kg_co2e_per_kwh: f64) -> DataPipeline {
        self.carbon = kg_co2e_per_kwh;
        self
    }

    /// Storage, energy and carbon per stage, in layout order, then a `TOTAL` row:
    ///
    /// - `storage_gb` = `input_gb_day × retention_days`: the volume the stage keeps once its
    ///   retention window is full;
    /// - `energy_kwh_day` = `compute_hours_day × power_kw`, `energy_kwh_year` = × 365;
    /// - `co2e_kg_year` = `energy_kwh_year` × the carbon factor (kg CO₂e/kWh).
    ///
    /// The estimate counts the electricity of computing only: not the manufacture of the
    /// hardware, cooling overhead (multiply `power_kw` by the data centre's PUE to include
    /// it) or the energy of storage at rest. An error if the carbon factor is negative.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let df = df!(
    ///     "stage" => ["raw", "train"], "next" => ["train", ""], "tool" => ["S3", "GPU"],
    ///     "input_gb_day" => [10.0, 1.0], "retention_days" => [30.0, 7.0],
    ///     "compute_hours_day" => [0.0, 2.0], "power_kw" => [0.0, 0.5],
    /// ).unwrap();
    /// let table = DataPipeline::from_frame(&df).unwrap().estimates().unwrap();
    /// let storage: Vec<f64> = table.column("storage_gb").unwrap().f64().unwrap().into_no_null_iter().collect();
    /// assert_eq!(storage, vec![300.0, 7.0, 307.0]); // 10 × 30, 1 × 7, total
    /// let energy = table.column("energy_kwh_day").unwrap().f64().unwrap().get(2).unwrap();
    /// assert_eq!(energy, 1.0); // 2 h × 0.5 kW
    /// ```
    pub fn estimates(&self) -> Result<DataFrame> {
        if !(self.carbon.is_finite() && self.carbon >= 0.0) {
            return Err(SdiaError::InvalidInput(format!(
                "carbon factor = {} kg CO₂e/kWh: it must be a number ≥ 0 (France's grid mix: \
                 0.052)",
                self.carbon
            )));
        }
        let mut stage = Vec::with_capacity(self.len() + 1);
        let mut tool = Vec::with_capacity(self.len() + 1);
        let (mut storage, mut day, mut year, mut co2) = (vec![], vec![], vec![], vec![]);
        for &i in &self.order {
            let s = &self.stages[i];
            stage.push(s.id.clone());
            tool.push(s.tool.clone());
            let kwh_day = s.compute_hours_day * s.power_kw;
            storage.push(s.input_gb_day * s.retention_days);
            day.push(kwh_day);
            year.push(kwh_day * DAYS_PER_YEAR);
            co2.push(kwh_day * DAYS_PER_YEAR * self.carbon);
        }
        stage.push("TOTAL".to_string());
        tool.push(String::new());
        for column in [&mut storage, &mut day, &mut year, &mut co2] {
            let total: f64 = column.iter().sum();
            column.push(total);
        }
        Ok(DataFrame::new(
            stage.len(),
            vec![
                Column::new("stage".into(), stage),
                Column::new("tool".into(), tool),
                Column::new("storage_gb".into(), storage),
                Column::new("energy_kwh_day".into(), day),
                Column::new("energy_kwh_year".into(), year),
                Column::new("co2e_kg_year".into(), co2),
            ],
        )?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimates_by_hand() {
        // ingest: 0.5 GB/d kept 7 d = 3.5 GB; 24 h × 0.2 kW = 4.8 kWh/d.
        // clean: 2 GB/d kept 90 d = 180 GB; 3 h × 1.5 kW = 4.5 kWh/d.
        // Total 183.5 GB; 9.3 kWh/d; 3394.5 kWh/y; × 0.052 = 176.514 kg CO₂e/y.
        let df = df!(
            "stage" => ["clean", "ingest"], "next" => [None, Some("clean")],
            "tool" => ["Spark", "Kafka"], "input_gb_day" => [2.0, 0.5],
            "retention_days" => [Some(90.0), Some(7.0)], "compute_hours_day" => [3.0, 24.0],
            "power_kw" => [1.5, 0.2],
        )
        .unwrap();
        let t = DataPipeline::from_frame(&df).unwrap().estimates().unwrap();
        let col = |name: &str| -> Vec<f64> {
            t.column(name)
                .unwrap()
                .f64()
                .unwrap()
                .into_no_null_iter()
                .collect()
        };
        assert_eq!(col("storage_gb"), vec![3.5, 180.0, 183.5]);
        let day = col("energy_kwh_day");
        assert!((day[0] - 4.8).abs() < 1e-12 && (day[2] - 9.3).abs() < 1e-12);
        assert!((col("energy_kwh_year")[2] - 3394.5).abs() < 1e-9);
        assert!((col("co2e_kg_year")[2] - 176.514).abs() < 1e-9);
        assert_eq!(
            t.column("stage").unwrap().str().unwrap().get(2),
            Some("TOTAL")
        );
    }

    #[test]
    fn missing_optional_columns_count_as_zero_and_bad_factor_is_refused() {
        let df = df!("stage" => ["a"], "next" => [""], "tool" => ["x"],
            "retention_days" => [None::<f64>])
        .unwrap();
        let p = DataPipeline::from_frame(&df).unwrap();
        let t = p.estimates().unwrap();
        assert_eq!(
            t.column("co2e_kg_year").unwrap().f64().unwrap().get(1),
            Some(0.0)
        );
        let e = p.carbon_factor(-0.1).estimates().unwrap_err().to_string();
        assert!(e.contains("carbon factor") && e.contains("-0.1"), "{e}");
    }
}
