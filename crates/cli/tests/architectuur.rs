//! ARCHITECTURE.md's dependency rules against the workspace as it is.
//!
//! The code map says what each crate may know; this test keeps its crate-level part true.
//! It reads the two tables under "Dependency rules" (blocks opened with
//! ```` ```text dependencies ```` and ```` ```text dev-dependencies ````) and every member's
//! `Cargo.toml`, and fails, naming crate and edge, when a crate depends on a gemeten crate
//! the table does not allow, when a crate is missing from the table (or the table names one
//! that does not exist), and when the table allows an edge no `Cargo.toml` has any more — so
//! that the map describes what is rather than what would be tolerated. A second test holds
//! the table itself to the layering the document promises, so that the first test cannot be
//! satisfied by relaxing the table.
//!
//! The manifests are parsed with `toml` rather than asked of `cargo metadata`: the test needs
//! no cargo at run time and sees the files exactly as a reviewer does.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Workspace crates are named `gemeten-<short>`; the table uses the short name.
const PREFIX: &str = "gemeten-";

/// A crate's workspace dependencies by short name: normal (with build and target-specific
/// ones, which are linked into or run for the product alike) and dev.
#[derive(Debug, Default)]
struct Kanten {
    normal: BTreeSet<String>,
    dev: BTreeSet<String>,
}

#[derive(Debug)]
struct Lid {
    /// Where its manifest is, relative to the workspace root, for the messages.
    manifest: String,
    kanten: Kanten,
}

type Tabel = BTreeMap<String, BTreeSet<String>>;

fn root() -> PathBuf {
    // crates/cli → the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root")
}

fn read_toml(path: &Path) -> toml::Table {
    let text =
        std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    text.parse()
        .unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()))
}

fn short(package: &str) -> String {
    package.strip_prefix(PREFIX).unwrap_or(package).to_owned()
}

