//! Unit names as plans print them, resolved against a registry.
//!
//! A name and its variants compare by a key: folded (case, diacritics),
//! `UBND` read as `Ủy ban nhân dân` and `TP` as `thành phố`, every mark
//! (`&`, `-`, `,`, `.`) and the word `và` dropped, the words run together.
//! So `Sở KH&ĐT`, `Sở KH và ĐT` and `Sở KHĐT` are one unit, and `Sở Kế
//! hoạch và Đầu tư` and `Sở Kế hoạch & Đầu tư` are one; line breaks inside
//! a cell do not matter. A short form also matches a full name whose runs
//! of words it cuts to their initials (`Sở KHĐT`, `Sở Nông nghiệp và PTNT`,
//! `Sở LĐ-TB&XH`), when only one unit fits (`Sở NV` could be Nội vụ or
//! Ngoại vụ, so it matches neither).
//!
//! A cell may name several units (`Sở Tài chính, Sở KH&ĐT, các sở, ngành
//! liên quan`). It is split at `,` and `;`, a piece that does not start a
//! unit's name going back onto the name before it (`UBND các huyện, thành
//! phố`, `Trung tâm XTĐT, TM&DL`). A unit's name starts with a capital and a
//! head word (`Sở`, `UBND`, `Ban`, `Trung tâm`, `Văn phòng`, `Công an` …);
//! other pieces (`các sở, ngành liên quan`) name no unit and are kept only
//! as printed. A name the registry lacks becomes a proposed unit, with an
//! id made from the name as first printed (`Sở GTVT` → `so-gtvt`), so that
//! two offices reading the same document propose the same ids.

use crate::model::unit::{Unit, UnitId, UnitKind};
use crate::search::fold;

use super::text::slug;

/// The folded words a unit's name starts with.
const HEADS: &[&[&str]] = &[
    &["so"],
    &["uy", "ban"],
    &["ban"],
    &["trung", "tam"],
    &["van", "phong"],
    &["cong", "an"],
    &["bo", "chi", "huy"],
    &["bo"],
    &["chi", "cuc"],
    &["cuc"],
    &["dai"],
    &["bao"],
    &["ngan", "hang"],
    &["kho", "bac"],
    &["thanh", "tra"],
    &["hoi"],
    &["tinh", "doan"],
    &["lien", "doan"],
    &["lien", "minh"],
    &["vien"],
    &["benh", "vien"],
    &["truong"],
    &["quy"],
    &["hoi", "dong", "nhan", "dan"],
];

/// A name's words, folded, abbreviations spelled out.
fn words(name: &str) -> Vec<String> {
    let folded = fold(name);
    let mut out = Vec::new();
    for word in folded.split(|c: char| !c.is_ascii_alphanumeric()) {
        match word {
            "" => {}
            "ubnd" => out.extend(["uy", "ban", "nhan", "dan"].map(String::from)),
            "hdnd" => out.extend(["hoi", "dong", "nhan", "dan"].map(String::from)),
            "tp" => out.extend(["thanh", "pho"].map(String::from)),
            other => out.push(other.to_owned()),
        }
    }
    out
}

/// The comparison key of a name; see the module's comment.
pub fn key(name: &str) -> String {
    words(name).into_iter().filter(|w| w != "va").collect()
}

/// The head words a name starts with, if it starts like a unit's name.
fn head(words: &[String]) -> Option<usize> {
    HEADS
        .iter()
        .filter(|h| words.len() >= h.len() && h.iter().zip(words).all(|(a, b)| a == b))
        .map(|h| h.len())
        .max()
}

/// A name's words without `và`, for matching abbreviations.
fn plain_words(name: &str) -> Vec<String> {
    words(name).into_iter().filter(|w| w != "va").collect()
}

/// Whether `short` writes `full` with some runs of words cut to their
/// initials (`Sở KHĐT`, `Sở Nông nghiệp và PTNT`, `Sở LĐ-TB&XH`): each word
/// of `short` is the next word of `full`, or the initials of its next two or
/// more words.
fn abbreviates(short: &[String], full: &[String]) -> bool {
    let Some(word) = short.first() else {
        return full.is_empty();
    };
    if full.first() == Some(word) && abbreviates(&short[1..], &full[1..]) {
        return true;
    }
    let initials: Vec<char> = word.chars().collect();
    let k = initials.len();
    k >= 2
        && full.len() >= k
        && full[..k]
            .iter()
            .zip(&initials)
            .all(|(w, c)| w.starts_with(*c))
        && abbreviates(&short[1..], &full[k..])
}

/// Whether a piece of a cell starts like a unit's name: a capital, then a
/// head word.
pub fn is_unit_name(piece: &str) -> bool {
    piece.chars().next().is_some_and(char::is_uppercase) && head(&words(piece)).is_some()
}

