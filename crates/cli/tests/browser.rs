//! The main flows in a real browser: headless Chromium driven over WebDriver (chromedriver)
//! against `gemeten serve` as a newcomer starts it — view a mission, log in, edit a project,
//! cast a ballot, download a CSV.
//!
//! Needs Debian's `chromium` and `chromium-driver`. Without them the test says it is skipped,
//! unless `GEMETEN_REQUIRE_BROWSER=1` (CI installs both and sets it), then it fails.

mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

const ADMIN_PASSWORD: &str = "browser-test-wachtwoord";

/// A child process that is killed when the test ends, however it ends.
struct Proces(Child);

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

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `gemeten serve` on a fresh database, as a newcomer starts it (the first start stores the
/// example projects, sample observations and the practice round); returns it and its address.
fn serve(dir: &Path) -> (Proces, String) {
    let db = dir.join("gemeten.sqlite");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gemeten"))
        .args(["--db", &common::target(&db)])
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--admin-password",
            ADMIN_PASSWORD,
        ])
        .args(common::zoekindex(&db))
        .env_remove("GEMETEN_LANG")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("gemeten serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let proces = Proces(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the ready line");
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    (proces, url)
}

/// chromedriver on a free port, answering.
fn chromedriver(driver: &Path) -> (Proces, String) {
    let port = free_port();
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

async fn browser(webdriver: &str, chromium: &Path, downloads: &Path, profile: &Path) -> Client {
    // The flags keep Chromium off the network (this machine has none) and out of first-run
    // screens; as root it needs --no-sandbox.
    let caps = json!({
        "goog:chromeOptions": {
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
                format!("--user-data-dir={}", profile.display()),
                "--window-size=1280,1000",
            ],
            "prefs": {
                "download.default_directory": downloads,
                "download.prompt_for_download": false,
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

async fn text(c: &Client, css: &str) -> String {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Clicks what `css` finds and waits until the browser has left the current document (the
/// old `<html>` element is gone) and the new one has a body.
async fn click_and_load(c: &Client, css: &str) -> Result<(), fantoccini::error::CmdError> {
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

async fn body(c: &Client) -> String {
    text(c, "body").await
}

/// Waits for a file to appear in `dir` (a download), up to 20 s.
fn downloaded(dir: &Path) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        // Chromium may put an empty file under the final name while it still writes the
        // `.crdownload`: done is a non-empty file and no download in progress.
        let busy = files.iter().any(|p| {
            p.extension()
                .is_some_and(|e| e == "crdownload" || e == "tmp")
        });
        let done = files.into_iter().find(|p| {
            p.extension()
                .is_some_and(|e| e != "crdownload" && e != "tmp")
                && std::fs::metadata(p).is_ok_and(|m| m.len() > 0)
        });
        if let (Some(p), false) = (done, busy) {
            return p;
        }
        assert!(
            Instant::now() < deadline,
            "no download in {}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newcomer_views_a_mission_logs_in_edits_votes_and_downloads() {
    let (Some(chromium), Some(driver)) = (
        find(&["chromium", "chromium-browser", "google-chrome"]),
        find(&["chromedriver"]),
    ) else {
        if std::env::var("GEMETEN_REQUIRE_BROWSER").is_ok_and(|v| v == "1") {
            panic!("GEMETEN_REQUIRE_BROWSER=1 but chromium/chromedriver are not installed");
        }
        eprintln!("skipped: no chromium and chromedriver (apt install chromium chromium-driver)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let downloads = dir.path().join("downloads");
    std::fs::create_dir(&downloads).unwrap();
    let (_server, base) = serve(dir.path());
    let (_driver, webdriver) = chromedriver(&driver);
    let c = browser(
        &webdriver,
        &chromium,
        &downloads,
        &dir.path().join("profiel"),
    )
    .await;
    let result = flows(&c, &base, &downloads).await;
    let _ = c.close().await;
    result.unwrap();
}

async fn flows(
    c: &Client,
    base: &str,
    downloads: &Path,
) -> Result<(), fantoccini::error::CmdError> {
    // 1. View a mission: from the overview to mission II by its link.
    c.goto(base).await?;
    assert!(body(c).await.contains("Missies Gezondheid & Zorg"));
    click_and_load(c, "a[href='/missies/II']").await?;
    assert!(c.current_url().await?.path().ends_with("/missies/II"));
    let h1 = text(c, "h1").await;
    assert!(h1.contains("II"), "{h1}");
    assert!(
        !c.find_all(Locator::Css("svg")).await?.is_empty(),
        "the mission page draws its charts"
    );

    // 2. Log in as the seeded administrator.
    c.goto(&format!("{base}/inloggen")).await?;
    c.find(Locator::Id("username"))
        .await?
        .send_keys("admin")
        .await?;
    c.find(Locator::Id("password"))
        .await?
        .send_keys(ADMIN_PASSWORD)
        .await?;
    click_and_load(c, "form[action='/inloggen'] button[type='submit']").await?;
    let header = text(c, "header").await;
    assert!(
        header.contains("admin") || header.contains("Beheerder"),
        "{header}"
    );

    // 3. Edit a project: set its TRL and see the change in its history.
    c.goto(&format!("{base}/projecten/vb-valdetectie-thuis"))
        .await?;
    let trl = c.find(Locator::Id("trl")).await?;
    trl.select_by_value("7").await?;
    click_and_load(c, "form.bewerken button[type='submit']").await?;
    assert!(c
        .current_url()
        .await?
        .path()
        .ends_with("/projecten/vb-valdetectie-thuis"));
    let page = body(c).await;
    assert!(page.contains("trl"), "history names the field: {page}");
    let selected = c
        .find(Locator::Css("#trl option[selected]"))
        .await?
        .attr("value")
        .await?;
    assert_eq!(selected.as_deref(), Some("7"));

    // 4. Download a CSV from the KPI explorer.
    c.goto(&format!("{base}/kpi")).await?;
    click_and_load(c, "main form[action='/kpi'] button[type='submit']").await?;
    c.find(Locator::Css("a[href^='/kpi.csv']"))
        .await?
        .click()
        .await?;
    let file = downloaded(downloads);
    let csv = std::fs::read_to_string(&file).unwrap();
    let mut lines = csv.lines();
    let header = lines.next().expect("a header row");
    assert!(
        header.contains("period") || header.contains("periode"),
        "{header}"
    );
    assert!(lines.count() >= 1, "at least one value: {csv}");
    // 5. Cast a ballot in the practice round that the first start sets up for the admin.
    c.goto(&format!("{base}/rondes")).await?;
    click_and_load(c, "a[href='/rondes/oefen-II']").await?;
    // An unordered top N is chosen with checkboxes.
    c.find(Locator::Css(
        "form[action$='/stem'] input[type='checkbox'][name='top']",
    ))
    .await?
    .click()
    .await?;
    click_and_load(c, "form[action$='/stem'] button[type='submit']").await?;
    assert!(c.current_url().await?.path().ends_with("/rondes/oefen-II"));
    let page = body(c).await;
    assert!(
        page.contains("Stem vervangen"),
        "the form now offers to replace the ballot just cast: {page}"
    );
    Ok(())
}
