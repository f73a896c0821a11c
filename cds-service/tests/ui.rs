//! The coverage-check page's serving over real HTTP on loopback: only with `--ui`, its assets
//! embedded and sent with a same-origin-only Content-Security-Policy, nothing in them pointing
//! anywhere else. (What the page does is tested in a browser: `browser-tests/`.)
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{Http, TestServer};
use hyper::StatusCode;

const ASSETS: [(&str, &str); 3] = [
    ("/", "text/html; charset=utf-8"),
    ("/ui/app.js", "text/javascript; charset=utf-8"),
    ("/ui/style.css", "text/css; charset=utf-8"),
];

#[tokio::test]
async fn the_page_is_served_only_with_ui() {
    let s = TestServer::insecure(&[]).await;
    for (path, _) in ASSETS {
        assert_eq!(
            Http::new().get(&s.url(path)).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    s.stop().await;
}

#[tokio::test]
async fn assets_are_embedded_and_same_origin_only() {
    let s = TestServer::insecure(&["--ui"]).await;
    let http = Http::new();
    for (path, content_type) in ASSETS {
        let r = http.get(&s.url(path)).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert_eq!(r.content_type(), Some(content_type), "{path}");
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.starts_with("default-src 'none'"), "{csp}");
        assert!(csp.contains("connect-src 'self'"), "{csp}");
        assert!(csp.contains("script-src 'self'"), "{csp}");
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        assert_eq!(r.headers["x-content-type-options"], "nosniff");
        let body = String::from_utf8(r.body.to_vec()).unwrap();
        // nothing from a CDN, no external font, no absolute or protocol-relative URL
        for external in [
            "http://",
            "https://",
            "src=\"//",
            "href=\"//",
            "url(",
            "@import",
        ] {
            assert!(!body.contains(external), "{path} holds {external:?}");
        }
    }
    let html = String::from_utf8(http.get(&s.url("/")).await.body.to_vec()).unwrap();
    assert!(html.contains("Which best describes you?"));
    for reader in [
        "value=\"patient\"",
        "value=\"clinician\"",
        "value=\"coder\"",
    ] {
        assert!(html.contains(reader), "{reader}");
    }
    // no inline script or style (the policy would block them)
    assert!(!html.contains("<script>") && !html.contains("style="));
    s.stop().await;
}
