use super::*;

/// The fast reader, the `serde_json` reader and the borrowed `Value` agree.
fn agree(text: &str) {
    let value: serde_json::Value = serde_json::from_str(text).unwrap();
    let want = serde_json::to_string(&value).unwrap();
    let fast = read::read(text);
    let slow = serde_read::parse(text).unwrap();
    let borrowed = Doc::from_value(&value);
    assert_eq!(serde_json::to_string(&slow.root()).unwrap(), want, "{text}");
    assert_eq!(slow.root(), borrowed.root(), "{text}");
    if let Some(fast) = fast {
        assert_eq!(serde_json::to_string(&fast.root()).unwrap(), want, "{text}");
        assert_eq!(fast.root(), slow.root(), "{text}");
    }
    assert_eq!(
        serde_json::to_string(&parse(text).unwrap().root()).unwrap(),
        want
    );
}

/// The tree writes what `serde_json::Value` writes, for what it parses and what it
/// borrows.
#[test]
fn reads_and_writes_like_serde_json() {
    for text in [
        r#"{"b":1,"a":[true,null,-2,2.5,1e300,"x\"y"],"b":{"z":{},"y":[]},"\u0041":0}"#,
        "[]",
        " { } ",
        "\"\\u00e9\"",
        "\"\\ud83d\\ude00 é\"",
        "18446744073709551615",
        "18446744073709551616",
        "9999999999999999999",
        "-9223372036854775808",
        "-9223372036854775809",
        "-0",
        "0",
        "-1",
        "0.1",
        "1E+2",
        "-0.0e-0",
        "[1, 2 ,3]\n",
        r#"{"z":"\u0000\u001f\u007f","y":"a\\b","x":"\"","w":"\t\r\n\b\f","v":"\/"}"#,
        r#"{"a":{"b":{"c":[{"d":null}]}},"a":{"e":1.0}}"#,
    ] {
        agree(text);
    }
    for text in ["0", "-1", "[1, 2 ,3]\n", r#"{"a":"\n"}"#] {
        assert!(read::read(text).is_some(), "{text}");
    }
    let dup = parse(r#"{"a":1,"a":2}"#).unwrap();
    assert_eq!(dup.root().get("a").and_then(|v| v.as_u64()), Some(2));
}

#[test]
fn refuses_what_serde_json_refuses() {
    for bad in [
        "",
        "{",
        "{} {}",
        "[1,]",
        "{\"a\":1,}",
        "nul",
        "\"\\x\"",
        "01",
        "1.",
        "-",
        "1e",
        "[1 2]",
        "{\"a\" 1}",
        "{1:2}",
        "\"a\u{1}\"",
        "\"\\ud800\"",
        "1e400",
        "tru",
        "[",
        "]",
        "\u{feff}{}",
    ] {
        let want = serde_json::from_str::<serde_json::Value>(bad).unwrap_err();
        assert!(read::read(bad).is_none(), "{bad}");
        assert_eq!(
            parse(bad).unwrap_err().to_string(),
            want.to_string(),
            "{bad}"
        );
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse(&deep).is_err());
    let ok = format!("{}{}", "[".repeat(120), "]".repeat(120));
    agree(&ok);
}

#[test]
fn numbers_display_as_serde_json() {
    for text in ["3", "-3", "2.5", "1e20", "3.0"] {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let doc = parse(text).unwrap();
        let Json::Number(n) = doc.root() else {
            panic!("{text}")
        };
        assert_eq!(n.to_string(), value.to_string(), "{text}");
    }
}
