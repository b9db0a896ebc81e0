//! Times a config writes: durations (`30m`, `1h30m`, `7d`), and the bounds of date and datetime
//! columns — an ISO date, an RFC 3339 datetime, or a time relative to the run (`today-7d`,
//! `now+1h`). Relative times are resolved once, against the `now` the host gives the run (the
//! Action's JavaScript has the clock; WebAssembly has none).

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// Nanoseconds in a day.
pub const DAY_NS: i128 = 86_400_000_000_000;

/// Prometheus durations: `90s`, `5m`, `1h30m`, `2d`, `1w`, `1y`, `500ms`, in seconds.
pub fn duration_secs(s: &str) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = s;
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 {
            return None;
        }
        let n: f64 = rest[..digits].parse().ok()?;
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let unit = match &rest[..unit_len] {
            "ms" => 0.001,
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            "d" => 86400.0,
            "w" => 604800.0,
            "y" => 31536000.0,
            _ => return None,
        };
        total += n * unit;
        rest = &rest[unit_len..];
    }
    Some(total)
}

/// A bound on a date or datetime column, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeBound {
    /// An instant: nanoseconds since the Unix epoch, UTC (a date is its midnight).
    At(i128),
    /// The run's date (midnight UTC) moved by nanoseconds.
    Today(i128),
    /// The run's time moved by nanoseconds.
    Now(i128),
}

impl TimeBound {
    /// Reads `2024-06-30`, `2024-06-30T12:00:00Z` (RFC 3339; a date and time without a zone is
    /// UTC), `today` or `now` with an optional offset (`today-7d`, `now+1h30m`).
    pub fn parse(text: &str) -> Result<TimeBound, String> {
        let text = text.trim();
        for (word, make) in [
            ("today", TimeBound::Today as fn(i128) -> TimeBound),
            ("now", TimeBound::Now),
        ] {
            if let Some(rest) = text.strip_prefix(word) {
                let offset = match rest.as_bytes().first() {
                    None => 0,
                    Some(sign @ (b'+' | b'-')) => {
                        let secs = duration_secs(&rest[1..]).ok_or_else(|| {
                            format!(
                                "{text:?} has no duration after `{}`; expected e.g. {word}-7d or {word}+1h",
                                *sign as char
                            )
                        })?;
                        let ns = (secs * 1e9) as i128;
                        if *sign == b'-' { -ns } else { ns }
                    }
                    Some(_) => return Err(format!("{text:?}: expected {word}, {word}-7d or {word}+1h")),
                };
                return Ok(make(offset));
            }
        }
        instant(text).map(TimeBound::At).ok_or_else(|| {
            format!(
                "{text:?} is not a date or time; expected an ISO date (2024-06-30), an RFC 3339 datetime \
                 (2024-06-30T12:00:00Z), or today/now with an offset (today-7d, now+1h)"
            )
        })
    }

    /// The instant, in nanoseconds since the epoch; `now_ns`: the run's time (`None` when the
    /// run has none, which a relative bound cannot do without).
    pub fn resolve(self, now_ns: Option<i128>) -> Result<i128, String> {
        let now = || {
            now_ns.ok_or_else(|| "a time relative to the run needs the run's time, which this run lacks".to_string())
        };
        Ok(match self {
            TimeBound::At(ns) => ns,
            TimeBound::Today(offset) => now()?.div_euclid(DAY_NS) * DAY_NS + offset,
            TimeBound::Now(offset) => now()? + offset,
        })
    }
}

/// An ISO date (its midnight) or a datetime (UTC unless it names a zone), in nanoseconds since
/// the epoch.
pub fn instant(text: &str) -> Option<i128> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return t.timestamp_nanos_opt().map(i128::from);
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return t.and_utc().timestamp_nanos_opt().map(i128::from);
        }
    }
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)?;
    Some(i128::from(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp()) * 1_000_000_000)
}

/// An instant (nanoseconds since the epoch, UTC) as text as precise as values `span_ns` apart
/// need: the date when they are days apart, minutes when hours, else milliseconds. `compact`
/// (an axis tick): the year and then the date left out of the finer two.
pub fn instant_text(ns: f64, span_ns: f64, compact: bool) -> String {
    // To the microsecond: a float of nanoseconds since 1970 is only exact to a few hundred.
    let micros = (ns / 1e3).round();
    let secs = (micros / 1e6).floor();
    let nanos = ((micros - secs * 1e6) * 1e3).clamp(0.0, 999_999_999.0) as u32;
    let Some(t) = (secs.abs() < 1e12)
        .then(|| DateTime::from_timestamp(secs as i64, nanos))
        .flatten()
    else {
        return format!("{ns}");
    };
    let format = match (span_ns >= 2.0 * DAY_NS as f64, span_ns >= 120e9, compact) {
        (true, _, _) => "%Y-%m-%d",
        (false, true, false) => "%Y-%m-%d %H:%M",
        (false, true, true) => "%m-%d %H:%M",
        (false, false, false) => "%Y-%m-%d %H:%M:%S%.3f",
        (false, false, true) => "%H:%M:%S%.3f",
    };
    t.format(format).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_as_text_are_as_precise_as_their_span() {
        // 2024-06-30T12:34:56.789Z
        let ns = (19904 * DAY_NS + 45_296_789_000_000) as f64;
        let day = DAY_NS as f64;
        assert_eq!(instant_text(ns, 30.0 * day, false), "2024-06-30");
        assert_eq!(instant_text(ns, 30.0 * day, true), "2024-06-30");
        assert_eq!(instant_text(ns, day, false), "2024-06-30 12:34");
        assert_eq!(instant_text(ns, day, true), "06-30 12:34");
        assert_eq!(instant_text(ns, 5e9, false), "2024-06-30 12:34:56.789");
        assert_eq!(instant_text(ns, 5e9, true), "12:34:56.789");
        assert_eq!(instant_text(-day, 30.0 * day, false), "1969-12-31");
        assert_eq!(instant_text(f64::INFINITY, day, false), "inf");
    }

    #[test]
    fn bounds_parse_and_resolve() {
        let day = DAY_NS;
        // 2024-06-30 is day 19904 since the epoch.
        assert_eq!(TimeBound::parse("2024-06-30"), Ok(TimeBound::At(19904 * day)));
        assert_eq!(
            TimeBound::parse("2024-06-30T12:00:00Z"),
            Ok(TimeBound::At(19904 * day + day / 2))
        );
        assert_eq!(
            TimeBound::parse("2024-06-30T14:00:00+02:00"),
            Ok(TimeBound::At(19904 * day + day / 2))
        );
        assert_eq!(
            TimeBound::parse("2024-06-30 12:00"),
            Ok(TimeBound::At(19904 * day + day / 2))
        );
        assert_eq!(TimeBound::parse("today-7d"), Ok(TimeBound::Today(-7 * day)));
        assert_eq!(TimeBound::parse("now+1h30m"), Ok(TimeBound::Now(5_400_000_000_000)));
        assert!(TimeBound::parse("2024-02-30").is_err());
        assert!(TimeBound::parse("today-soon").unwrap_err().contains("no duration"));
        assert!(TimeBound::parse("tomorrow").is_err());
        let now = 19904 * day + day / 2;
        assert_eq!(TimeBound::Today(-7 * day).resolve(Some(now)), Ok(19897 * day));
        assert_eq!(TimeBound::Now(-day).resolve(Some(now)), Ok(now - day));
        assert!(TimeBound::Today(0).resolve(None).is_err());
        assert_eq!(duration_secs("1h30m"), Some(5400.0));
        assert_eq!(duration_secs("5x"), None);
    }
}
