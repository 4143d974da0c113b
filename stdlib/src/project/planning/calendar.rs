//! Which days are worked: Monday to Friday, less the public holidays of [`Holidays`] (France's,
//! computed for any year, and days off of one's own); working-day arithmetic for dated
//! schedules.

use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::plot::dates::{civil_from_days, days_from_civil};
use crate::project::dates;
use crate::table::summary_bundle;
use polars::prelude::*;
use std::collections::BTreeMap;

/// Days off on top of weekends, for a dated [`Schedule`](crate::project::Schedule): the public
/// holidays of France (every year, Easter-dependent ones included), days of one's own (a
/// company closure, a regional holiday), or both.
///
/// France's are the 11 public holidays of the labour code (article L3133-1) as observed since
/// 2008: 1 January, Easter Monday, 1 May, 8 May, Ascension, Whit Monday, 14 July, 15 August,
/// 1 November, 11 November, 25 December. Alsace and Moselle add Good Friday and 26 December:
/// give them with [`and_dates`](Holidays::and_dates). A holiday on a weekend costs no working
/// day.
///
/// ```
/// use sdia::prelude::*;
///
/// let france = Holidays::france();
/// assert!(france.is_holiday("2027-05-06").unwrap()); // Ascension 2027 (Easter is 28 March)
/// assert!(!france.is_holiday("2027-05-07").unwrap());
/// let closed = france.and_dates(["2027-12-24", "2027-12-31"]).unwrap();
/// assert!(closed.is_holiday("2027-12-31").unwrap());
/// assert_eq!(Holidays::france().of_year(2027).unwrap().height(), 11);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Holidays {
    france: bool,
    /// Days of one's own: day number → name.
    own: BTreeMap<i64, String>,
}

/// The name given to a day of one's own.
const OWN_DAY: &str = "day off";

impl Holidays {
    /// No holiday: Monday to Friday are all worked (the default of a schedule).
    pub fn none() -> Holidays {
        Holidays::default()
    }

    /// The public holidays of metropolitan France, for every year.
    pub fn france() -> Holidays {
        Holidays {
            france: true,
            own: BTreeMap::new(),
        }
    }

