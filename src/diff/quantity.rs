//! Quantities in prose: a rate (`50/second per key`), a duration (`24 hours`), a retry
//! policy (`5 attempts over 24 hours`), service levels (`99.9% uptime, p95 < 200 ms`). Limits
//! written this way are compared as numbers; anything else only as text.

use std::collections::BTreeMap;

/// A number of events per unit of time, and what it is counted per (`per key`).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Rate {
    pub(super) per_second: f64,
    /// The words after the unit, lowercased: `per key`, `per ip`, or empty.
    pub(super) qualifier: String,
}

impl Rate {
    /// `50/second`, `50 / s`, `1,000 requests per minute per key`, `10 req/min`.
    pub(super) fn parse(text: &str) -> Option<Rate> {
        let words = tokens(text);
        let (at, count) = words
            .iter()
            .enumerate()
            .find_map(|(idx, word)| number(word).map(|n| (idx, n)))?;
        // After the number: optional nouns (`requests`), then `/` or `per`, then the unit.
        let mut idx = at + 1;
        while idx < words.len() && !matches!(words[idx].as_str(), "/" | "per") {
            if unit_seconds(&words[idx]).is_some() || idx > at + 2 {
                return None;
            }
            idx += 1;
        }
        let seconds = unit_seconds(words.get(idx + 1)?)?;
        let qualifier = words[idx + 2..].join(" ");
        Some(Rate {
            per_second: count / seconds,
            qualifier,
        })
    }
}

/// A duration in seconds: `24 hours`, `24h`, `7 days`.
pub(super) fn duration(text: &str) -> Option<f64> {
    let words = tokens(text);
    words.windows(2).find_map(|pair| {
        let count = number(&pair[0])?;
        Some(count * unit_seconds(&pair[1])?)
    })
}

/// A retry policy: how many attempts, and for how long.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Retries {
    pub(super) attempts: Option<f64>,
    pub(super) seconds: Option<f64>,
}

impl Retries {
    /// `5 attempts over 24 hours`, `retried 3 times`, `for 3 days with exponential backoff`.
    pub(super) fn parse(text: &str) -> Option<Retries> {
        let words = tokens(text);
        let mut found = Retries::default();
        for pair in words.windows(2) {
            let Some(count) = number(&pair[0]) else {
                continue;
            };
            if matches!(
                pair[1].as_str(),
                "attempts" | "attempt" | "times" | "retries" | "retry" | "tries" | "deliveries"
            ) {
                found.attempts.get_or_insert(count);
            } else if let Some(unit) = unit_seconds(&pair[1]) {
                found.seconds.get_or_insert(count * unit);
            }
        }
        (found.attempts.is_some() || found.seconds.is_some()).then_some(found)
    }
}

/// What a service level promises, in numbers: uptime in percent, latency in milliseconds by
/// percentile.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Levels {
    pub(super) uptime: Option<f64>,
    pub(super) latency_ms: BTreeMap<u32, f64>,
}

impl Levels {
    /// `99.9% uptime, p95 < 200 ms`, `<200ms p95`, `p99: 1s`.
    pub(super) fn parse(text: &str) -> Option<Levels> {
        let words = tokens(text);
        let mut levels = Levels::default();
        let mut percentiles: Vec<(usize, u32)> = Vec::new();
        let mut latencies: Vec<(usize, f64)> = Vec::new();
        for (idx, word) in words.iter().enumerate() {
            if let Some(rest) = word.strip_prefix('p')
                && let Ok(percentile) = rest.parse::<u32>()
            {
                percentiles.push((idx, percentile));
            } else if word == "%" && idx > 0 {
                if let Some(uptime) = number(&words[idx - 1]) {
                    levels.uptime.get_or_insert(uptime);
                }
            } else if let Some(value) = number(word)
                && let Some(unit) = words.get(idx + 1)
            {
                let ms = match unit.as_str() {
                    "ms" | "milliseconds" | "millisecond" => Some(value),
                    "s" | "seconds" | "second" | "sec" => Some(value * 1000.0),
                    _ => None,
                };
                if let Some(ms) = ms {
                    latencies.push((idx, ms));
                }
            }
        }
        // Each percentile takes the nearest latency not taken yet.
        for (at, percentile) in percentiles {
            let nearest = latencies
                .iter()
                .enumerate()
                .min_by_key(|(_, (idx, _))| idx.abs_diff(at))
                .map(|(pos, _)| pos);
            if let Some(pos) = nearest {
                let (_, ms) = latencies.remove(pos);
                levels.latency_ms.insert(percentile, ms);
            }
        }
        (levels.uptime.is_some() || !levels.latency_ms.is_empty()).then_some(levels)
    }
}

