//! Punycode (RFC 3492), the encoding behind `xn--` labels.
//!
//! Hand-written because it is small and the `idna` crate brings its Unicode
//! tables along. Both directions work on one label without the `xn--` prefix
//! and return `None` instead of overflowing on hostile input.

const BASE: u32 = 36;
const T_MIN: u32 = 1;
const T_MAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 128;

fn adapt(delta: u32, num_points: u32, first: bool) -> u32 {
    let mut delta = if first { delta / DAMP } else { delta / 2 };
    delta += delta / num_points;
    let mut k = 0;
    while delta > ((BASE - T_MIN) * T_MAX) / 2 {
        delta /= BASE - T_MIN;
        k += BASE;
    }
    k + (BASE - T_MIN + 1) * delta / (delta + SKEW)
}

fn threshold(k: u32, bias: u32) -> u32 {
    if k <= bias {
        T_MIN
    } else if k >= bias + T_MAX {
        T_MAX
    } else {
        k - bias
    }
}

fn digit_char(d: u32) -> char {
    // d < 36 by construction.
    let d = d as u8;
    char::from(if d < 26 { b'a' + d } else { b'0' + d - 26 })
}

fn digit_value(b: u8) -> Option<u32> {
    match b {
        b'a'..=b'z' => Some(u32::from(b - b'a')),
        b'A'..=b'Z' => Some(u32::from(b - b'A')),
        b'0'..=b'9' => Some(u32::from(b - b'0') + 26),
        _ => None,
    }
}

/// Appends the Punycode form of `label` to `out`.
pub(super) fn encode(label: &[char], out: &mut String) -> Option<()> {
    let len = u32::try_from(label.len()).ok()?;
    let basic = label.iter().filter(|c| c.is_ascii()).count() as u32;
    out.extend(label.iter().filter(|c| c.is_ascii()));
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias, mut handled) = (INITIAL_N, 0u32, INITIAL_BIAS, basic);
    while handled < len {
        let m = label.iter().map(|&c| c as u32).filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for &c in label {
            let c = c as u32;
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = threshold(k, bias);
                    if q < t {
                        break;
                    }
                    out.push(digit_char(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit_char(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(())
}

/// Decodes one Punycode label; `None` if it is not valid Punycode.
pub(super) fn decode(input: &str) -> Option<Vec<char>> {
    let (basic, extended) = input.rsplit_once('-').unwrap_or(("", input));
    if !basic.is_ascii() {
        return None;
    }
    let mut out: Vec<char> = basic.chars().collect();
    let (mut n, mut i, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let mut digits = extended.bytes();
    let mut next = digits.next();
    while next.is_some() {
        let old_i = i;
        let mut w = 1u32;
        let mut k = BASE;
        loop {
            let d = digit_value(next?)?;
            next = digits.next();
            i = i.checked_add(d.checked_mul(w)?)?;
            let t = threshold(k, bias);
            if d < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k += BASE;
        }
        let count = u32::try_from(out.len()).ok()? + 1;
        bias = adapt(i - old_i, count, old_i == 0);
        n = n.checked_add(i / count)?;
        i %= count;
        out.insert(i as usize, char::from_u32(n)?);
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn enc(s: &str) -> String {
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::new();
        encode(&chars, &mut out).unwrap();
        out
    }

    #[test]
    fn known_labels() {
        for (unicode, puny) in [
            ("bücher", "bcher-kva"),
            ("münchen", "mnchen-3ya"),
            ("食狮", "85x722f"),
            ("公司", "55qx5d"),
            ("中国", "fiqs8s"),
            ("ß", "zca"),
            ("пример", "e1afmkfd"),
            // RFC 3492, 7.1 (B) and (L), lowercased.
            ("他们为什么不说中文", "ihqwcrb4cv8a8dqg056pqjye"),
            ("3年b組金八先生", "3b-ww4c5e180e575a65lsy2b"),
        ] {
            assert_eq!(enc(unicode), puny, "encoding {unicode}");
            assert_eq!(
                decode(puny).unwrap().into_iter().collect::<String>(),
                unicode
            );
        }
    }

    #[test]
    fn rejects_invalid_input() {
        assert_eq!(decode("bcher-kv!"), None);
        assert_eq!(decode("ü-abc"), None);
        // Runs past the last code point.
        assert_eq!(decode("99999999999"), None);
        // A digit sequence cut short.
        assert_eq!(decode("a-9"), None);
    }

    proptest! {
        #[test]
        fn round_trips(s in "\\PC{0,30}") {
            let chars: Vec<char> = s.chars().collect();
            let mut out = String::new();
            encode(&chars, &mut out).unwrap();
            prop_assert!(out.is_ascii());
            prop_assert_eq!(decode(&out), Some(chars));
        }

        #[test]
        fn decode_never_panics(s in "\\PC{0,40}") {
            let _ = decode(&s);
        }
    }
}
