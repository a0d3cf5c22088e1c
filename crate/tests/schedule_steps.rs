use fairtime::schedule::Schedule;
use fairtime::steps;
use fairtime::time::Calendar;
use chrono_tz::Europe::Berlin;

#[test]
fn probe() {
    let s: Schedule = serde_json::from_str(r#"{"hours": {"mon": ["00:00-24:00"], "tue": ["00:00-24:00"], "wed": ["00:00-24:00"], "thu": ["00:00-24:00"], "fri": ["00:00-24:00"], "sat": ["00:00-24:00"], "sun": ["00:00-24:00"]}, "days_off": ["9999-12-30"]}"#).unwrap();
    let cal = s.in_zone(Berlin);
    let at = 1_780_000_000_000;
    let t = std::time::Instant::now();
    let (c, n) = steps::count(|| cal.next_change(at));
    println!("{c:?} {n} {:?}", t.elapsed());
    let (_, n) = steps::count(|| cal.local_day(at));
    println!("{n}");
}
