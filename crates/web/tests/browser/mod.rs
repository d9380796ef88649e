//! What the browser tests share: the application served on a free port and headless Chromium
//! over WebDriver (chromedriver), emulating a phone screen of a given width.
//!
//! Needs Debian's `chromium` and `chromium-driver`. Without them a test says it is skipped,
//! unless `GEMETEN_REQUIRE_BROWSER=1` (CI installs both and sets it), then it fails.

#![allow(dead_code)] // Each test file uses part of this.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// A child process that is killed when the test ends, however it ends.
pub struct Proces(Child);

impl Drop for Proces {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn find(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|p| p.is_file())
    })
}

/// Chromium and chromedriver, or `None` (the test is skipped) when they are not installed
/// and the browser is not required.
pub fn installed() -> Option<(PathBuf, PathBuf)> {
    match (
        find(&["chromium", "chromium-browser", "google-chrome"]),
        find(&["chromedriver"]),
    ) {
        (Some(c), Some(d)) => Some((c, d)),
        _ if std::env::var("GEMETEN_REQUIRE_BROWSER").is_ok_and(|v| v == "1") => {
            panic!("GEMETEN_REQUIRE_BROWSER=1 but chromium/chromedriver are not installed")
        }
        _ => {
            eprintln!(
                "skipped: no chromium and chromedriver (apt install chromium chromium-driver)"
            );
            None
        }
    }
}

/// The router served on a free local port until the test process ends; its base URL.
pub async fn serve(app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(gemeten_web::serve_with(
        listener,
        app,
        gemeten_web::Grenzen::default(),
        std::future::pending(),
    ));
    format!("http://{addr}")
}

/// chromedriver on a free port, answering.
pub fn chromedriver(driver: &Path) -> (Proces, String) {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port");
    let child = Command::new(driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let proces = Proces(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    (proces, format!("http://127.0.0.1:{port}"))
}

/// A headless Chromium whose viewport is a phone `width` CSS pixels wide (device metrics
/// emulation: a desktop window cannot be made that narrow).
pub async fn phone(webdriver: &str, chromium: &Path, profile: &Path, width: u32) -> Client {
    // The flags keep Chromium off the network and out of first-run screens; as root it
    // needs --no-sandbox.
    let caps = json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
                format!("--user-data-dir={}", profile.display()),
            ],
            "mobileEmulation": {
                "deviceMetrics": { "width": width, "height": 740, "pixelRatio": 1.0, "mobile": true, "touch": true },
            },
        }
    });
    let caps = caps.as_object().unwrap().clone();
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(webdriver)
        .await
        .expect("a browser session")
}

