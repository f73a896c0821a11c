//! The extension as FHIR R4 JSON: sub-extensions in the order of the CRD profile.

use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;

use crate::json_text::{push_plain, push_string};

use super::{
    CoverageInformation, CrdVersion, COVERAGE_DETAIL_SYSTEM, EXTENSION_URL, TEMP_CODE_SYSTEM,
};

/// One sub-extension: `url` and either a `value[x]` or nested extensions.
struct Ext<'a> {
    url: &'static str,
    value: Value<'a>,
}

enum Value<'a> {
    Reference(&'a str),
    Code(&'static str),
    Date(&'a str),
    Str(&'a str),
    Concept(Option<(&'static str, &'static str)>, &'a str),
    Nested(Vec<Ext<'a>>),
}

#[derive(Serialize)]
struct Reference<'a> {
    reference: &'a str,
}

#[derive(Serialize)]
struct Coding {
    system: &'static str,
    code: &'static str,
}

#[derive(Serialize)]
struct CodeableConcept<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    coding: Option<[Coding; 1]>,
    text: &'a str,
}

impl Serialize for Ext<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("url", self.url)?;
        match &self.value {
            Value::Reference(reference) => {
                m.serialize_entry("valueReference", &Reference { reference })?;
            }
            Value::Code(code) => m.serialize_entry("valueCode", code)?,
            Value::Date(date) => m.serialize_entry("valueDate", date)?,
            Value::Str(text) => m.serialize_entry("valueString", text)?,
            Value::Concept(code, text) => {
                let coding = code.map(|(system, code)| [Coding { system, code }]);
                m.serialize_entry("valueCodeableConcept", &CodeableConcept { coding, text })?;
            }
            Value::Nested(exts) => m.serialize_entry("extension", exts)?,
        }
        m.end()
    }
}

impl CoverageInformation {
    /// The sub-extensions in the order of the CRD profile.
    fn exts(&self) -> Vec<Ext<'_>> {
        let ext = |url, value| Ext { url, value };
        let mut exts = vec![
            ext("coverage", Value::Reference(self.coverage())),
            ext("covered", Value::Code(self.covered().as_str())),
        ];
        if let Some(doc) = self.doc_needed {
            exts.push(ext("doc-needed", Value::Code(doc.as_str())));
        }
        if let Some(purpose) = self.doc_purpose() {
            exts.push(ext("doc-purpose", Value::Code(purpose.as_str())));
        }
        if let Some(info) = self.info_needed() {
            exts.push(ext("info-needed", Value::Code(info.as_str())));
        }
        exts.push(ext("reason", Value::Concept(None, self.reason())));
        let system = match self.version() {
            CrdVersion::V2_1 => TEMP_CODE_SYSTEM,
            CrdVersion::V2_2 => COVERAGE_DETAIL_SYSTEM,
        };
        for detail in self.details() {
            let subject = detail.subject();
            let mut parts = Vec::with_capacity(3);
            if self.version() == CrdVersion::V2_2 {
                parts.push(ext("category", Value::Code(subject.category())));
            }
            parts.push(ext(
                "code",
                Value::Concept(Some((system, subject.code())), subject.label()),
            ));
            parts.push(ext("value", Value::Str(detail.text())));
            exts.push(ext("detail", Value::Nested(parts)));
        }
        exts.push(ext("date", Value::Date(self.date())));
        exts.push(ext(
            "coverage-assertion-id",
            Value::Str(self.coverage_assertion_id()),
        ));
        exts
    }

    /// Appends the extension as compact JSON, byte for byte what `serde_json` writes for it
    /// (its `Serialize`), without going through `serde::Serializer` and without building the
    /// [`exts`](Self::exts) vectors: the CDS Hooks response writes two of these per order.
    pub(crate) fn write_json(&self, out: &mut String) {
        out.push_str("{\"url\":");
        push_plain(out, EXTENSION_URL);
        out.push_str(",\"extension\":[");
        write_ext(out, "coverage", &Value::Reference(self.coverage()));
        out.push(',');
        write_ext(out, "covered", &Value::Code(self.covered().as_str()));
        if let Some(doc) = self.doc_needed {
            out.push(',');
            write_ext(out, "doc-needed", &Value::Code(doc.as_str()));
        }
        if let Some(purpose) = self.doc_purpose() {
            out.push(',');
            write_ext(out, "doc-purpose", &Value::Code(purpose.as_str()));
        }
        if let Some(info) = self.info_needed() {
            out.push(',');
            write_ext(out, "info-needed", &Value::Code(info.as_str()));
        }
        out.push(',');
        write_ext(out, "reason", &Value::Concept(None, self.reason()));
        let system = match self.version() {
            CrdVersion::V2_1 => TEMP_CODE_SYSTEM,
            CrdVersion::V2_2 => COVERAGE_DETAIL_SYSTEM,
        };
        for detail in self.details() {
            let subject = detail.subject();
            out.push_str(",{\"url\":\"detail\",\"extension\":[");
            if self.version() == CrdVersion::V2_2 {
                write_ext(out, "category", &Value::Code(subject.category()));
                out.push(',');
            }
            write_ext(
                out,
                "code",
                &Value::Concept(Some((system, subject.code())), subject.label()),
            );
            out.push(',');
            write_ext(out, "value", &Value::Str(detail.text()));
            out.push_str("]}");
        }
        out.push(',');
        write_ext(out, "date", &Value::Date(self.date()));
        out.push(',');
        write_ext(
            out,
            "coverage-assertion-id",
            &Value::Str(self.coverage_assertion_id()),
        );
        out.push_str("]}");
    }
}