/// The member directories of the root manifest's `workspace.members` (a trailing `/*`
/// expanded, as cargo does for this workspace's `crates/*`), minus `workspace.exclude`.
fn member_dirs(root: &Path, workspace: &toml::Table) -> Vec<PathBuf> {
    let strings = |key: &str| -> Vec<String> {
        workspace
            .get(key)
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .map(|v| v.as_str().expect("a path").to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let excluded: BTreeSet<PathBuf> = strings("exclude").iter().map(|e| root.join(e)).collect();
    let mut dirs = Vec::new();
    for member in strings("members") {
        if let Some(parent) = member.strip_suffix("/*") {
            let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(parent))
                .unwrap_or_else(|e| panic!("listing {parent}: {e}"))
                .map(|e| e.expect("a directory entry").path())
                .filter(|p| p.join("Cargo.toml").is_file())
                .collect();
            found.sort();
            dirs.extend(found);
        } else {
            assert!(
                !member.contains('*'),
                "workspace member pattern '{member}': only a trailing /* is understood here"
            );
            dirs.push(root.join(member));
        }
    }
    dirs.retain(|d| !excluded.contains(d));
    dirs
}

/// Every workspace crate with its dependencies on other workspace crates.
fn workspace() -> BTreeMap<String, Lid> {
    let root = root();
    let manifest = read_toml(&root.join("Cargo.toml"));
    let workspace = manifest["workspace"].as_table().expect("[workspace]");
    // `foo.workspace = true` may rename: the package is the workspace entry's `package`.
    let inherited = workspace
        .get("dependencies")
        .and_then(|d| d.as_table())
        .cloned()
        .unwrap_or_default();

    let mut manifests = Vec::new();
    for dir in member_dirs(&root, workspace) {
        let path = dir.join("Cargo.toml");
        let toml = read_toml(&path);
        let name = toml["package"]["name"]
            .as_str()
            .expect("package.name")
            .to_owned();
        let shown = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .display()
            .to_string();
        manifests.push((name, shown, toml));
    }
    let packages: BTreeSet<String> = manifests.iter().map(|(n, _, _)| n.clone()).collect();

    let package_of = |key: &str, spec: &toml::Value| -> String {
        let renamed = |t: &toml::Table| t.get("package").and_then(|p| p.as_str()).map(String::from);
        match spec.as_table() {
            Some(t) if t.get("workspace").and_then(|w| w.as_bool()) == Some(true) => inherited
                .get(key)
                .and_then(|d| d.as_table())
                .and_then(renamed)
                .unwrap_or_else(|| key.to_owned()),
            Some(t) => renamed(t).unwrap_or_else(|| key.to_owned()),
            None => key.to_owned(),
        }
    };
    let collect = |section: Option<&toml::Value>, into: &mut BTreeSet<String>| {
        for (key, spec) in section.and_then(|s| s.as_table()).into_iter().flatten() {
            let package = package_of(key, spec);
            if packages.contains(&package) {
                into.insert(short(&package));
            }
        }
    };

    let mut members = BTreeMap::new();
    for (name, manifest, toml) in &manifests {
        let mut kanten = Kanten::default();
        // The crate's own sections, and those under each `[target.'cfg(…)']`.
        let mut scopes = vec![toml];
        if let Some(targets) = toml.get("target").and_then(|t| t.as_table()) {
            scopes.extend(targets.values().filter_map(|t| t.as_table()));
        }
        for scope in scopes {
            collect(scope.get("dependencies"), &mut kanten.normal);
            collect(scope.get("build-dependencies"), &mut kanten.normal);
            collect(scope.get("dev-dependencies"), &mut kanten.dev);
        }
        let previous = members.insert(
            short(name),
            Lid {
                manifest: manifest.clone(),
                kanten,
            },
        );
        assert!(previous.is_none(), "two workspace crates are called {name}");
    }
    members
}

/// The lines of the fenced block opened by ```` ```text <label> ```` in ARCHITECTURE.md,
/// with their line numbers; exactly one such block must exist.
fn block(doc: &str, label: &str) -> Vec<(usize, String)> {
    let opening = format!("```text {label}");
    let mut lines = doc.lines().enumerate();
    let mut found = None;
    while let Some((_, line)) = lines.next() {
        if line.trim_end() == opening {
            assert!(
                found.is_none(),
                "ARCHITECTURE.md has two blocks opened with '{opening}'"
            );
            let body: Vec<(usize, String)> = lines
                .by_ref()
                .take_while(|(_, l)| l.trim_end() != "```")
                .map(|(n, l)| (n + 1, l.to_owned()))
                .collect();
            found = Some(body);
        }
    }
    found.unwrap_or_else(|| {
        panic!("ARCHITECTURE.md has no block opened with '{opening}' (under 'Dependency rules')")
    })
}

/// `crate: dep dep …` per line; blank lines and `# …` comments are skipped.
fn parse(doc: &str, label: &str) -> Tabel {
    let mut table = Tabel::new();
    for (n, line) in block(doc, label) {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        let (krat, deps) = line.split_once(':').unwrap_or_else(|| {
            panic!(
                "ARCHITECTURE.md line {n} ({label}): expected 'crate: dependencies', got '{line}'"
            )
        });
        let krat = krat.trim().to_owned();
        let deps: BTreeSet<String> = deps.split_whitespace().map(String::from).collect();
        assert!(
            table.insert(krat.clone(), deps).is_none(),
            "ARCHITECTURE.md line {n} ({label}): '{krat}' has a line already"
        );
    }
    table
}

fn tables() -> (Tabel, Tabel) {
    let path = root().join("ARCHITECTURE.md");
    let doc = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    (parse(&doc, "dependencies"), parse(&doc, "dev-dependencies"))
}

/// Compares one kind of dependency with its table and writes each difference to `problems`.
/// With `every_crate` a crate without a line is a problem of its own (and its edges are not
/// listed again); without, a missing line means no dependency of this kind.
fn compare(
    kind: &str,
    table: &Tabel,
    every_crate: bool,
    members: &BTreeMap<String, Lid>,
    actual: impl Fn(&Kanten) -> &BTreeSet<String>,
    problems: &mut String,
) {
    let none = BTreeSet::new();
    for (krat, lid) in members {
        let allowed = match table.get(krat) {
            Some(allowed) => allowed,
            None if every_crate => {
                let _ = writeln!(
                    problems,
                    "- {PREFIX}{krat} ({}) is not in ARCHITECTURE.md's `{kind}` table: give it a \
                     section in the code map with its Architecture Invariant and a line `{krat}: …`",
                    lid.manifest
                );
                continue;
            }
            None => &none,
        };
        let has = actual(&lid.kanten);
        for dep in has.difference(allowed) {
            let _ = writeln!(
                problems,
                "- {PREFIX}{krat} depends on {PREFIX}{dep} ([{kind}] in {}), which ARCHITECTURE.md \
                 does not allow: remove the dependency, or — if the architecture really changes — \
                 add `{dep}` to the `{krat}:` line of the `{kind}` table and say why in the code map",
                lid.manifest
            );
        }
        for dep in allowed.difference(has) {
            let _ = writeln!(
                problems,
                "- ARCHITECTURE.md's `{kind}` table allows {krat} → {dep}, but {} has no such \
                 [{kind}] entry: take `{dep}` off the `{krat}:` line (and out of the code map) so \
                 the map stays true",
                lid.manifest
            );
        }
    }
    for krat in table.keys().filter(|k| !members.contains_key(*k)) {
        let _ = writeln!(
            problems,
            "- ARCHITECTURE.md's `{kind}` table has a line for '{krat}', which is no crate of the \
             workspace (renamed or removed? update the table and the code map)"
        );
    }
}

#[test]
fn dependencies_are_what_architecture_md_allows() {
    let members = workspace();
    let (normal, dev) = tables();
    let mut problems = String::new();
    // Every crate has a line in the first table, even an empty one: a new crate is placed on
    // the map before it can depend on anything. Dev-dependencies are the exception, not the
    // rule, so their table lists only crates that have some.
    compare(
        "dependencies",
        &normal,
        true,
        &members,
        |k| &k.normal,
        &mut problems,
    );
    compare(
        "dev-dependencies",
        &dev,
        false,
        &members,
        |k| &k.dev,
        &mut problems,
    );
    assert!(
        problems.is_empty(),
        "the crate graph and ARCHITECTURE.md's dependency rules disagree:\n{problems}"
    );
}

/// The layering the document promises, checked on the table: the first test ties the table
/// to the manifests, this one keeps the table from quietly giving the layering up.
#[test]
fn the_dependency_table_keeps_the_layers() {
    let (normal, dev) = tables();
    // Take values, give values; storage and use cases are layers above them.
    const COMPUTING: &[&str] = &[
        "interchange",
        "indicators",
        "bronnen",
        "prioritering",
        "monitoring",
        "portfolio",
        "zoek",
        "grafiek",
        "publicatie",
    ];
    // The use cases check ballots, results, activity updates, reports and KPI definitions
    // against stored history with these crates' rules, in their transaction, before they
    // write.
    const APP_RULES: &[&str] = &["prioritering", "monitoring", "indicators"];
    let mut problems = String::new();
    for (krat, deps) in &normal {
        for dep in deps {
            let why = if krat == "domain" {
                Some("domain is the centre and depends on no gemeten crate")
            } else if dep == "bench" || dep == "testpg" {
                Some("bench and testpg are never linked into another crate (testpg: dev only)")
            } else if (dep == "web" || dep == "cli") && krat != "cli" {
                Some("the front ends are the outermost layer; only the binary wires in web")
            } else if COMPUTING.contains(&krat.as_str()) && (dep == "store" || dep == "app") {
                Some("computing crates never touch the store or the use cases")
            } else if krat == "store" && COMPUTING.contains(&dep.as_str()) {
                Some("the store persists and loads records; it knows no computing crate")
            } else if krat == "app"
                && COMPUTING.contains(&dep.as_str())
                && !APP_RULES.contains(&dep.as_str())
            {
                Some("app knows no file format and computes nothing; it writes through the store")
            } else {
                None
            };
            if let Some(why) = why {
                let _ = writeln!(problems, "- `dependencies` allows {krat} → {dep}: {why}");
            }
        }
    }
    // Tests may use fixtures (interchange, testpg) but an inner crate's tests do not reach
    // for a front end: they would then build, and break with, the whole application.
    for (krat, deps) in dev.iter().filter(|(k, _)| *k != "cli") {
        for dep in deps.iter().filter(|d| *d == "web" || *d == "cli") {
            let _ = writeln!(
                problems,
                "- `dev-dependencies` allows {krat} → {dep}: an inner crate's tests do not reach \
                 for a front end"
            );
        }
    }
    assert!(
        problems.is_empty(),
        "ARCHITECTURE.md's dependency table breaks the layering it describes:\n{problems}"
    );
}
