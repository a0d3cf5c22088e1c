//! Durations as a person reads them: "0 min", "45 min", "2 h 05 min".

use std::fmt;

/// Why a number of seconds cannot be shown as a duration.
#[derive(Debug, Clone, PartialEq)]
pub enum DurationError {
    /// Not a number, or infinite.
    NotFinite,
    /// Time spent is never negative.
    Negative(f64),
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotFinite => write!(f, "a duration must be a finite number of seconds"),
            Self::Negative(_) => write!(f, "a duration cannot be negative"),
        }
    }
}

impl std::error::Error for DurationError {}

/// Whole minutes, rounded down: a person is never shown time they did not spend.
pub fn format_seconds(seconds: u64) -> String {
    let minutes = seconds / 60;
    let (h, m) = (minutes / 60, minutes % 60);
    if h == 0 {
        format!("{m} min")
    } else {
        format!("{h} h {m:02} min")
    }
}

/// [`format_seconds`] for a number that came from JavaScript.
pub fn format_js_seconds(seconds: f64) -> Result<String, DurationError> {
    if !seconds.is_finite() {
        return Err(DurationError::NotFinite);
    }
    if seconds < 0.0 {
        return Err(DurationError::Negative(seconds));
    }
    // Saturating float-to-int cast: anything past u64::MAX is not a real day anyway.
    Ok(format_seconds(seconds as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_round_down_and_hours_pad_minutes() {
        assert_eq!(format_seconds(0), "0 min");
        assert_eq!(format_seconds(59), "0 min");
        assert_eq!(format_seconds(60), "1 min");
        assert_eq!(format_seconds(3599), "59 min");
        assert_eq!(format_seconds(3600), "1 h 00 min");
        assert_eq!(format_seconds(3600 + 5 * 60 + 59), "1 h 05 min");
        assert_eq!(format_seconds(27 * 3600), "27 h 00 min");
    }

    #[test]
    fn javascript_numbers_are_checked() {
        assert_eq!(format_js_seconds(125.9).unwrap(), "2 min");
        assert_eq!(format_js_seconds(f64::NAN), Err(DurationError::NotFinite));
        assert_eq!(
            format_js_seconds(f64::INFINITY),
            Err(DurationError::NotFinite)
        );
        assert_eq!(format_js_seconds(-1.0), Err(DurationError::Negative(-1.0)));
        assert_eq!(
            format_js_seconds(-1.0).unwrap_err().to_string(),
            "a duration cannot be negative"
        );
    }
}
