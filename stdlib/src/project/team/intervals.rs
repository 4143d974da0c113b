//! Confidence intervals of the two statistics of workforce indicators: an event rate
//! (incidents per hour worked: exact Poisson interval of Garwood) and a proportion (share of
//! women in a job family: Wilson score interval).

use crate::display::{MimeBundle, RichDisplay};
use crate::error::{Result, SdiaError};
use crate::table::{format_number, summary_bundle};
use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::gamma::{checked_gamma_lr, checked_gamma_ur};

/// An event rate with its confidence interval, from [`rate_ci`].
///
/// ```
/// use sdia::prelude::*;
///
/// let r = rate_ci(4, 100_000.0, 0.95).unwrap().per(200_000.0);
/// assert_eq!(r.rate, 8.0); // 4 incidents in 100,000 h = 8 per 200,000 h
/// assert!(r.lower < 8.0 && 8.0 < r.upper);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RateEstimate {
    /// The number of events.
    pub events: u64,
    /// The exposure (hours worked, person-years…).
    pub exposure: f64,
    /// The unit the rates are expressed per (1 = per unit of exposure; see [`RateEstimate::per`]).
    pub per: f64,
    /// `events / exposure × per`.
    pub rate: f64,
    /// Lower bound of the interval (same unit as `rate`).
    pub lower: f64,
    /// Upper bound of the interval.
    pub upper: f64,
    /// The confidence level, e.g. 0.95.
    pub confidence: f64,
}

/// A proportion with its confidence interval, from [`proportion_ci`].
#[derive(Debug, Clone, PartialEq)]
pub struct ProportionEstimate {
    /// The number of successes (e.g. women).
    pub successes: u64,
    /// The number of trials (e.g. employees).
    pub n: u64,
    /// `successes / n`.
    pub proportion: f64,
    /// Lower bound of the interval.
    pub lower: f64,
    /// Upper bound of the interval.
    pub upper: f64,
    /// The confidence level, e.g. 0.95.
    pub confidence: f64,
}

/// Checks that a confidence level lies strictly between 0 and 1; `whose` names the group.
pub(crate) fn check_confidence(confidence: f64, whose: &str) -> Result<()> {
    if confidence > 0.0 && confidence < 1.0 {
        return Ok(());
    }
    Err(SdiaError::InvalidInput(format!(
        "confidence = {confidence}{whose}: it must lie strictly between 0 and 1, e.g. 0.95"
    )))
}

