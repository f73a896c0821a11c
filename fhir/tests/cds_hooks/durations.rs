//! Wrong JSON types in a trial's duration.

use super::*;

/// Sets `key` to `value` in every `valueQuantity` object in `v`; returns how many.
fn edit_quantities(v: &mut Value, key: &str, value: &Value) -> usize {
    match v {
        Value::Object(map) => {
            let mut n = 0;
            if let Some(Value::Object(q)) = map.get_mut("valueQuantity") {
                q.insert(key.to_owned(), value.clone());
                n += 1;
            }
            for (k, child) in map.iter_mut() {
                if k != "valueQuantity" {
                    n += edit_quantities(child, key, value);
                }
            }
            n
        }
        Value::Array(items) => items
            .iter_mut()
            .map(|c| edit_quantities(c, key, value))
            .sum(),
        _ => 0,
    }
}

/// A trial's duration with a `code` that is not a string, or a `value` that is not a number,
/// is refused with its path like any other wrong JSON type (it used to be dropped with a
/// "duration not used" issue at the quantity); a valid quantity of the wrong unit is still
/// an issue.
#[test]
fn a_duration_of_the_wrong_json_type_is_refused_with_its_path() {
    use edx_coverage::{ConservativeTrial, Therapy, TrialOutcome};
    let case = Case::builder()
        .diagnosis("R25.2".parse().unwrap())
        .procedure(Procedure::new("95886".parse().unwrap()))
        .trial(ConservativeTrial::new(Therapy::Stretching, TrialOutcome::Unchanged).with_days(42))
        .build()
        .unwrap();
    let request = to_request(&case, Hook::OrderSign, DATE);
    let options = Options::default().with_date(DATE);
    let edited = |key: &str, value: Value| {
        let mut r = request.clone();
        assert_eq!(
            edit_quantities(&mut r, key, &value),
            1,
            "one duration in the request"
        );
        r
    };
    for (key, value) in [("code", json!(5)), ("value", json!("42"))] {
        let err = answer_value(&edited(key, value), &Policy::default(), &options).unwrap_err();
        assert_eq!(err.kind(), HookErrorKind::InvalidFhir, "{err}");
        assert!(
            err.path().ends_with(&format!(".valueQuantity.{key}")),
            "{err}"
        );
    }
    // Right types, wrong unit: answered, with an issue at the quantity.
    let a = answer_value(&edited("code", json!("wk")), &Policy::default(), &options).unwrap();
    assert!(
        a.issues()
            .iter()
            .any(|i| i.path().ends_with(".valueQuantity")
                && i.message().contains("duration not used")),
        "{:?}",
        a.issues()
    );
}
