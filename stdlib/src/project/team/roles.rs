//! Reading a table of roles and the skill levels they require (`role`, `skill`, `level`),
//! checked against a [`SkillsMatrix`].

use super::skills::SkillsMatrix;
use crate::error::{Result, SdiaError};
use crate::frame;
use crate::project::checks;
use polars::prelude::*;

/// The roles, in order of first appearance, each with its required `(skill index, level)`.
#[derive(Debug, Clone)]
pub(crate) struct Roles {
    pub names: Vec<String>,
    pub needs: Vec<Vec<(usize, f64)>>,
}

impl Roles {
    /// The requirements of a role, or an error listing the known roles.
    pub(crate) fn of(&self, role: &str, by: &str) -> Result<&[(usize, f64)]> {
        self.names
            .iter()
            .position(|r| r == role)
            .and_then(|i| self.needs.get(i))
            .map(Vec::as_slice)
            .ok_or_else(|| {
                SdiaError::InvalidInput(format!(
                    "{by} refers to an unknown role '{role}'; the roles table has: {}",
                    self.names.join(", ")
                ))
            })
    }
}

/// Reads `df` (columns `role`, `skill`, `level`; one row per role and skill): every skill must
/// be one of the matrix's, every level on its scale, each (role, skill) pair once, and each
/// role must require something (a level above the bottom of the scale).
pub(crate) fn read_roles(df: &DataFrame, skills: &SkillsMatrix) -> Result<Roles> {
    frame::require_rows(df, "the roles table")?;
    let roles = checks::required_text(df, "role")?;
    let wanted = checks::required_text(df, "skill")?;
    let labels: Vec<String> = roles
        .iter()
        .zip(&wanted)
        .map(|(r, s)| format!("{r}/{s}"))
        .collect();
    let levels = checks::required_numbers(df, "level", &labels)?;
    let (low, high) = skills.scale();
    let mut out = Roles {
        names: Vec::new(),
        needs: Vec::new(),
    };
    for ((role, skill), level) in roles.iter().zip(&wanted).zip(levels) {
        let s = skills.skill_index(skill, &format!("role '{role}'"))?;
        checks::on_scale(
            level,
            low,
            high,
            &format!("required level in skill '{skill}'"),
            role,
        )?;
        let r = match out.names.iter().position(|n| n == role) {
            Some(r) => r,
            None => {
                out.names.push(role.clone());
                out.needs.push(Vec::new());
                out.names.len() - 1
            }
        };
        let needs = &mut out.needs[r];
        if needs.iter().any(|&(k, _)| k == s) {
            return Err(SdiaError::InvalidInput(format!(
                "role '{role}' lists skill '{skill}' twice: keep one required level per skill"
            )));
        }
        needs.push((s, level - low));
    }
    for (role, needs) in out.names.iter().zip(&out.needs) {
        if needs.iter().all(|&(_, level)| level <= 0.0) {
            return Err(SdiaError::InvalidInput(format!(
                "role '{role}' requires no skill above {low}: give it at least one required level"
            )));
        }
    }
    Ok(out)
}
