//! CORS for browser-based CDS clients (CDS Hooks: "CDS Services and browser-based CDS Clients
//! will require CORS support"), with tower-http's CORS layer.
//!
//! The allowed origins come from `--cors-origin`. None by default: then the service sends no
//! CORS header at all and a browser blocks every cross-origin call. `*` (any origin) is taken
//! only with `--insecure-no-auth`. A preflight (`OPTIONS` with
//! `Access-Control-Request-Method`) is answered for every path by the layer itself, allowing
//! `GET`, `HEAD`, `POST` and the `Authorization` and `Content-Type` request headers; the
//! `Access-Control-Allow-Origin` header is on every answer to an allowed origin, refusals
//! included.

use std::time::Duration;

use axum::http::{header, HeaderName, HeaderValue, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// How long a browser may cache a preflight answer.
pub const PREFLIGHT_MAX_AGE: Duration = Duration::from_secs(600);

/// The request headers a cross-origin call may send.
pub const ALLOWED_HEADERS: [HeaderName; 2] = [header::AUTHORIZATION, header::CONTENT_TYPE];

/// The CORS layer for `origins`, or `None` when no origin is configured.
///
/// # Errors
/// A message naming the flag and the origin at fault: `*` without `insecure_no_auth` or
/// beside other origins, or a value that is not `scheme://host[:port]` with scheme `http` or
/// `https`.
pub fn layer(origins: &[String], insecure_no_auth: bool) -> Result<Option<CorsLayer>, String> {
    if origins.is_empty() {
        return Ok(None);
    }
    let allow = if origins.iter().any(|o| o == "*") {
        if origins.len() > 1 {
            return Err("--cors-origin \"*\" allows every origin: give it alone".to_owned());
        }
        if !insecure_no_auth {
            return Err(
                "--cors-origin \"*\" is refused while authentication is on: list the EHR \
                 origins (it is allowed only with --insecure-no-auth)"
                    .to_owned(),
            );
        }
        AllowOrigin::any()
    } else {
        let values = origins
            .iter()
            .map(|o| origin_value(o))
            .collect::<Result<Vec<_>, _>>()?;
        AllowOrigin::list(values)
    };
    Ok(Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::HEAD, Method::POST])
            .allow_headers(ALLOWED_HEADERS)
            .expose_headers([header::WWW_AUTHENTICATE, header::ALLOW])
            .max_age(PREFLIGHT_MAX_AGE),
    ))
}

/// Checks one configured origin: what a browser sends in `Origin` (`https://host[:port]`),
/// compared byte for byte.
fn origin_value(origin: &str) -> Result<HeaderValue, String> {
    let bad = |why: &str| format!("--cors-origin {origin:?}: {why}");
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(|| bad("must start with https:// or http://"))?;
    let host = rest.split(':').next().unwrap_or("");
    let port_ok = rest
        .split_once(':')
        .is_none_or(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
    if !host_ok || !port_ok {
        return Err(bad(
            "give an origin as a browser sends it: scheme://host[:port], lower case, \
             without path, query or trailing slash",
        ));
    }
    if origin.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(bad("browsers send origins in lower case; write it so"));
    }
    HeaderValue::from_str(origin).map_err(|e| bad(&e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(origins: &[&str], insecure: bool) -> String {
        let owned: Vec<String> = origins.iter().map(|s| (*s).to_owned()).collect();
        match layer(&owned, insecure) {
            Err(e) => e,
            Ok(_) => panic!("{origins:?} was accepted"),
        }
    }

    #[test]
    fn origins_are_checked() {
        assert!(layer(&[], false).unwrap().is_none());
        let good = [
            "https://ehr.example.org".to_owned(),
            "http://127.0.0.1:9000".to_owned(),
        ];
        assert!(layer(&good, false).unwrap().is_some());
        for bad in [
            "ehr.example.org",
            "https://ehr.example.org/",
            "https://ehr.example.org/app",
            "https://",
            "https://ehr.example.org:",
            "https://ehr.example.org:80x",
            "ftp://ehr.example.org",
            "https://EHR.example.org",
        ] {
            assert!(refused(&[bad], true).contains(bad), "{bad}");
        }
    }

    #[test]
    fn any_origin_only_without_authentication_and_alone() {
        assert!(refused(&["*"], false).contains("--insecure-no-auth"));
        assert!(layer(&["*".to_owned()], true).unwrap().is_some());
        assert!(refused(&["*", "https://a.example"], true).contains("alone"));
    }
}
