//! Calendar dates for time axes: days since 1970-01-01 to year-month-day and back, and tick
//! marks at round dates (hours, days, weeks, month starts, year starts).

/// The civil date (year, month 1–12, day 1–31) of a day number (days since 1970-01-01), by
/// Howard Hinnant's `civil_from_days`.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day number (days since 1970-01-01) of a civil date, by Howard Hinnant's
/// `days_from_civil`.
pub(crate) fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The spacing of date ticks.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Hours(u32),
    Days(u32),
    Months(u32),
    Years(u32),
}

impl Step {
    /// Approximate length in days.
    fn days(self) -> f64 {
        match self {
            Step::Hours(h) => f64::from(h) / 24.0,
            Step::Days(d) => f64::from(d),
            Step::Months(m) => f64::from(m) * 30.44,
            Step::Years(y) => f64::from(y) * 365.25,
        }
    }
}

const STEPS: [Step; 24] = [
    Step::Hours(1),
    Step::Hours(2),
    Step::Hours(3),
    Step::Hours(6),
    Step::Hours(12),
    Step::Days(1),
    Step::Days(2),
    Step::Days(7),
    Step::Days(14),
    Step::Months(1),
    Step::Months(2),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(20),
    Step::Years(50),
    Step::Years(100),
    Step::Years(200),
    Step::Years(500),
    Step::Years(1000),
    Step::Years(10000),
];

/// At most this many date ticks on an axis.
const MAX_TICKS: f64 = 8.0;

/// A date as text: `2012-03-04`.
pub(crate) fn format_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y}-{m:02}-{d:02}")
}

/// Tick marks between two day numbers (fractions are times of day): positions and labels,
/// `2012-03-04 06:00` for hours (unless `whole_days`), `2012-03-04` for days and weeks,
/// `2012-03` for months, `2012` for years.
pub(crate) fn date_ticks(lo: f64, hi: f64, whole_days: bool) -> Vec<(f64, String)> {
    if !(lo.is_finite() && hi.is_finite()) || hi < lo {
        return Vec::new();
    }
    let span = hi - lo;
    let step = STEPS
        .iter()
        .copied()
        .filter(|s| !(whole_days && matches!(s, Step::Hours(_))))
        .find(|s| span / s.days() <= MAX_TICKS)
        .unwrap_or(Step::Years(10000));
    let mut ticks = Vec::new();
    match step {
        Step::Hours(h) => {
            let per = f64::from(h) / 24.0;
            let mut k = (lo / per).ceil() as i64;
            while k as f64 * per <= hi + 1e-9 {
                let hours = k * i64::from(h);
                let (day, hour) = (hours.div_euclid(24), hours.rem_euclid(24));
                ticks.push((k as f64 * per, format!("{} {hour:02}:00", format_day(day))));
                k += 1;
            }
        }
        Step::Days(d) => {
            let d = i64::from(d);
            let mut t = lo.ceil() as i64;
            // Weeks start on Mondays (1970-01-05, day 4, was a Monday).
            let offset = if d >= 7 { 4 } else { 0 };
            t += (d - (t - offset).rem_euclid(d)) % d;
            while (t as f64) <= hi {
                ticks.push((t as f64, format_day(t)));
                t += d;
            }
        }
        Step::Months(m) => {
            let (y, mo, _) = civil_from_days(lo.ceil() as i64);
            // Month index counted from year 0; start at the first month start ≥ lo that is a
            // multiple of the step.
            let mut index = y * 12 + i64::from(mo) - 1;
            loop {
                let start =
                    days_from_civil(index.div_euclid(12), (index.rem_euclid(12) + 1) as u32, 1);
                if start as f64 >= lo && index.rem_euclid(i64::from(m)) == 0 {
                    break;
                }
                index += 1;
            }
            loop {
                let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u32);
                let start = days_from_civil(year, month, 1) as f64;
                if start > hi {
                    break;
                }
                ticks.push((start, format!("{year}-{month:02}")));
                index += i64::from(m);
            }
        }
        Step::Years(n) => {
            let n = i64::from(n);
            let (y, _, _) = civil_from_days(lo.ceil() as i64);
            let mut year = y;
            while days_from_civil(year, 1, 1) as f64 + 1e-9 < lo || year.rem_euclid(n) != 0 {
                year += 1;
            }
            while days_from_civil(year, 1, 1) as f64 <= hi {
                ticks.push((days_from_civil(year, 1, 1) as f64, year.to_string()));
                year += n;
            }
        }
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        // 2000-03-01 is day 11017 (30 years of which 7 leap: 10957 days to 2000-01-01,
        // then 31 + 29 days of January and February 2000).
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for d in [-800_000, -1, 0, 59, 60, 11_016, 20_000, 900_000] {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, day), d);
        }
    }

    #[test]
    fn month_ticks_fall_on_month_starts() {
        // 2012-01-15 to 2012-06-20: monthly ticks from February to June.
        let lo = days_from_civil(2012, 1, 15) as f64;
        let hi = days_from_civil(2012, 6, 20) as f64;
        let labels: Vec<String> = date_ticks(lo, hi, true).into_iter().map(|t| t.1).collect();
        assert_eq!(
            labels,
            ["2012-02", "2012-03", "2012-04", "2012-05", "2012-06"]
        );
    }

    #[test]
    fn long_spans_get_years_and_short_ones_days_or_hours() {
        let lo = days_from_civil(1990, 6, 1) as f64;
        let hi = days_from_civil(2020, 6, 1) as f64;
        let labels: Vec<String> = date_ticks(lo, hi, true).into_iter().map(|t| t.1).collect();
        assert_eq!(labels, ["1995", "2000", "2005", "2010", "2015", "2020"]);
        let d = days_from_civil(2021, 3, 1) as f64;
        let labels: Vec<String> = date_ticks(d, d + 4.0, true)
            .into_iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(
            labels,
            [
                "2021-03-01",
                "2021-03-02",
                "2021-03-03",
                "2021-03-04",
                "2021-03-05"
            ]
        );
        let labels: Vec<String> = date_ticks(d, d + 0.5, false)
            .into_iter()
            .map(|t| t.1)
            .collect();
        assert_eq!(labels.first().map(String::as_str), Some("2021-03-01 00:00"));
        assert_eq!(labels.last().map(String::as_str), Some("2021-03-01 12:00"));
        assert!(date_ticks(f64::NAN, 1.0, false).is_empty());
    }
}