    /// These holidays and the given dates (ISO `YYYY-MM-DD` texts) as days off too. A text
    /// that is not a date is an error naming it.
    ///
    /// ```
    /// use sdia::prelude::*;
    ///
    /// let bridge = Holidays::none().and_dates(vec!["2027-05-07".to_string()]).unwrap();
    /// assert!(bridge.is_holiday("2027-05-07").unwrap());
    /// assert!(Holidays::none().and_dates(["7 mai"]).is_err());
    /// ```
    pub fn and_dates<I, S>(mut self, dates: I) -> Result<Holidays>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for text in dates {
            let day = dates::parse_iso(text.as_ref(), "a holiday")?;
            self.own.insert(day, OWN_DAY.to_string());
        }
        Ok(self)
    }

    /// Whether there is no holiday at all (every Monday to Friday is worked).
    pub(crate) fn is_none(&self) -> bool {
        !self.france && self.own.is_empty()
    }

    /// Whether `date` (ISO `YYYY-MM-DD`) is one of these holidays. Weekends are not holidays:
    /// a Saturday is `false` unless a holiday falls on it.
    pub fn is_holiday(&self, date: &str) -> Result<bool> {
        Ok(self.name_of(dates::parse_iso(date, "the date")?).is_some())
    }

    /// The holidays of `year`, in date order: `date` (polars `Date`), `weekday` (`Monday` …)
    /// and `name` (France's in French, as on a calendar; `day off` for days of one's own).
    /// An error for a year outside 1583–9999 (the Gregorian calendar of ISO dates).
    pub fn of_year(&self, year: i64) -> Result<DataFrame> {
        if !(1583..=9999).contains(&year) {
            return Err(SdiaError::InvalidInput(format!(
                "year {year} is outside the Gregorian calendar of ISO dates: give a year from \
                 1583 to 9999"
            )));
        }
        let first = days_from_civil(year, 1, 1);
        let last = days_from_civil(year, 12, 31);
        let mut days: BTreeMap<i64, String> = BTreeMap::new();
        if self.france {
            for (day, name) in france(year) {
                days.insert(day, name.to_string());
            }
        }
        for (day, name) in self.own.range(first..=last) {
            days.entry(*day).or_insert_with(|| name.clone());
        }
        let (day_numbers, names): (Vec<i64>, Vec<String>) = days.into_iter().unzip();
        let weekdays: Vec<&str> = day_numbers
            .iter()
            .map(|&d| WEEKDAYS[dates::weekday(d) as usize])
            .collect();
        Ok(DataFrame::new(
            day_numbers.len(),
            vec![
                dates::date_series("date", &day_numbers)?,
                Column::new("weekday".into(), weekdays),
                Column::new("name".into(), names),
            ],
        )?)
    }

    /// The holiday's name on day number `day`, if it is one.
    fn name_of(&self, day: i64) -> Option<&str> {
        let french = self.france.then(|| {
            france(civil_from_days(day).0)
                .into_iter()
                .find(|(d, _)| *d == day)
                .map(|(_, name)| name)
        });
        french
            .flatten()
            .or_else(|| self.own.get(&day).map(String::as_str))
    }

    /// Whether day number `day` is worked: Monday to Friday and not a holiday.
    pub(crate) fn is_working_day(&self, day: i64) -> bool {
        dates::weekday(day) < 5 && self.name_of(day).is_none()
    }

    /// The number of holidays falling Monday to Friday in the days `from..=to`.
    fn weekday_holidays(&self, from: i64, to: i64) -> i64 {
        if to < from {
            return 0;
        }
        let on_weekday = |d: &i64| *d >= from && *d <= to && dates::weekday(*d) < 5;
        let mut count = self
            .own
            .range(from..=to)
            .filter(|(d, _)| on_weekday(d))
            .count() as i64;
        if self.france {
            let (first_year, last_year) = (civil_from_days(from).0, civil_from_days(to).0);
            for year in first_year..=last_year {
                count += france(year)
                    .iter()
                    .filter(|(d, _)| on_weekday(d) && !self.own.contains_key(d))
                    .count() as i64;
            }
        }
        count
    }

    /// The first working day on or after `day`.
    pub(crate) fn working_day_from(&self, day: i64) -> i64 {
        let mut day = day;
        while !self.is_working_day(day) {
            day += 1;
        }
        day
    }

    /// The working day `n ≥ 0` working days after `start`; a start that is not worked first
    /// moves to the next working day, and `n = 0` gives that day. Jumps whole weeks, then makes
    /// up for the holidays jumped over, so that a long project costs a few steps per year.
    pub(crate) fn add_working_days(&self, start: i64, n: i64) -> i64 {
        let mut day = self.working_day_from(start);
        let mut left = n.max(0);
        while left > 0 {
            let target = add_weekdays(day, left);
            // Holidays in (day, target] were counted as worked: that many days remain. When
            // none remain, target is itself worked (a holiday there would have been counted).
            left = self.weekday_holidays(day + 1, target);
            day = target;
        }
        day
    }

    /// Mondays to Fridays not on holiday in the week starting on Monday `monday`.
    pub(crate) fn working_days_in_week(&self, monday: i64) -> i64 {
        5 - self.weekday_holidays(monday, monday + 4)
    }

    /// What the holidays are, in a few words (for summaries and chart titles).
    pub(crate) fn describe(&self) -> String {
        match (self.france, self.own.len()) {
            (false, 0) => "none".to_string(),
            (true, 0) => "public holidays of France".to_string(),
            (false, n) => format!("{n} day(s) off"),
            (true, n) => format!("public holidays of France and {n} day(s) off"),
        }
    }
}

