//! The security headers every answer carries, set by [`zet`], the outermost layer but one of
//! [`crate::router`] (so refusals, 404s and the CSRF page carry them too).
//!
//! The pages use no script at all and only the one stylesheet (no inline `style`), so their
//! Content-Security-Policy allows nothing but the site's own stylesheet and images, forms
//! posted to the site itself, and no framing. A downloaded SVG chart keeps its styles in an
//! inline `<style>` element (the file must stand alone), so SVG answers get a policy of their
//! own: inline styles, nothing else. Everything else (JSON, CSV, the FAIR files) may load
//! nothing.
//!
//! Answers to unsafe requests (a form post, an API write) are `Cache-Control: no-store`:
//! they are the answers that can show a new password or API token, and no cache or browser
//! history should keep them.

use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;

/// The pages' policy: no script, the site's own stylesheet and images (inline SVG charts are
/// part of the page), forms only to the site, never in a frame.
pub const PAGINA_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/// A standalone SVG chart: its own inline `<style>`, nothing else (no script).
pub const SVG_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
/// Data (JSON, CSV, text): loads nothing.
pub const DATA_CSP: &str = "default-src 'none'; frame-ancestors 'none'";

fn csp_for(content_type: Option<&HeaderValue>) -> &'static str {
    let ct = content_type
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ct.starts_with("text/html") {
        PAGINA_CSP
    } else if ct.starts_with("image/svg+xml") {
        SVG_CSP
    } else {
        DATA_CSP
    }
}

/// Puts the security headers on the answer.
pub async fn zet(request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let mut response = next.run(request).await;
    let csp = csp_for(response.headers().get(CONTENT_TYPE));
    let h = response.headers_mut();
    h.insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(csp));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if unsafe_method {
        h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_content_gets_its_policy() {
        let v = |s: &'static str| HeaderValue::from_static(s);
        assert_eq!(csp_for(Some(&v("text/html; charset=utf-8"))), PAGINA_CSP);
        assert_eq!(csp_for(Some(&v("image/svg+xml"))), SVG_CSP);
        assert_eq!(csp_for(Some(&v("application/json"))), DATA_CSP);
        assert_eq!(csp_for(None), DATA_CSP);
        assert!(!PAGINA_CSP.contains("unsafe") && !PAGINA_CSP.contains("script"));
        assert!(!SVG_CSP.contains("script"));
    }
}