/// A piece that speaks of units without naming one: `các sở, ngành liên
/// quan`, `cơ quan, đơn vị có liên quan`, `địa phương`.
fn is_generic(piece: &str) -> bool {
    let folded = fold(piece);
    ["cac ", "nhung ", "co quan", "don vi", "dia phuong", "nganh"]
        .iter()
        .any(|p| folded.starts_with(p))
        || folded.contains("lien quan")
}

/// A unit's comparison keys, computed once.
struct Keys {
    short: String,
    name: String,
    short_words: Vec<String>,
    name_words: Vec<String>,
}

impl Keys {
    fn of(unit: &Unit) -> Self {
        Self {
            short: key(&unit.short),
            name: key(&unit.name),
            short_words: plain_words(&unit.short),
            name_words: plain_words(&unit.name),
        }
    }
}

/// The position of the unit `name` names, by key, then by abbreviation
/// when only one unit fits.
fn position(keys: &[Keys], name: &str) -> Option<usize> {
    let wanted = key(name);
    if wanted.is_empty() {
        return None;
    }
    if let Some(i) = keys
        .iter()
        .position(|k| k.short == wanted || k.name == wanted)
    {
        return Some(i);
    }
    let words = plain_words(name);
    let mut fitting = keys.iter().enumerate().filter(|(_, k)| {
        abbreviates(&words, &k.name_words)
            || abbreviates(&words, &k.short_words)
            || abbreviates(&k.short_words, &words)
    });
    match (fitting.next(), fitting.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// Finds the unit of `units` that `name` names; see the module's comment.
pub fn find<'a>(units: &'a [Unit], name: &str) -> Option<&'a Unit> {
    let keys: Vec<Keys> = units.iter().map(Keys::of).collect();
    position(&keys, name).map(|i| &units[i])
}

/// What the document says a unit does in a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Lead,
    Coordinating,
}

/// Where a proposed unit is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitUse {
    pub line: usize,
    /// The task's id.
    pub task: String,
    /// The row's STT, for messages.
    pub row: u16,
    pub role: Role,
}

/// A unit the document names that the registry lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedUnit {
    pub unit: Unit,
    /// Every form it was printed in, first first.
    pub printed: Vec<String>,
    pub uses: Vec<UnitUse>,
}

/// A user's correction of a proposed unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitFix {
    /// Its names, as they should read.
    Names {
        unit: UnitId,
        short: String,
        name: String,
    },
    /// It is a unit of the registry (or another proposed one) printed
    /// differently.
    Same { proposed: UnitId, unit: UnitId },
}

/// Resolves the names of one document, gathering the units it lacks.
pub(super) struct Resolver<'a> {
    registry: &'a [Unit],
    registry_keys: Vec<Keys>,
    proposed: Vec<ProposedUnit>,
    /// The keys of `proposed`, in its order.
    proposed_keys: Vec<Keys>,
    fixes: Vec<UnitFix>,
}

impl<'a> Resolver<'a> {
    pub fn new(registry: &'a [Unit], fixes: Vec<UnitFix>) -> Self {
        Self {
            registry,
            registry_keys: registry.iter().map(Keys::of).collect(),
            proposed: Vec::new(),
            proposed_keys: Vec::new(),
            fixes,
        }
    }

    /// The unit `name` names, proposing it when nobody has it.
    fn resolve(&mut self, name: &str, used: UnitUse) -> UnitId {
        let id = if let Some(i) = position(&self.registry_keys, name) {
            self.registry[i].id.clone()
        } else if let Some(i) = position(&self.proposed_keys, name) {
            let p = &mut self.proposed[i];
            if !p.printed.iter().any(|n| n == name) {
                p.printed.push(name.to_owned());
                // The shortest form seen is the short name, the longest the full one.
                let len = name.chars().count();
                if len < p.unit.short.chars().count() {
                    p.unit.short = name.to_owned();
                }
                if len > p.unit.name.chars().count() {
                    p.unit.name = name.to_owned();
                }
                self.proposed_keys[i] = Keys::of(&p.unit);
            }
            p.uses.push(used);
            p.unit.id.clone()
        } else {
            let unit = self.new_unit(name);
            let id = unit.id.clone();
            self.proposed_keys.push(Keys::of(&unit));
            self.proposed.push(ProposedUnit {
                unit,
                printed: vec![name.to_owned()],
                uses: vec![used],
            });
            id
        };
        self.fixed(id)
    }