/// The day `n ≥ 0` Mondays-to-Fridays after working day `day` (weekends skipped, no holiday).
fn add_weekdays(day: i64, n: i64) -> i64 {
    let mut day = day + n.div_euclid(5) * 7;
    for _ in 0..n.rem_euclid(5) {
        day += 1;
        while dates::weekday(day) >= 5 {
            day += 1;
        }
    }
    day
}

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Easter Sunday of a Gregorian year (the anonymous Gregorian computus), as a day number.
fn easter(year: i64) -> i64 {
    let a = year % 19;
    let (b, c) = (year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    days_from_civil(year, month as u32, day as u32)
}

/// The 11 public holidays of France in `year`, as (day number, name), in date order.
fn france(year: i64) -> [(i64, &'static str); 11] {
    let on = |month: u32, day: u32| days_from_civil(year, month, day);
    let easter = easter(year);
    [
        (on(1, 1), "Jour de l'an"),
        (easter + 1, "Lundi de Pâques"),
        (on(5, 1), "Fête du Travail"),
        (on(5, 8), "Victoire 1945"),
        (easter + 39, "Ascension"),
        (easter + 50, "Lundi de Pentecôte"),
        (on(7, 14), "Fête nationale"),
        (on(8, 15), "Assomption"),
        (on(11, 1), "Toussaint"),
        (on(11, 11), "Armistice 1918"),
        (on(12, 25), "Noël"),
    ]
}

impl RichDisplay for Holidays {
    fn mime_bundle(&self) -> MimeBundle {
        let mut rows = vec![("holidays", self.describe())];
        let own: Vec<String> = self.own.keys().map(|&d| dates::format_iso(d)).collect();
        if !own.is_empty() {
            rows.push(("days off", own.join(", ")));
        }
        summary_bundle("Holidays", &rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> i64 {
        dates::parse_iso(text, "test").unwrap()
    }

    #[test]
    fn easter_sundays_from_the_calendar() {
        for (year, date) in [
            (2000, "2000-04-23"),
            (2008, "2008-03-23"),
            (2011, "2011-04-24"),
            (2027, "2027-03-28"),
            (2038, "2038-04-25"), // the latest possible date
            (2285, "2285-03-22"), // the earliest possible date
        ] {
            assert_eq!(dates::format_iso(easter(year)), date, "{year}");
        }
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let none = Holidays::none();
        let monday = day("2027-01-04");
        assert_eq!(none.add_working_days(monday, 0), monday);
        assert_eq!(none.add_working_days(monday, 4), monday + 4); // Friday
        assert_eq!(none.add_working_days(monday, 5), monday + 7); // next Monday
        assert_eq!(none.add_working_days(monday + 5, 0), monday + 7); // Saturday → Monday
        assert_eq!(none.add_working_days(monday + 3, 3), monday + 8); // Thu + 3 → next Tue
        let france = Holidays::france();
        // Fri 1 January 2027 is a holiday: the first working day is Monday 4.
        assert_eq!(france.working_day_from(day("2027-01-01")), monday);
        // Thu 25 March 2027 + 2 working days: Fri 26, (Easter Monday 29 off) Tue 30.
        assert_eq!(
            france.add_working_days(day("2027-03-25"), 2),
            day("2027-03-30")
        );
        // Across May 2027: Ascension (Thu 6) and Whit Monday (17) off; 1 and 8 May are Saturdays.
        assert_eq!(
            france.add_working_days(day("2027-05-03"), 14),
            day("2027-05-25")
        );
        // A landing on a holiday moves on: Wed 5 May + 1 → Fri 7 (Thu 6 is Ascension).
        assert_eq!(
            france.add_working_days(day("2027-05-05"), 1),
            day("2027-05-07")
        );
        // Over ten years, day by day and by jumps agree.
        let start = day("2027-01-04");
        let mut by_step = start;
        for n in 1..2600 {
            by_step += 1;
            while !france.is_working_day(by_step) {
                by_step += 1;
            }
            assert_eq!(france.add_working_days(start, n), by_step, "{n}");
        }
    }

    #[test]
    fn own_days_and_weeks_with_holidays() {
        let h = Holidays::france()
            .and_dates(["2027-05-07", "2027-05-06"])
            .unwrap();
        // The week of Monday 3 May 2027: Ascension Thursday and the bridge Friday off.
        assert_eq!(h.working_days_in_week(day("2027-05-03")), 3);
        assert_eq!(Holidays::none().working_days_in_week(day("2027-05-03")), 5);
        let err = Holidays::none()
            .and_dates(["2027-02-30"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("2027-02-30"), "{err}");
        let table = h.of_year(2027).unwrap();
        assert_eq!(table.height(), 12); // 11 + the bridge (the 6th is France's already)
        assert!(Holidays::france().of_year(1200).is_err());
        let text = &h.mime_bundle()[0].1;
        assert!(text.contains("2027-05-07"), "{text}");
    }
}
