//! A throwaway PostgreSQL for gemeten's tests (never a dependency of the product): a fresh
//! database per test, on the server `GEMETEN_TEST_POSTGRES_URL` names (a role allowed to
//! create databases) or on a server started here from Debian's `postgresql` package —
//! `initdb` into a temporary directory and `pg_ctl start` listening only on a unix socket
//! in that directory, as the `postgres` user when run as root. The server is started once
//! per test process, on first use, and runs until the process ends: a watchdog (`sh`)
//! started with it then stops it and removes its directory, however the process ended.
//! Without PostgreSQL, [`postgres_or_skip`] says so on stderr and gives `None`, unless
//! `GEMETEN_REQUIRE_POSTGRES=1`.
//!
//! [`PgDb::create`] and dropping a [`PgDb`] may happen inside an async runtime (a
//! `#[tokio::test]`): the blocking PostgreSQL client then runs on a thread of its own.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// A fresh database, or `None` (after saying why on stderr) when there is no PostgreSQL
/// and `GEMETEN_REQUIRE_POSTGRES` is not `1`; with it, no PostgreSQL is a panic.
pub fn postgres_or_skip() -> Option<PgDb> {
    match PgDb::create() {
        Ok(db) => Some(db),
        Err(why) if std::env::var("GEMETEN_REQUIRE_POSTGRES").as_deref() == Ok("1") => {
            panic!("GEMETEN_REQUIRE_POSTGRES=1, but: {why}")
        }
        Err(why) => {
            eprintln!("skipped: no PostgreSQL (install Debian's postgresql): {why}");
            None
        }
    }
}

/// One database on a PostgreSQL server, dropped with this value.
pub struct PgDb {
    pub url: String,
    admin_url: String,
    name: String,
}

impl PgDb {
    /// A new, empty database: on `GEMETEN_TEST_POSTGRES_URL`'s server when set, else on the
    /// throwaway server of this test process.
    pub fn create() -> Result<PgDb, String> {
        PgDb::copy_of(None)
    }

    /// A new database copied from this process's template `key`, which `fill` (given the
    /// template's URL, and closing its connections before it returns) makes on first use:
    /// a file copy of a filled database is much quicker than filling a new one again. The
    /// templates stay until the process ends (with the throwaway server; on
    /// `GEMETEN_TEST_POSTGRES_URL`'s server they are left behind as `gemeten_test_…`).
    pub fn from_template(
        key: &str,
        fill: impl FnOnce(&str) -> Result<(), String>,
    ) -> Result<PgDb, String> {
        static TEMPLATES: Mutex<Vec<(String, PgDb)>> = Mutex::new(Vec::new());
        let mut templates = TEMPLATES.lock().unwrap_or_else(|p| p.into_inner());
        if !templates.iter().any(|(k, _)| k == key) {
            let template = PgDb::create()?;
            fill(&template.url)?;
            templates.push((key.to_owned(), template));
        }
        let (_, template) = templates.iter().find(|(k, _)| k == key).expect("just made");
        PgDb::copy_of(Some(&template.name))
    }

    /// A new database copied from this one (which must have no connection open): what a
    /// database made from a template, or a restored dump, is to the one it came from.
    pub fn copy(&self) -> Result<PgDb, String> {
        PgDb::copy_of(Some(&self.name))
    }

    fn copy_of(template: Option<&str>) -> Result<PgDb, String> {
        let admin_url = match std::env::var("GEMETEN_TEST_POSTGRES_URL") {
            Ok(url) if !url.is_empty() => url,
            _ => Server::shared_url()?,
        };
        let name = format!("gemeten_test_{:016x}", fastrand::u64(..));
        off_runtime(|| {
            let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls)
                .map_err(|e| format!("GEMETEN_TEST_POSTGRES_URL or the throwaway server: {e}"))?;
            let create = format!("CREATE DATABASE {name}");
            match template {
                None => admin.batch_execute(&create),
                // A file copy (PostgreSQL 15 and later) skips writing the copy to the WAL.
                Some(t) => admin
                    .batch_execute(&format!("{create} TEMPLATE {t} STRATEGY FILE_COPY"))
                    .or_else(|_| admin.batch_execute(&format!("{create} TEMPLATE {t}"))),
            }
            .map_err(|e| format!("CREATE DATABASE: {e}"))
        })?;
        let url = with_database(&admin_url, &name);
        Ok(PgDb {
            url,
            admin_url,
            name,
        })
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        off_runtime(|| {
            if let Ok(mut admin) = postgres::Client::connect(&self.admin_url, postgres::NoTls) {
                let _ = admin.batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ));
            }
        });
    }
}

/// Runs `f` on a thread of its own: the blocking client starts a runtime of its own, which
/// tokio refuses inside another one (as in a `#[tokio::test]`).
fn off_runtime<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|s| {
        s.spawn(f)
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// `url` with its database (the path) replaced by `name`; query parameters are kept.
fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let (scheme, rest) = base.split_once("://").unwrap_or(("postgresql", base));
    let authority = rest.split('/').next().unwrap_or_default();
    match query {
        Some(q) => format!("{scheme}://{authority}/{name}?{q}"),
        None => format!("{scheme}://{authority}/{name}"),
    }
}

