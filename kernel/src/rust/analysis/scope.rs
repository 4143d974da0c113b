//! Which crates the analysis sees: std and what it depends on, the library, and the crates whose
//! types the library's API shows (polars' own crates, ndarray, chrono, serde…). The crates behind
//! them (polars' HTTP and compression stack, linfa, plotters, the Spark client…) are cut off
//! before the caches are primed: a cell can only name `sdia`'s items (it is compiled with
//! `--extern sdia` alone), so their items never appear in a completion, and computing their
//! name tables and trait impls cost more than half of the analysis' memory and warm-up.

use ra_ap_ide_db::base_db::salsa::{Durability, Setter};
use ra_ap_ide_db::base_db::{self, Crate};
use ra_ap_ide_db::RootDatabase;
use std::collections::HashSet;

/// Crates seen besides std's: by crate name, `*` at the end for a prefix. The library's public
/// API shows types of these (and re-exports polars and ndarray).
const SHOWN: &[&str] = &[
    "sdia_session",
    "sdia",
    "polars",
    "polars_*",
    "ndarray",
    "num_traits",
    "num_complex",
    "num_integer",
    "chrono",
    "chrono_tz",
    "serde",
    "serde_core",
    "serde_json",
    "indexmap",
    "hashbrown",
    "equivalent",
    "either",
    "half",
];

fn is_shown(name: &str) -> bool {
    SHOWN.iter().any(|shown| match shown.strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == *shown,
    })
}

fn name(db: &RootDatabase, krate: Crate) -> String {
    krate
        .extra_data(db)
        .display_name
        .as_ref()
        .map(|name| name.crate_name().symbol().as_str().to_string())
        .unwrap_or_default()
}

/// Cuts every dependency edge from a seen crate to an unseen one and leaves the unseen crates out
/// of the crate list; returns (crates seen, crates loaded), for the log.
pub fn trim(db: &mut RootDatabase) -> (usize, usize) {
    let all = base_db::all_crates(db);
    let mut shown: HashSet<Crate> = HashSet::new();
    // std with everything it depends on (its own crates.io dependencies included).
    let mut todo: Vec<Crate> = all
        .iter()
        .copied()
        .filter(|krate| krate.data(db).origin.is_lang())
        .collect();
    while let Some(krate) = todo.pop() {
        if shown.insert(krate) {
            todo.extend(krate.data(db).dependencies.iter().map(|dep| dep.crate_id));
        }
    }
    shown.extend(
        all.iter()
            .copied()
            .filter(|&krate| is_shown(&name(db, krate))),
    );
    for &krate in all.iter().filter(|krate| shown.contains(krate)) {
        let data = krate.data(db);
        if data
            .dependencies
            .iter()
            .all(|dep| shown.contains(&dep.crate_id))
        {
            continue;
        }
        let mut data = data.clone();
        data.dependencies
            .retain(|dep| shown.contains(&dep.crate_id));
        krate
            .set_data(db)
            .with_durability(Durability::MEDIUM)
            .to(data);
    }
    // Some queries (impls of a type, paths from a crate name) walk the whole crate list.
    let kept: Vec<Crate> = all.iter().copied().filter(|k| shown.contains(k)).collect();
    let seen = kept.len();
    base_db::set_all_crates_with_durability(db, kept, Durability::MEDIUM);
    (seen, all.len())
}

#[cfg(test)]
mod tests {
    use super::is_shown;

    #[test]
    fn polars_crates_are_seen_by_prefix_and_others_by_name() {
        assert!(is_shown("polars"));
        assert!(is_shown("polars_core"));
        assert!(is_shown("sdia"));
        assert!(!is_shown("sdia_extra"));
        assert!(!is_shown("tonic"));
        assert!(!is_shown("linfa"));
        assert!(!is_shown("polarsx"));
    }
}