/// Words, numbers and the signs `/`, `%`, `:` and `<` apart, lowercased: `50/s` is `50`, `/`,
/// `s`; `200ms` is `200`, `ms`.
fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut numeric = false;
    let flush = |current: &mut String, tokens: &mut Vec<String>| {
        if !current.is_empty() {
            tokens.push(std::mem::take(current));
        }
    };
    for c in text.chars().flat_map(char::to_lowercase) {
        let digit = c.is_ascii_digit() || (numeric && matches!(c, '.' | ','));
        if c.is_whitespace() || matches!(c, '(' | ')' | ';') {
            flush(&mut current, &mut tokens);
            numeric = false;
        } else if matches!(c, '/' | '%' | ':' | '<' | '>' | '=' | '≤') {
            flush(&mut current, &mut tokens);
            tokens.push(c.to_string());
            numeric = false;
        } else if digit != numeric
            && !current.is_empty()
            && !(c.is_ascii_digit() && !numeric && current == "p")
        {
            flush(&mut current, &mut tokens);
            numeric = digit;
            current.push(c);
        } else {
            numeric = digit || (current.is_empty() && c.is_ascii_digit());
            current.push(c);
        }
    }
    flush(&mut current, &mut tokens);
    // A trailing comma or period belongs to the sentence, not the word or the number.
    tokens
        .into_iter()
        .map(|token| token.trim_end_matches([',', '.']).to_owned())
        .filter(|token| !token.is_empty())
        .collect()
}

fn number(word: &str) -> Option<f64> {
    if !word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    word.replace(',', "").parse().ok()
}

/// Seconds in a unit of time.
fn unit_seconds(word: &str) -> Option<f64> {
    Some(match word {
        "ms" | "millisecond" | "milliseconds" => 0.001,
        "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
        "d" | "day" | "days" => 86_400.0,
        "w" | "week" | "weeks" => 604_800.0,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_in_their_usual_spellings() {
        let rate = |text| Rate::parse(text).map(|r| (r.per_second, r.qualifier));
        assert_eq!(rate("50/second per key"), Some((50.0, "per key".into())));
        assert_eq!(rate("50 / s"), Some((50.0, String::new())));
        assert_eq!(rate("600 requests per minute"), Some((10.0, String::new())));
        assert_eq!(
            rate("1,000 req/hour per IP"),
            Some((1000.0 / 3600.0, "per ip".into()))
        );
        assert_eq!(rate("10/min"), Some((10.0 / 60.0, String::new())));
        assert_eq!(rate("generous"), None);
        assert_eq!(rate("depends on the plan"), None);
    }

    #[test]
    fn durations_retries_and_levels() {
        assert_eq!(duration("24 hours"), Some(86_400.0));
        assert_eq!(duration("24h"), Some(86_400.0));
        assert_eq!(duration("forever"), None);
        let retries = Retries::parse("5 attempts over 24 hours, exponential backoff").unwrap();
        assert_eq!(retries.attempts, Some(5.0));
        assert_eq!(retries.seconds, Some(86_400.0));
        assert_eq!(Retries::parse("with backoff"), None);
        let levels = Levels::parse("99.9% uptime, <200ms p95, p99: 1s").unwrap();
        assert_eq!(levels.uptime, Some(99.9));
        assert_eq!(levels.latency_ms.get(&95), Some(&200.0));
        assert_eq!(levels.latency_ms.get(&99), Some(&1000.0));
        assert_eq!(Levels::parse("best effort"), None);
    }
}