/// A throwaway PostgreSQL server in a temporary directory, which the watchdog removes.
struct Server {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    /// initdb refuses to run as root: then the server runs as the `postgres` user.
    as_postgres: bool,
}

/// The admin URL of this process's throwaway server, once it has started.
static SERVER: Mutex<Option<String>> = Mutex::new(None);

impl Server {
    /// The admin URL of the running server, or of a new one.
    fn shared_url() -> Result<String, String> {
        let mut slot = SERVER.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(url) = slot.as_ref() {
            return Ok(url.clone());
        }
        let url = Server::start()?.url("postgres");
        *slot = Some(url.clone());
        Ok(url)
    }

    fn start() -> Result<Server, String> {
        let bin = find_bin().ok_or("no initdb on PATH or in /usr/lib/postgresql/*/bin")?;
        let dir = tempfile::Builder::new()
            .prefix("gemeten-pg")
            .tempdir()
            .map_err(|e| e.to_string())?
            .keep();
        let as_postgres = output("id", &["-u"])?.trim() == "0";
        let server = Server {
            port: fastrand::u16(20000..60000),
            dir,
            bin,
            as_postgres,
        };
        // From here on the watchdog removes the directory (and stops a started server).
        server.watch()?;
        if as_postgres {
            let uid = output("id", &["-u", "postgres"])?;
            let gid = output("id", &["-g", "postgres"])?;
            let id = |s: &str| s.trim().parse::<u32>().map_err(|e| e.to_string());
            std::os::unix::fs::chown(&server.dir, Some(id(&uid)?), Some(id(&gid)?))
                .map_err(|e| format!("chown {}: {e}", server.dir.display()))?;
        }
        let data = server.data();
        server.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions",
            ],
        )?;
        // Only a unix socket in the temporary directory: nothing listens on the network.
        let conf = format!(
            "\nlisten_addresses = ''\nunix_socket_directories = '{}'\nport = {}\n\
             fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n",
            server.dir.display(),
            server.port
        );
        let conf_path = Path::new(&data).join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf_path).map_err(|e| e.to_string())?;
        text.push_str(&conf);
        std::fs::write(&conf_path, text).map_err(|e| e.to_string())?;
        let log = server.dir.join("log").display().to_string();
        server.run("pg_ctl", &["-D", &data, "-l", &log, "-w", "start"])?;
        Ok(server)
    }

    /// Starts the watchdog: a shell that waits for this process to end, however it ends
    /// (also killed, or aborted), then stops the server and removes its directory. It
    /// ignores Ctrl-C and hangups (the server, in a session of its own, gets neither) and
    /// holds none of this process's output open.
    fn watch(&self) -> Result<(), String> {
        const SCRIPT: &str = r#"trap '' INT HUP TERM
while kill -0 "$1" 2>/dev/null; do sleep 1; done
if [ "$2" = root ]; then runuser -u postgres -- "$3" -D "$4" -m immediate -w stop
else "$3" -D "$4" -m immediate -w stop; fi
rm -rf "$5""#;
        Command::new("sh")
            .args(["-c", SCRIPT, "gemeten-pg-watchdog"])
            .arg(std::process::id().to_string())
            .arg(if self.as_postgres { "root" } else { "user" })
            .arg(self.bin.join("pg_ctl"))
            .arg(self.data())
            .arg(&self.dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(drop)
            .map_err(|e| format!("sh (the watchdog): {e}"))
    }

    fn data(&self) -> String {
        self.dir.join("data").display().to_string()
    }

    fn url(&self, database: &str) -> String {
        let socket_dir = self.dir.display().to_string().replace('/', "%2F");
        format!(
            "postgresql://postgres@{socket_dir}:{}/{database}",
            self.port
        )
    }

    /// Runs a PostgreSQL program, as the `postgres` user when we are root.
    fn run(&self, program: &str, args: &[&str]) -> Result<(), String> {
        let exe = self.bin.join(program);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&exe);
            c
        } else {
            Command::new(&exe)
        };
        let out = cmd
            .args(args)
            .current_dir(&self.dir)
            .output()
            .map_err(|e| format!("{}: {e}", exe.display()))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{program} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }
}

fn output(program: &str, args: &[&str]) -> Result<String, String> {
    let out = Command::new(program)
        .args(args)
        .output()
        .map_err(|e| format!("{program}: {e}"))?;
    if !out.status.success() {
        return Err(format!("{program} {}: failed", args.join(" ")));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The directory of `initdb` and `pg_ctl`: on PATH, else Debian's newest version.
fn find_bin() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|p| p.join("initdb").is_file() && p.join("pg_ctl").is_file())
    });
    on_path.or_else(|| {
        let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|e| {
                let e = e.ok()?;
                let v = e.file_name().to_str()?.parse().ok()?;
                let bin = e.path().join("bin");
                bin.join("initdb").is_file().then_some((v, bin))
            })
            .collect();
        versions.sort();
        versions.pop().map(|(_, bin)| bin)
    })
}