/// Appends one sub-extension, `{"url":…,<its value member>}`. The url, the codes and the
/// code systems are the crate's constants, written without the scan for characters to
/// escape; what comes from the request or the determination's texts is scanned.
fn write_ext(out: &mut String, url: &'static str, value: &Value<'_>) {
    out.push_str("{\"url\":");
    push_plain(out, url);
    match value {
        Value::Reference(reference) => {
            out.push_str(",\"valueReference\":{\"reference\":");
            push_string(out, reference);
            out.push('}');
        }
        Value::Code(code) => {
            out.push_str(",\"valueCode\":");
            push_plain(out, code);
        }
        Value::Date(date) => {
            out.push_str(",\"valueDate\":");
            push_string(out, date);
        }
        Value::Str(text) => {
            out.push_str(",\"valueString\":");
            push_string(out, text);
        }
        Value::Concept(code, text) => {
            out.push_str(",\"valueCodeableConcept\":{");
            if let Some((system, code)) = code {
                out.push_str("\"coding\":[{\"system\":");
                push_plain(out, system);
                out.push_str(",\"code\":");
                push_plain(out, code);
                out.push_str("}],");
            }
            out.push_str("\"text\":");
            push_string(out, text);
            out.push('}');
        }
        Value::Nested(exts) => {
            out.push_str(",\"extension\":[");
            for (i, e) in exts.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_ext(out, e.url, &e.value);
            }
            out.push(']');
        }
    }
    out.push('}');
}

impl Serialize for CoverageInformation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Extension", 2)?;
        st.serialize_field("url", EXTENSION_URL)?;
        st.serialize_field("extension", &self.exts())?;
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{CoverageInformation, CrdInputs, CrdVersion};
    use edx_coverage::{evaluate, Policy};
    use proptest::prelude::*;

    fn same_text(info: &CoverageInformation) {
        let mut out = String::new();
        info.write_json(&mut out);
        assert_eq!(out, serde_json::to_string(info).unwrap());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// The direct writer writes what `serde_json` writes for the extension, on generated
        /// cases, both CRD versions, with inputs that need escaping too.
        #[test]
        fn writes_what_serde_json_writes(
            case in edx_coverage::strategies::case(),
            coverage in "Coverage/[a-z0-9\"\\\\\n é-]{1,12}",
            id in "[a-f0-9\"\\\\-]{1,8}",
        ) {
            let d = evaluate(&case, &Policy::default());
            let plain = CrdInputs { coverage: "Coverage/cov-1", date: "2026-11-27", coverage_assertion_id: "a1" };
            let info = CoverageInformation::new(&d, &plain).unwrap();
            same_text(&info.clone().with_version(CrdVersion::V2_1));
            same_text(&info);
            let inputs = CrdInputs { coverage: &coverage, date: "2026-11-27", coverage_assertion_id: &id };
            for info in [CoverageInformation::new(&d, &inputs), CoverageInformation::indeterminate(&inputs)] {
                let Ok(info) = info else { continue };
                for version in [CrdVersion::V2_1, CrdVersion::V2_2] {
                    same_text(&info.clone().with_version(version));
                }
            }
        }
    }
}