pub async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Clicks what `css` finds and waits until the browser has left the current document (the
/// old `<html>` element is gone) and the new one has a body.
pub async fn click_and_load(c: &Client, css: &str) -> Result<(), fantoccini::error::CmdError> {
    let old = c.find(Locator::Css("html")).await?;
    c.find(Locator::Css(css)).await?.click().await?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while old.tag_name().await.is_ok() {
        assert!(Instant::now() < deadline, "clicking {css} loaded no page");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    c.wait().for_element(Locator::Css("body")).await?;
    Ok(())
}

/// Logs `username` in through the login form.
pub async fn log_in(
    c: &Client,
    base: &str,
    username: &str,
    password: &str,
) -> Result<(), fantoccini::error::CmdError> {
    c.goto(&format!("{base}/inloggen")).await?;
    c.find(Locator::Id("username"))
        .await?
        .send_keys(username)
        .await?;
    c.find(Locator::Id("password"))
        .await?
        .send_keys(password)
        .await?;
    click_and_load(c, "form[action='/inloggen'] button[type='submit']").await
}

/// Logs out with the header's button.
pub async fn log_out(c: &Client) -> Result<(), fantoccini::error::CmdError> {
    click_and_load(c, "form.uitloggen button[type='submit']").await
}

/// Whether the page scrolls sideways: `None` when it does not, else what sticks out (the
/// widths and the outermost elements past the right edge that no scroll container holds).
/// Hiding the overflow on `html` or `body` would hide the failure, so that counts as one.
pub async fn overflow(c: &Client) -> Result<Option<String>, fantoccini::error::CmdError> {
    let v = c
        .execute(
            r#"
const d = document.documentElement, w = d.clientWidth;
const hidden = ['html', 'body'].filter(t => getComputedStyle(document.querySelector(t)).overflowX !== 'visible');
if (d.scrollWidth <= w && hidden.length === 0) return null;
const out = [];
for (const e of document.querySelectorAll('body *')) {
  const r = e.getBoundingClientRect();
  if (r.right <= w + 0.5 || r.width === 0) continue;
  let p = e.parentElement, held = false, outer = true;
  while (p && p !== document.body) {
    if (getComputedStyle(p).overflowX !== 'visible') { held = true; break; }
    if (p.getBoundingClientRect().right > w + 0.5) { outer = false; }
    p = p.parentElement;
  }
  if (held || !outer) continue;
  const cls = typeof e.className === 'string' && e.className ? '.' + e.className.trim().split(/\s+/).join('.') : '';
  const label = e.getAttribute('aria-label') ? '[aria-label="' + e.getAttribute('aria-label') + '"]' : '';
  // The chain of widest descendants: what makes it wide.
  const chain = [];
  for (let k = e, depth = 0; k.children.length && depth < 4; depth++) {
    k = [...k.children].reduce((a, b) => a.getBoundingClientRect().width >= b.getBoundingClientRect().width ? a : b);
    chain.push(k.tagName.toLowerCase() + (k.className && typeof k.className === 'string' ? '.' + k.className.trim().split(/\s+/).join('.') : '') + ' ' + Math.round(k.getBoundingClientRect().width) + ' px');
  }
  out.push(e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + cls + label + ' (right ' + Math.round(r.right) + '; widest inside: ' + chain.join(' > ') + ')');
}
return 'scrollWidth ' + d.scrollWidth + ' > clientWidth ' + w + (hidden.length ? '; overflow hidden on ' + hidden.join(', ') : '') + '; ' + out.slice(0, 8).join(', ');
"#,
            vec![],
        )
        .await?;
    Ok(v.as_str().map(str::to_owned))
}

/// The words of `words` that the page's text outside elements in another language contains
/// (whole words, any case), each with a little of its context. The language switch, code,
/// preformatted examples and `lang`-marked fragments are not the page's own words; nor are
/// the elements `skip` selects (known exceptions, named by the caller) and the proper names
/// in `names`.
pub async fn foreign_words(
    c: &Client,
    page_lang: &str,
    words: &[&str],
    skip: &str,
    names: &[&str],
) -> Result<Vec<String>, fantoccini::error::CmdError> {
    let v = c
        .execute(
            r#"
const [lang, words, skip, names] = arguments;
const body = document.body.cloneNode(true);
for (const e of body.querySelectorAll(skip)) e.remove();
for (const e of body.querySelectorAll('[lang], code, pre, script, style, .visually-hidden')) {
  if (e.tagName === 'CODE' || e.tagName === 'PRE' || e.tagName === 'SCRIPT' || e.tagName === 'STYLE'
      || (e.getAttribute('lang') && e.getAttribute('lang') !== lang)) e.remove();
}
let text = body.textContent.replace(/\s+/g, ' ');
for (const n of names) text = text.split(n).join(' ');
const found = [];
for (const w of words) {
  const re = new RegExp('(^|[^\\p{L}])(' + w + ')(?![\\p{L}])', 'iu');
  const m = re.exec(text);
  if (m) found.push(w + ' in "…' + text.slice(Math.max(0, m.index - 40), m.index + w.length + 40).trim() + '…"');
}
return found;
"#,
            vec![json!(page_lang), json!(words), json!(skip), json!(names)],
        )
        .await?;
    Ok(v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|w| w.as_str().map(str::to_owned))
        .collect())
}