    /// `id`, or the unit a correction says it is.
    fn fixed(&self, id: UnitId) -> UnitId {
        self.fixes
            .iter()
            .find_map(|f| match f {
                UnitFix::Same { proposed, unit } if *proposed == id => Some(unit.clone()),
                _ => None,
            })
            .unwrap_or(id)
    }

    fn new_unit(&self, name: &str) -> Unit {
        let base = match slug(name) {
            s if s.is_empty() => "don-vi".to_owned(),
            s => s,
        };
        let taken = |id: &str| {
            self.registry.iter().any(|u| u.id.as_str() == id)
                || self.proposed.iter().any(|p| p.unit.id.as_str() == id)
        };
        let id = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}-{n}")))
            .find(|id| !taken(id))
            .expect("some suffix is free");
        let words = words(name);
        let kind = match words.first().map(String::as_str) {
            Some("uy") if words.get(2).is_some_and(|w| w == "nhan") => UnitKind::District,
            Some("van") if words.get(1).is_some_and(|w| w == "phong") => UnitKind::Office,
            _ => UnitKind::Department,
        };
        Unit {
            id: UnitId::new(id),
            short: name.to_owned(),
            name: name.to_owned(),
            kind,
            builtin: true,
        }
    }

    /// The units a cell names, in the order printed; pieces naming no unit
    /// (`các sở, ngành liên quan`) are passed over. `paras` are the cell's
    /// paragraphs (a line break separates names like a comma).
    pub fn cell(&mut self, paras: &[String], used: &UnitUse) -> Vec<UnitId> {
        let mut mentions: Vec<String> = Vec::new();
        for piece in paras.iter().flat_map(|p| p.split([',', ';'])) {
            let piece = piece.trim().trim_end_matches('.').trim();
            let piece = piece
                .strip_prefix("và ")
                .or_else(|| piece.strip_prefix("với "))
                .unwrap_or(piece)
                .trim();
            if piece.is_empty() {
                continue;
            }
            if !is_unit_name(piece) {
                // A comma inside a name: the piece goes back onto it.
                if let Some(last) = mentions.last_mut() {
                    let joined = format!("{last}, {piece}");
                    if !is_generic(piece) && (!self.known(last) || self.known(&joined)) {
                        *last = joined;
                    }
                }
                continue;
            }
            mentions.push(piece.to_owned());
        }
        // `Sở Tài chính và Sở KH&ĐT`: two names joined by `và`.
        let mentions: Vec<String> = mentions
            .into_iter()
            .flat_map(|m| {
                let parts: Vec<&str> = m.split(" và ").collect();
                if parts.len() > 1 && !self.known(&m) && parts.iter().all(|p| is_unit_name(p)) {
                    parts.into_iter().map(str::to_owned).collect()
                } else {
                    vec![m]
                }
            })
            .collect();
        let mut units: Vec<UnitId> = Vec::new();
        for mention in mentions {
            let id = self.resolve(&mention, used.clone());
            if !units.contains(&id) {
                units.push(id);
            }
        }
        units
    }

    /// A lead cell: the first unit it names leads; the others it names are
    /// returned too. A cell naming no unit (`Các sở, ngành`) is proposed
    /// whole, so that the task has a lead the review can correct.
    pub fn lead(&mut self, paras: &[String], used: &UnitUse) -> Vec<UnitId> {
        let units = self.cell(paras, used);
        if !units.is_empty() {
            return units;
        }
        let whole = super::text::join(paras.iter().map(String::as_str));
        vec![self.resolve(&whole, used.clone())]
    }

    /// Whether `id` is a unit of the registry (not a proposed one).
    pub fn in_registry(&self, id: &UnitId) -> bool {
        self.registry.iter().any(|u| &u.id == id)
    }

    fn known(&self, name: &str) -> bool {
        position(&self.registry_keys, name).is_some()
            || position(&self.proposed_keys, name).is_some()
    }

    /// The registry with the proposed units after it (names as corrected),
    /// and the proposals.
    pub fn finish(self) -> (Vec<Unit>, Vec<ProposedUnit>) {
        let mut proposed = self.proposed;
        for p in &mut proposed {
            for fix in &self.fixes {
                if let UnitFix::Names { unit, short, name } = fix {
                    if *unit == p.unit.id {
                        p.unit.short = short.clone();
                        p.unit.name = name.clone();
                    }
                }
            }
        }
        // A proposal corrected into another unit is no longer proposed.
        let merged = |id: &UnitId| {
            self.fixes
                .iter()
                .any(|f| matches!(f, UnitFix::Same { proposed, .. } if proposed == id))
        };
        proposed.retain(|p| !merged(&p.unit.id));
        let mut units = self.registry.to_vec();
        units.extend(proposed.iter().map(|p| p.unit.clone()));
        (units, proposed)
    }
}