/// The `p` quantile of the chi-square distribution with `dof` degrees of freedom (`0 < p < 1`,
/// `dof > 0`): the root of the regularised incomplete gamma function `P(dof/2, x/2) = p`, by
/// bisection to full double precision (statrs' own inverse stops after a few Newton steps).
pub(crate) fn chi2_quantile(p: f64, dof: f64) -> f64 {
    let a = dof / 2.0;
    // f(y) increasing in y, zero at the quantile of Gamma(a, 1); the upper tail is used above
    // the median for accuracy.
    let f = |y: f64| -> f64 {
        if y <= 0.0 {
            return -p.min(1.0 - p);
        }
        if p <= 0.5 {
            checked_gamma_lr(a, y).unwrap_or(f64::NAN) - p
        } else {
            (1.0 - p) - checked_gamma_ur(a, y).unwrap_or(f64::NAN)
        }
    };
    let (mut lo, mut hi) = (0.0f64, a.max(1.0));
    while f(hi) < 0.0 {
        lo = hi;
        hi *= 2.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if mid <= lo || mid >= hi {
            break;
        }
        if f(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo + hi // 2 × the gamma quantile, at the midpoint of the final bracket
}

/// The rate of `events` over `exposure` with its exact Poisson confidence interval (Garwood,
/// 1936), from chi-square quantiles with α = 1 − confidence:
/// `lower = χ²(α/2; 2k) / 2 / exposure` (0 when k = 0),
/// `upper = χ²(1 − α/2; 2k + 2) / 2 / exposure`.
/// It never covers less than the confidence level (it is conservative for small counts).
/// Use [`RateEstimate::per`] to express it per 200,000 hours, per 1,000 people…
///
/// Errors: an exposure ≤ 0 or not finite, a confidence outside (0, 1).
///
/// ```
/// use sdia::prelude::*;
///
/// // 0 events in 1 unit: the upper 95 % bound is −ln(0.025) = 3.689.
/// let r = rate_ci(0, 1.0, 0.95).unwrap();
/// assert_eq!(r.lower, 0.0);
/// assert!((r.upper - 3.688879454113936).abs() < 1e-9);
/// assert!(rate_ci(3, 0.0, 0.95).unwrap_err().to_string().contains("exposure"));
/// ```
pub fn rate_ci(events: u64, exposure: f64, confidence: f64) -> Result<RateEstimate> {
    rate_for(events, exposure, confidence, "")
}

/// [`rate_ci`] with the group named in errors (`whose` = " for team 'X'").
pub(crate) fn rate_for(
    events: u64,
    exposure: f64,
    confidence: f64,
    whose: &str,
) -> Result<RateEstimate> {
    check_confidence(confidence, whose)?;
    if !(exposure.is_finite() && exposure > 0.0) {
        return Err(SdiaError::InvalidInput(format!(
            "exposure = {exposure}{whose}: the time at risk (hours worked…) must be a number > 0"
        )));
    }
    let alpha = 1.0 - confidence;
    let k = events as f64;
    let lower = if events == 0 {
        0.0
    } else {
        chi2_quantile(alpha / 2.0, 2.0 * k) / 2.0
    };
    let upper = chi2_quantile(1.0 - alpha / 2.0, 2.0 * k + 2.0) / 2.0;
    Ok(RateEstimate {
        events,
        exposure,
        per: 1.0,
        rate: k / exposure,
        lower: lower / exposure,
        upper: upper / exposure,
        confidence,
    })
}

impl RateEstimate {
    /// The same rate and interval expressed per `unit` of exposure (e.g. 200,000 hours: the
    /// OSHA incident rate, 100 full-time workers for a year).
    pub fn per(self, unit: f64) -> RateEstimate {
        let factor = unit / self.per;
        RateEstimate {
            per: unit,
            rate: self.rate * factor,
            lower: self.lower * factor,
            upper: self.upper * factor,
            ..self
        }
    }
}

/// The proportion `successes / n` with its Wilson score interval (no continuity correction):
/// with z the normal quantile at 1 − α/2 and p̂ = k/n,
/// `(2np̂ + z² ± z √(4np̂(1 − p̂) + z²)) / (2(n + z²))` —
/// much better than p̂ ± z√(p̂(1 − p̂)/n) for small n or a proportion near 0 or 1.
///
/// Errors: n = 0, successes > n, a confidence outside (0, 1).
///
/// ```
/// use sdia::prelude::*;
///
/// let p = proportion_ci(12, 40, 0.95).unwrap();
/// assert_eq!(p.proportion, 0.3);
/// assert!((p.lower - 0.1807).abs() < 1e-4 && (p.upper - 0.4543).abs() < 1e-4);
/// assert!(proportion_ci(5, 4, 0.95).unwrap_err().to_string().contains("successes"));
/// ```
pub fn proportion_ci(successes: u64, n: u64, confidence: f64) -> Result<ProportionEstimate> {
    proportion_for(successes, n, confidence, "")
}

/// [`proportion_ci`] with the group named in errors.
pub(crate) fn proportion_for(
    successes: u64,
    n: u64,
    confidence: f64,
    whose: &str,
) -> Result<ProportionEstimate> {
    check_confidence(confidence, whose)?;
    if n == 0 {
        return Err(SdiaError::InvalidInput(format!(
            "n = 0{whose}: a proportion needs at least one person or trial"
        )));
    }
    if successes > n {
        return Err(SdiaError::InvalidInput(format!(
            "successes = {successes} is more than n = {n}{whose}: successes are counted among \
             the n"
        )));
    }
    let normal = Normal::new(0.0, 1.0).map_err(|e| SdiaError::InvalidInput(e.to_string()))?;
    let z = normal.inverse_cdf(0.5 + confidence / 2.0);
    let (k, nf) = (successes as f64, n as f64);
    let p = k / nf;
    let denominator = 2.0 * (nf + z * z);
    let center = (2.0 * nf * p + z * z) / denominator;
    let delta = z * (4.0 * nf * p * (1.0 - p) + z * z).sqrt() / denominator;
    Ok(ProportionEstimate {
        successes,
        n,
        proportion: p,
        lower: (center - delta).max(0.0),
        upper: (center + delta).min(1.0),
        confidence,
    })
}

impl RichDisplay for RateEstimate {
    fn mime_bundle(&self) -> MimeBundle {
        summary_bundle(
            "Event rate (exact Poisson interval, Garwood)",
            &[
                ("events", self.events.to_string()),
                ("exposure", format_number(self.exposure)),
                ("rate per", format_number(self.per)),
                ("rate", format_number(self.rate)),
                (
                    "confidence interval",
                    format!(
                        "[{}, {}] at {} %",
                        format_number(self.lower),
                        format_number(self.upper),
                        format_number(self.confidence * 100.0)
                    ),
                ),
            ],
        )
    }
}

impl RichDisplay for ProportionEstimate {
    fn mime_bundle(&self) -> MimeBundle {
        summary_bundle(
            "Proportion (Wilson score interval)",
            &[
                ("successes / n", format!("{} / {}", self.successes, self.n)),
                ("proportion", format_number(self.proportion)),
                (
                    "confidence interval",
                    format!(
                        "[{}, {}] at {} %",
                        format_number(self.lower),
                        format_number(self.upper),
                        format_number(self.confidence * 100.0)
                    ),
                ),
            ],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chi_square_quantiles_from_tables() {
        // Statistical tables (e.g. NIST): χ²(0.95; 1) = 3.841459, χ²(0.025; 10) = 3.246973,
        // χ²(0.975; 10) = 20.483177; χ²(p; 2) = −2 ln(1 − p) exactly.
        assert!((chi2_quantile(0.95, 1.0) - 3.841458820694124).abs() < 1e-9);
        assert!((chi2_quantile(0.025, 10.0) - 3.246972780236841).abs() < 1e-9);
        assert!((chi2_quantile(0.975, 10.0) - 20.48317735080739).abs() < 1e-9);
        for p in [0.001, 0.025, 0.5, 0.975, 0.999] {
            let exact = -2.0 * (1.0f64 - p).ln();
            assert!(
                (chi2_quantile(p, 2.0) - exact).abs() < 1e-12 * exact.max(1.0),
                "{p}"
            );
        }
    }

    #[test]
    fn garwood_by_hand() {
        // k = 1: lower = −ln(1 − 0.025) = 0.0253178 (χ²(α/2; 2)/2), upper = χ²(0.975; 4)/2 =
        // 11.143287/2 = 5.571643 (tables).
        let r = rate_ci(1, 2.0, 0.95).unwrap();
        assert!((r.lower - 0.025317807984289786 / 2.0).abs() < 1e-12);
        assert!((r.upper - 5.571643390938 / 2.0).abs() < 1e-9, "{}", r.upper);
        assert_eq!(r.rate, 0.5);
        let scaled = r.clone().per(1000.0);
        assert_eq!(scaled.rate, 500.0);
        assert!((scaled.upper - 1000.0 * r.upper).abs() < 1e-9);
        assert!(r.mime_bundle()[0].1.contains("Garwood"));
        assert!(rate_ci(1, f64::NAN, 0.95).is_err());
        assert!(
            rate_ci(1, 1.0, 1.0)
                .unwrap_err()
                .to_string()
                .contains("confidence")
        );
    }

    #[test]
    fn wilson_by_hand() {
        // k = 12, n = 40, z = 1.959964: denominator 2(40 + 3.841459) = 87.682918;
        // center (24 + 3.841459)/87.682918 = 0.317524; delta = 1.959964 √(33.6 + 3.841459)
        // / 87.682918 = 1.959964 · 6.118943 / 87.682918 = 0.136776.
        let p = proportion_ci(12, 40, 0.95).unwrap();
        assert!(
            (p.lower - (0.317524 - 0.136776)).abs() < 2e-6,
            "{}",
            p.lower
        );
        assert!(
            (p.upper - (0.317524 + 0.136776)).abs() < 2e-6,
            "{}",
            p.upper
        );
        // k = 0: lower bound 0, upper z²/(n + z²).
        let z2 = 1.959963984540054f64.powi(2);
        let zero = proportion_ci(0, 10, 0.95).unwrap();
        assert_eq!(zero.lower, 0.0);
        assert!((zero.upper - z2 / (10.0 + z2)).abs() < 1e-12);
        assert!(
            proportion_ci(1, 0, 0.95)
                .unwrap_err()
                .to_string()
                .contains("n = 0")
        );
        assert!(proportion_ci(1, 2, 0.0).is_err());
        assert!(zero.mime_bundle()[0].1.contains("Wilson"));
    }
}
