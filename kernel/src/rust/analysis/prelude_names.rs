//! The names `use sdia::prelude::*;` brings into a cell, and the narrower import a completion of a
//! bare name needs. For such a completion rust-analyzer renders every name in scope (about 1,000
//! from the prelude: ≈0.4 s on this machine) before the kernel keeps the few that start with
//! what was typed; importing only those, plus the names the session's text uses, gives the same
//! answer in a fraction of the time.

use ra_ap_hir::{ModuleDef, ScopeDef};
use ra_ap_ide_db::RootDatabase;
use std::collections::HashSet;

/// The prelude's names, split into traits (always imported: methods need them in scope) and the
/// rest.
pub struct PreludeNames {
    traits: Vec<String>,
    others: Vec<String>,
}

impl PreludeNames {
    /// Reads the scope of `sdia::prelude`; `None` if the analysis does not see the library.
    pub fn of_library(db: &RootDatabase) -> Option<PreludeNames> {
        let krate = ra_ap_hir::Crate::all(db).into_iter().find(|krate| {
            krate
                .display_name(db)
                .is_some_and(|name| name.crate_name().symbol().as_str() == "sdia")
        })?;
        let prelude = krate
            .root_module(db)
            .children(db)
            .find(|module| module.name(db).is_some_and(|n| n.as_str() == "prelude"))?;
        let (mut traits, mut others) = (Vec::new(), Vec::new());
        let mut seen = HashSet::new();
        for (name, def) in prelude.scope(db, None) {
            let name = name.as_str().to_string();
            let is_trait = matches!(def, ScopeDef::ModuleDef(ModuleDef::Trait(_)));
            if !is_identifier(&name) || !seen.insert((name.clone(), is_trait)) {
                continue;
            }
            if is_trait {
                traits.push(name);
            } else {
                others.push(name);
            }
        }
        others.retain(|name| !traits.contains(name));
        (!others.is_empty()).then_some(PreludeNames { traits, others })
    }

    /// How many names the prelude has, for the log.
    pub fn len(&self) -> usize {
        self.traits.len() + self.others.len()
    }

    /// The `use` line for completing a bare name that starts with `prefix` in `text`: the
    /// prelude's traits, its names that start with `prefix`, and those `text` uses, except the
    /// names in `defined` (an explicit import would clash with an item of the same name, where the
    /// glob gives way).
    pub fn import_for(&self, prefix: &str, text: &str, defined: &HashSet<String>) -> String {
        let used: HashSet<&str> = text
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|word| !word.is_empty())
            .collect();
        let names: Vec<&str> = self
            .traits
            .iter()
            .chain(
                self.others
                    .iter()
                    .filter(|name| name.starts_with(prefix) || used.contains(name.as_str())),
            )
            .map(String::as_str)
            .filter(|name| !defined.contains(*name))
            .collect();
        format!("use sdia::prelude::{{{}}};", names.join(", "))
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
}

/// The name being typed at byte `offset` of `text` if it is a bare name (not after `.` or `::`).
pub fn bare_prefix(text: &str, offset: usize) -> Option<&str> {
    let before = text.get(..offset)?;
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()
        .map_or(offset, |(i, _)| i);
    let prefix = &before[start..];
    let head = &before[..start];
    let is_path = head.ends_with('.') || head.ends_with("::");
    let starts_like_a_name = prefix.chars().next().is_none_or(|c| !c.is_ascii_digit());
    (!is_path && starts_like_a_name).then_some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> PreludeNames {
        PreludeNames {
            traits: vec!["FrameQuery".into()],
            others: vec![
                "describe".into(),
                "dataset".into(),
                "col".into(),
                "first".into(),
            ],
        }
    }

    #[test]
    fn a_bare_name_is_told_from_a_method_or_a_path() {
        assert_eq!(bare_prefix("let x = descr", 13), Some("descr"));
        assert_eq!(bare_prefix("df.hei", 6), None);
        assert_eq!(bare_prefix("Vec::with_cap", 13), None);
        assert_eq!(bare_prefix("x + ", 4), Some(""));
        assert_eq!(bare_prefix("1.5", 3), None);
        assert_eq!(bare_prefix("é", 1), None);
    }

    #[test]
    fn the_import_keeps_traits_matching_and_used_names_but_not_defined_ones() {
        let defined = HashSet::from(["first".to_string()]);
        let line = names().import_for("d", "let a = col(\"x\"); first(); d", &defined);
        assert_eq!(
            line,
            "use sdia::prelude::{FrameQuery, describe, dataset, col};"
        );
    }
}
