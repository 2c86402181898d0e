//! The app's addresses. Every screen and every part of every plan has one,
//! kept in the URL fragment (`#/ke-hoach/nv-4-2`) so that a link works from
//! any static host and sub-path, survives a reload and needs no rewrite
//! rules. Pure: parsing and formatting only; `browser::location` reads and
//! writes it.
//!
//! # Addresses name the plan
//! An [`Address`] is a plan and a [`Route`] within it:
//! - the embedded plan, 22/KH-UBND, is the plan of every address without a
//!   plan (`#/nhiem-vu/pl-12`, `#/ke-hoach/nv-4-2`): the links of the app's
//!   first versions keep opening what they opened, and the embedded plan's
//!   links are written that way;
//! - any other plan is named by its key after `kh`: `#/kh/35-kh-ubnd-2023/`
//!   then the route as for the embedded plan (`#/kh/35-kh-ubnd-2023/nhiem-vu/pl-12`).
//!
//! A plan's key (`crate::plans::plan_key`) is read from the document itself:
//! its number folded to lower-case ASCII words and its year
//! (`35/KH-UBND` of 2023 → `35-kh-ubnd-2023`). So it is readable, the same
//! in every office that opens the same document (a link sent by e-mail opens
//! the same plan there), and stable: corrections, a new reporting day or a
//! new version of the app leave it unchanged. Only when an app holds two
//! different plans with one number and year does the second get the first
//! 8 hex digits of its content fingerprint after the key
//! (`35-kh-ubnd-2023-1a2b3c4d`), which is as stable as the fingerprint.

use std::fmt::Write;

/// Filters on the annex and task lists, all optional and combinable.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFilter {
    /// A unit id (`so-khdt`).
    pub unit: Option<String>,
    /// A deadline filter (`model::deadline::DueFilter`): `q1`…`q4`, `t01`…`t12`,
    /// `h1`/`h2` (half years) or `tx` (recurring tasks).
    pub period: Option<String>,
    /// A timing class (`qua-han`, `dung-han`, …) as named by `model::timing`.
    pub timing: Option<String>,
}

impl TaskFilter {
    pub fn is_empty(&self) -> bool {
        self.unit.is_none() && self.period.is_none() && self.timing.is_none()
    }
}

/// One screen of the app with its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The start page: the user's unit if one is chosen, otherwise the cover.
    Home,
    /// Cover: metadata and table of contents.
    Cover,
    /// The whole plan, scrolled to a part (`muc-1`, `tt-3`, `nv-4-2`, `pl-12`…).
    Plan { anchor: Option<String> },
    /// The annex table and task list, filtered.
    Tasks(TaskFilter),
    /// One task's tracking page.
    Task(String),
    /// Search results for a query.
    Search(String),
    /// The chosen unit's tasks and reporting duty.
    MyUnit,
    /// Figures as of the chosen date.
    Dashboard,
    /// The consolidated report for a reporting period id (`2021-06`).
    Report(Option<String>),
    /// Export, import and the receipt matrix.
    Exchange,
    /// Meeting mode at a slide (1-based).
    Meeting(usize),
    /// "Mở kế hoạch mới": read a plan from its Word file or text, review it
    /// and add it.
    OpenPlan,
    /// An address the app does not know; shown with a way back.
    NotFound(String),
}

impl Route {
    /// Parses a URL fragment, with or without its leading `#`.
    pub fn parse(fragment: &str) -> Route {
        let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
        let fragment = fragment.strip_prefix('/').unwrap_or(fragment);
        let (path, query) = fragment.split_once('?').unwrap_or((fragment, ""));
        let params = parse_query(query);
        let param = |name: &str| {
            params
                .iter()
                .find(|(k, v)| k == name && !v.is_empty())
                .map(|(_, v)| v.clone())
        };
        let mut segments = path.split('/').filter(|s| !s.is_empty());
        let first = segments.next();
        let second = segments.next().map(percent_decode);
        if segments.next().is_some() {
            return Route::NotFound(fragment.to_string());
        }
        match (first, second) {
            (None, None) => Route::Home,
            (Some("bia"), None) => Route::Cover,
            (Some("ke-hoach"), anchor) => Route::Plan { anchor },
            (Some("nhiem-vu"), None) => Route::Tasks(TaskFilter {
                unit: param("don-vi"),
                period: param("han"),
                timing: param("tinh-trang"),
            }),
            (Some("nhiem-vu"), Some(id)) => Route::Task(id),
            (Some("tim"), None) => Route::Search(param("q").unwrap_or_default()),
            (Some("don-vi"), None) => Route::MyUnit,
            (Some("tong-quan"), None) => Route::Dashboard,
            (Some("bao-cao"), None) => Route::Report(param("ky")),
            (Some("trao-doi"), None) => Route::Exchange,
            (Some("mo-ke-hoach"), None) => Route::OpenPlan,
            (Some("trinh-chieu"), None) => Route::Meeting(1),
            (Some("trinh-chieu"), Some(n)) => match n.parse::<usize>() {
                Ok(n) if n >= 1 => Route::Meeting(n),
                _ => Route::NotFound(fragment.to_string()),
            },
            _ => Route::NotFound(fragment.to_string()),
        }
    }

