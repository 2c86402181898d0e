//! Which units a plan a user opens is read against. A plan of Kiên Giang's
//! committee is read against the app's whole registry, like the embedded
//! plan (its districts are Kiên Giang's). A plan of any other province must
//! not inherit Kiên Giang's district committees: it is read against the
//! departments and office every province has ([`common_units`], so that
//! `Sở Kế hoạch và Đầu tư` is `so-khdt` in every plan), and its registry
//! keeps of those only the ones it names, and Sở KH&ĐT, which receives
//! every report, beside the units it names that the registry lacks (the
//! proposed units: its own districts, its other agencies).

use std::collections::HashSet;

use crate::model::plan::Plan;
use crate::model::receipts::CONSOLIDATOR;
use crate::model::unit::{builtin_units, common_units, Unit, UnitId};
use crate::search::fold;

use super::{parse, Correction, Document, Options, ParseError, Parsed};

/// The province of the app's own registry, as `Plan::locality` names it.
const REGISTRY_LOCALITY: &str = "tinh kien giang";

/// Whether a plan was issued where the app's own registry belongs.
fn is_registry_province(plan: &Plan) -> bool {
    plan.locality()
        .is_some_and(|l| fold(&l) == REGISTRY_LOCALITY)
}

/// The units a plan's names are resolved against, and that a review may
/// say a proposed unit is: the whole registry for Kiên Giang's plans, the
/// common departments for any other.
pub fn registry_for(plan: &Plan) -> Vec<Unit> {
    if is_registry_province(plan) {
        builtin_units()
    } else {
        common_units()
    }
}

/// Parses a plan a user opens, with their corrections; see the module's
/// comment.
pub fn parse_opened(doc: &Document, corrections: &[Correction]) -> Result<Parsed, ParseError> {
    let common = common_units();
    let mut parsed = parse(
        doc,
        &Options {
            registry: &common,
            corrections,
        },
    )?;
    if is_registry_province(&parsed.plan) {
        return parse(
            doc,
            &Options {
                registry: &builtin_units(),
                corrections,
            },
        );
    }
    keep_named_units(&mut parsed.plan);
    Ok(parsed)
}

/// Drops the registry's units the plan does not name (its proposed units
/// are named by definition), keeping Sở KH&ĐT.
fn keep_named_units(plan: &mut Plan) {
    let named: HashSet<UnitId> = plan
        .annex_tasks()
        .flat_map(|t| std::iter::once(&t.lead_unit).chain(&t.coordinating))
        .cloned()
        .collect();
    plan.units
        .retain(|u| named.contains(&u.id) || u.id.as_str() == CONSOLIDATOR);
}
