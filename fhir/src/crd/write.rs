//! The extension as FHIR R4 JSON: sub-extensions in the order of the CRD profile.

use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::Serialize;

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

impl Serialize for CoverageInformation {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
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

        let mut st = s.serialize_struct("Extension", 2)?;
        st.serialize_field("url", EXTENSION_URL)?;
        st.serialize_field("extension", &exts)?;
        st.end()
    }
}