    /// The fragment for this route, with its leading `#`.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".into(),
            Route::Cover => "#/bia".into(),
            Route::Plan { anchor: None } => "#/ke-hoach".into(),
            Route::Plan { anchor: Some(a) } => format!("#/ke-hoach/{}", percent_encode(a)),
            Route::Tasks(f) => {
                let mut href = String::from("#/nhiem-vu");
                let pairs = [
                    ("don-vi", &f.unit),
                    ("han", &f.period),
                    ("tinh-trang", &f.timing),
                ];
                push_query(&mut href, &pairs);
                href
            }
            Route::Task(id) => format!("#/nhiem-vu/{}", percent_encode(id)),
            Route::Search(q) => {
                let mut href = String::from("#/tim");
                push_query(&mut href, &[("q", &Some(q.clone()))]);
                href
            }
            Route::MyUnit => "#/don-vi".into(),
            Route::Dashboard => "#/tong-quan".into(),
            Route::Report(period) => {
                let mut href = String::from("#/bao-cao");
                push_query(&mut href, &[("ky", period)]);
                href
            }
            Route::Exchange => "#/trao-doi".into(),
            Route::Meeting(n) => format!("#/trinh-chieu/{n}"),
            Route::OpenPlan => "#/mo-ke-hoach".into(),
            Route::NotFound(raw) => format!("#/{raw}"),
        }
    }
}

impl Route {
    /// The same screen in another plan, for the plan switcher: what names
    /// a part of this plan (a task, an anchor, a filter, a period, a slide)
    /// is dropped, a search is kept.
    pub fn in_another_plan(&self) -> Route {
        match self {
            Route::Task(_) | Route::Tasks(_) => Route::Tasks(TaskFilter::default()),
            Route::Plan { .. } => Route::Plan { anchor: None },
            Route::Report(_) => Route::Report(None),
            Route::Meeting(_) => Route::Meeting(1),
            Route::OpenPlan | Route::NotFound(_) => Route::Home,
            other => other.clone(),
        }
    }
}

/// The first segment of an address naming a plan other than the embedded one.
const PLAN_SEGMENT: &str = "kh";

/// A plan and a screen of it: what an address names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    /// The plan's key; `None` for the embedded plan.
    pub plan: Option<String>,
    pub route: Route,
}

impl Address {
    /// An address in the embedded plan.
    pub fn embedded(route: Route) -> Self {
        Self { plan: None, route }
    }

    /// Parses a URL fragment, with or without its leading `#`; see the
    /// module's comment.
    pub fn parse(fragment: &str) -> Address {
        let bare = fragment.strip_prefix('#').unwrap_or(fragment);
        let bare = bare.strip_prefix('/').unwrap_or(bare);
        let Some(rest) = bare
            .strip_prefix(PLAN_SEGMENT)
            .filter(|r| r.starts_with('/'))
        else {
            return Address::embedded(Route::parse(bare));
        };
        let rest = &rest[1..];
        let end = rest.find(['/', '?']).unwrap_or(rest.len());
        let key = percent_decode(&rest[..end]);
        if key.is_empty() {
            return Address::embedded(Route::NotFound(bare.to_string()));
        }
        Address {
            plan: Some(key),
            route: Route::parse(&rest[end..]),
        }
    }

    /// The fragment for this address, with its leading `#`.
    pub fn href(&self) -> String {
        let route = self.route.href();
        let Some(key) = &self.plan else {
            return route;
        };
        let within = route.strip_prefix("#/").unwrap_or(&route);
        let key = percent_encode(key);
        if within.is_empty() {
            format!("#/{PLAN_SEGMENT}/{key}")
        } else {
            format!("#/{PLAN_SEGMENT}/{key}/{within}")
        }
    }
}

fn push_query(href: &mut String, pairs: &[(&str, &Option<String>)]) {
    let mut sep = '?';
    for (name, value) in pairs {
        if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
            let _ = write!(href, "{sep}{name}={}", percent_encode(value));
            sep = '&';
        }
    }
}

fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// Percent-encodes everything but unreserved ASCII, byte by byte (UTF-8).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Decodes `%XX` escapes and `+` as space; malformed escapes stay as typed.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_round_trips_through_its_href() {
        let routes = [
            Route::Home,
            Route::Cover,
            Route::Plan { anchor: None },
            Route::Plan {
                anchor: Some("nv-4-2".into()),
            },
            Route::Tasks(TaskFilter::default()),
            Route::Tasks(TaskFilter {
                unit: Some("so-khdt".into()),
                period: Some("q2".into()),
                timing: Some("qua-han".into()),
            }),
            Route::Task("pl-12".into()),
            Route::Search("ngầm hóa & 5%".into()),
            Route::MyUnit,
            Route::Dashboard,
            Route::Report(Some("2021-06".into())),
            Route::Report(None),
            Route::Exchange,
            Route::Meeting(7),
            Route::OpenPlan,
        ];
        for route in routes {
            assert_eq!(Route::parse(&route.href()), route, "{}", route.href());
            for plan in [None, Some("35-kh-ubnd-2023"), Some("kh"), Some("a b/c")] {
                let address = Address {
                    plan: plan.map(str::to_owned),
                    route: route.clone(),
                };
                assert_eq!(
                    Address::parse(&address.href()),
                    address,
                    "{}",
                    address.href()
                );
            }
        }
    }

    #[test]
    fn addresses_without_a_plan_are_the_embedded_plans_as_they_always_were() {
        for href in [
            "#/",
            "#/nhiem-vu/pl-12",
            "#/ke-hoach/nv-4-2",
            "#/nhiem-vu?don-vi=so-khdt&han=q1",
            "#/bao-cao?ky=2021-06",
            "#/trinh-chieu/3",
        ] {
            let address = Address::parse(href);
            assert_eq!(address.plan, None, "{href}");
            assert_eq!(address.route, Route::parse(href), "{href}");
            assert_eq!(address.href(), href);
        }
        // A first segment that only starts like the plan segment is a route.
        assert_eq!(
            Address::parse("#/khong-co"),
            Address::embedded(Route::NotFound("khong-co".into()))
        );
    }

    #[test]
    fn addresses_with_a_plan_name_it_before_the_route() {
        let task = Address::parse("#/kh/35-kh-ubnd-2023/nhiem-vu/pl-12");
        assert_eq!(task.plan.as_deref(), Some("35-kh-ubnd-2023"));
        assert_eq!(task.route, Route::Task("pl-12".into()));
        assert_eq!(
            Address::parse("#/kh/35-kh-ubnd-2023"),
            Address {
                plan: Some("35-kh-ubnd-2023".into()),
                route: Route::Home
            }
        );
        assert_eq!(
            Address::parse("kh/35-kh-ubnd-2023/"),
            Address::parse("#/kh/35-kh-ubnd-2023")
        );
        let filtered = Address::parse("#/kh/35-kh-ubnd-2023/nhiem-vu?han=q1");
        assert_eq!(
            filtered.route,
            Route::Tasks(TaskFilter {
                period: Some("q1".into()),
                ..TaskFilter::default()
            })
        );
        assert_eq!(filtered.href(), "#/kh/35-kh-ubnd-2023/nhiem-vu?han=q1");
        // No key: nothing to open.
        assert!(matches!(Address::parse("#/kh/").route, Route::NotFound(_)));
        assert!(matches!(
            Address::parse("#/kh/35-kh-ubnd-2023/khong-co").route,
            Route::NotFound(_)
        ));
    }

    #[test]
    fn fragments_parse_with_or_without_hash_and_slash() {
        assert_eq!(Route::parse(""), Route::Home);
        assert_eq!(Route::parse("#"), Route::Home);
        assert_eq!(Route::parse("#/"), Route::Home);
        assert_eq!(Route::parse("bia"), Route::Cover);
        assert_eq!(Route::parse("#/nhiem-vu/pl-3/"), Route::Task("pl-3".into()));
    }

    #[test]
    fn unknown_and_malformed_addresses_are_not_found() {
        assert_eq!(
            Route::parse("#/khong-co"),
            Route::NotFound("khong-co".into())
        );
        assert_eq!(
            Route::parse("#/trinh-chieu/0"),
            Route::NotFound("trinh-chieu/0".into())
        );
        assert!(matches!(Route::parse("#/bia/x/y"), Route::NotFound(_)));
    }

    #[test]
    fn empty_filter_values_are_dropped() {
        let route = Route::parse("#/nhiem-vu?don-vi=&han=q1");
        assert_eq!(
            route,
            Route::Tasks(TaskFilter {
                period: Some("q1".into()),
                ..TaskFilter::default()
            })
        );
        assert_eq!(route.href(), "#/nhiem-vu?han=q1");
    }

    #[test]
    fn switching_plans_keeps_the_screen_but_not_what_names_a_part() {
        let cases = [
            (
                Route::Task("pl-12".into()),
                Route::Tasks(TaskFilter::default()),
            ),
            (
                Route::Tasks(TaskFilter {
                    unit: Some("so-khdt".into()),
                    ..TaskFilter::default()
                }),
                Route::Tasks(TaskFilter::default()),
            ),
            (
                Route::Plan {
                    anchor: Some("nv-4-2".into()),
                },
                Route::Plan { anchor: None },
            ),
            (Route::Report(Some("2021-06".into())), Route::Report(None)),
            (Route::Meeting(4), Route::Meeting(1)),
            (Route::OpenPlan, Route::Home),
            (
                Route::Search("ngam hoa".into()),
                Route::Search("ngam hoa".into()),
            ),
            (Route::Dashboard, Route::Dashboard),
            (Route::Exchange, Route::Exchange),
        ];
        for (from, to) in cases {
            assert_eq!(from.in_another_plan(), to, "{from:?}");
        }
    }

    #[test]
    fn percent_decoding_tolerates_bad_escapes() {
        assert_eq!(percent_decode("ng%E1%BA%A7m+h%C3%B3a"), "ngầm hóa");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
    }
}
