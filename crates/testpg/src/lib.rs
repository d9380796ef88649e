//! A throwaway PostgreSQL for gemeten's tests (never a dependency of the product): a fresh
//! database per test, on the server `GEMETEN_TEST_POSTGRES_URL` names (a role allowed to
//! create databases) or on a server started here from Debian's `postgresql` package —
//! `initdb` into a temporary directory and `pg_ctl start` listening only on a unix socket
//! in that directory, as the `postgres` user when run as root. The server is shared by the
//! tests that run at the same time in one process and stopped when the last of them drops
//! it. Without PostgreSQL, [`postgres_or_skip`] says so on stderr and gives `None`, unless
//! `GEMETEN_REQUIRE_POSTGRES=1`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, Weak};

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
    _server: Option<Arc<Server>>,
}

impl PgDb {
    /// A new, empty database: on `GEMETEN_TEST_POSTGRES_URL`'s server when set, else on a
    /// throwaway server shared by the tests running at the same time.
    pub fn create() -> Result<PgDb, String> {
        let (admin_url, server) = match std::env::var("GEMETEN_TEST_POSTGRES_URL") {
            Ok(url) if !url.is_empty() => (url, None),
            _ => {
                let server = Server::shared()?;
                (server.url("postgres"), Some(server))
            }
        };
        let name = format!("gemeten_test_{:016x}", fastrand::u64(..));
        let mut admin = postgres::Client::connect(&admin_url, postgres::NoTls)
            .map_err(|e| format!("GEMETEN_TEST_POSTGRES_URL or the throwaway server: {e}"))?;
        admin
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .map_err(|e| format!("CREATE DATABASE: {e}"))?;
        let url = with_database(&admin_url, &name);
        Ok(PgDb {
            url,
            admin_url,
            name,
            _server: server,
        })
    }
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let Ok(mut admin) = postgres::Client::connect(&self.admin_url, postgres::NoTls) {
            let _ = admin.batch_execute(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ));
        }
    }
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

/// A throwaway PostgreSQL server in a temporary directory.
pub struct Server {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    /// initdb refuses to run as root: then the server runs as the `postgres` user.
    as_postgres: bool,
}

static SERVER: Mutex<Weak<Server>> = Mutex::new(Weak::new());

impl Server {
    /// The running server, or a new one.
    fn shared() -> Result<Arc<Server>, String> {
        let mut slot = SERVER.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(s) = slot.upgrade() {
            return Ok(s);
        }
        let s = Arc::new(Server::start()?);
        *slot = Arc::downgrade(&s);
        Ok(s)
    }

    fn start() -> Result<Server, String> {
        let bin = find_bin().ok_or("no initdb on PATH or in /usr/lib/postgresql/*/bin")?;
        let dir = tempfile::Builder::new()
            .prefix("gemeten-pg")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let as_postgres = output("id", &["-u"])?.trim() == "0";
        if as_postgres {
            let uid = output("id", &["-u", "postgres"])?;
            let gid = output("id", &["-g", "postgres"])?;
            let id = |s: &str| s.trim().parse::<u32>().map_err(|e| e.to_string());
            std::os::unix::fs::chown(dir.path(), Some(id(&uid)?), Some(id(&gid)?))
                .map_err(|e| format!("chown {}: {e}", dir.path().display()))?;
        }
        let server = Server {
            port: fastrand::u16(20000..60000),
            dir,
            bin,
            as_postgres,
        };
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
            server.dir.path().display(),
            server.port
        );
        let conf_path = Path::new(&data).join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf_path).map_err(|e| e.to_string())?;
        text.push_str(&conf);
        std::fs::write(&conf_path, text).map_err(|e| e.to_string())?;
        let log = server.dir.path().join("log").display().to_string();
        server.run("pg_ctl", &["-D", &data, "-l", &log, "-w", "start"])?;
        Ok(server)
    }

    fn data(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    fn url(&self, database: &str) -> String {
        let socket_dir = self.dir.path().display().to_string().replace('/', "%2F");
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
            .current_dir(self.dir.path())
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

impl Drop for Server {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
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
