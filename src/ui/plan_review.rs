//! The review of a plan before it is added: the parsed plan beside its
//! source (every line with where it went, the lines not understood
//! highlighted), the counts, the problems, the units it names and those it
//! proposes, the annex with each row's unit and due date, and the user's
//! corrections, each seen at once. Nothing is added before "Thêm kế hoạch".
//! Every figure and label comes from `plans::opening`.

use leptos::prelude::*;

use crate::i18n::format_date;
use crate::model::app_report::issuer_name;
use crate::model::plan::Plan;
use crate::model::unit::{Unit, UnitId};
use crate::parse::{Correction, Inferred, Place, UnitFix};
use crate::plan_file::ChecksumVerdict;
use crate::plans::opening::{place_label_vi, rule_source_vi, uses_vi, Opening, Verdict};
use crate::route::Route;
use crate::state::{use_app, AppState, NoticeKind};
use crate::ui::open_plan_page::{confirm, open_plan, use_opening, OpeningInjection};

/// Runs `change` on the plan under review; a failure is told, nothing changes.
fn correct(
    state: AppState,
    opening: OpeningInjection,
    change: impl FnOnce(&mut Opening) -> Result<(), crate::plans::opening::OpenError>,
) {
    let mut result = Ok(());
    opening.opening.update(|o| {
        if let Some((_, o)) = o {
            result = change(o);
        }
    });
    if let Err(e) = result {
        state.notify(NoticeKind::Error, e.to_string());
    }
}

/// The whole review.
#[component]
pub fn PlanReview() -> impl IntoView {
    let state = use_app();
    let opening = use_opening();
    let plan = Memo::new(move |_| {
        opening
            .opening
            .with(|o| o.as_ref().map(|(_, o)| o.plan().clone()))
    });
    let verdict = Memo::new(move |_| {
        let registry = state.plans.get();
        opening
            .opening
            .with(|o| o.as_ref().map(|(_, o)| o.verdict(&registry)))
    });
    let (looked, set_looked) = signal(false);
    let can_add = move || match verdict.get() {
        Some(Verdict::Ready) => true,
        Some(Verdict::NeedsLook) => looked.get(),
        _ => false,
    };
    view! {
        <div class="review" data-testid="plan-review">
            <ReviewHead plan=plan/>
            <VerdictLine verdict=verdict/>
            <div class="review-layout">
                <div class="review-main">
                    <Problems/>
                    <Corrections/>
                    <ProposedUnits/>
                    <ReviewRows plan=plan/>
                    <Reporting plan=plan/>
                </div>
                <SourceLines plan=plan/>
            </div>
            <div class="review-actions" role="region" aria-label=move || state.t("Xác nhận", "Confirm")>
                <Show when=move || verdict.get() == Some(Verdict::NeedsLook)>
                    <label class="confirm">
                        <input type="checkbox" data-testid="review-looked" prop:checked=looked on:change=move |ev| set_looked.set(event_target_checked(&ev))/>
                        {move || state.t(
                            "Tôi đã xem các dòng chưa hiểu và các vấn đề; vẫn thêm kế hoạch.",
                            "I have looked at the lines not understood and the problems; add the plan anyway.",
                        )}
                    </label>
                </Show>
                <p class="button-row">
                    <button type="button" class="primary" data-testid="confirm-plan" disabled=move || !can_add() on:click=move |_| confirm(state, opening)>
                        {move || state.t("Thêm kế hoạch vào ứng dụng", "Add the plan to the app")}
                    </button>
                    <button type="button" data-testid="cancel-plan" on:click=move |_| opening.cancel()>
                        {move || state.t("Hủy, chọn tệp khác", "Cancel, choose another file")}
                    </button>
                </p>
                <p class="hint">{move || state.t(
                    "Chưa có gì thay đổi cho đến khi bạn bấm “Thêm kế hoạch”.",
                    "Nothing changes until you press “Add the plan”.",
                )}</p>
            </div>
        </div>
    }
}

/// The document's identity and what was read.
#[component]
fn ReviewHead(plan: Memo<Option<Plan>>) -> impl IntoView {
    let state = use_app();
    let opening = use_opening();
    let source = move || {
        opening.opening.with(|o| {
            o.as_ref().map(|(name, o)| match o {
                Opening::Document { doc, .. } => format!("{name} · {}", doc.kind.label_vi()),
                Opening::PlanFile(_) => format!("{name} · tệp kế hoạch"),
            })
        })
    };
    let counts = move || {
        opening.opening.with(|o| {
            let (_, o) = o.as_ref()?;
            let p = o.plan();
            let tasks = p.annex_tasks().count();
            let mut chips = vec![
                (p.sections.len(), "mục lớn", "sections"),
                (
                    p.sections.iter().map(|s| s.parts.len()).sum(),
                    "phần",
                    "parts",
                ),
                (p.items().count(), "ý theo dõi được", "trackable items"),
                (p.annexes.len(), "phụ lục", "annexes"),
                (tasks, "nhiệm vụ", "tasks"),
            ];
            if let Some(parsed) = o.parsed() {
                let c = parsed.review.counts;
                chips.push((c.recurring_tasks, "thường xuyên", "recurring"));
                chips.push((c.proposed_units, "đơn vị mới", "new units"));
            }
            Some(chips)
        })
    };
    view! {
        <header class="page review-head">
            <p class="eyebrow">{move || state.t("Xem lại trước khi thêm", "Review before adding")}</p>
            {move || plan.get().map(|p| view! {
                <h1>
                    <span class="doc-kind">{p.meta.kind.clone()}</span>
                    " "
                    <span class="doc-subject">{p.meta.title.clone()}</span>
                </h1>
                <dl class="review-facts">
                    <div><dt>{move || state.t("Số", "Number")}</dt><dd data-testid="review-number">{p.meta.number.clone()}</dd></div>
                    <div><dt>{move || state.t("Ngày", "Date")}</dt><dd>{format_date(p.meta.date)}</dd></div>
                    <div><dt>{move || state.t("Cơ quan ban hành", "Issued by")}</dt><dd>{issuer_name(&p)}</dd></div>
                    <div><dt>{move || state.t("Năm kế hoạch", "Plan year")}</dt><dd>{p.meta.year}</dd></div>
                    <div><dt>{move || state.t("Người ký", "Signed by")}</dt><dd>{p.meta.signer.clone()}</dd></div>
                    <div><dt>{move || state.t("Đọc từ", "Read from")}</dt><dd>{source}</dd></div>
                </dl>
            })}
            <ul class="review-counts" data-testid="review-counts">
                {move || counts().unwrap_or_default().into_iter().map(|(n, vi, en)| view! {
                    <li><strong>{n}</strong> " " {move || state.t(vi, en)}</li>
                }).collect_view()}
            </ul>
        </header>
    }
}

/// Whether the plan can be added, in one line.
#[component]
fn VerdictLine(verdict: Memo<Option<Verdict>>) -> impl IntoView {
    let state = use_app();
    let opening = use_opening();
    let summary = move || {
        opening.opening.with(|o| {
            let (_, o) = o.as_ref()?;
            Some(match o.parsed() {
                Some(p) => format!(
                    "Đọc {} dòng: {} dòng đã đặt đúng chỗ, {} dòng chưa hiểu, {} vấn đề.",
                    p.review.counts.lines,
                    p.review.counts.placed,
                    p.review.counts.not_understood,
                    p.review.problems.len()
                ),
                None => {
                    "Tệp kế hoạch đã được xem lại khi tạo; dưới đây là nội dung của tệp.".to_owned()
                }
            })
        })
    };
    move || {
        let text = summary().unwrap_or_default();
        match verdict.get() {
            Some(Verdict::Already(entry)) => view! {
                <div class="notice info review-verdict" role="status" data-testid="review-already">
                    <p>
                        <strong>{move || state.t("Kế hoạch này đã có trong ứng dụng", "This plan is already in the app")}</strong>
                        {format!(" (Kế hoạch {}, cùng nội dung): không thêm lần nữa. ", entry.label())}
                    </p>
                    <button type="button" class="primary" data-testid="open-existing" on:click=move |_| {
                        opening.cancel();
                        open_plan(state, entry, Route::Home);
                    }>{move || state.t("Mở kế hoạch này", "Open this plan")}</button>
                </div>
            }
            .into_any(),
            Some(Verdict::NeedsLook) => view! {
                <div class="notice error review-verdict" role="status" data-testid="review-needs-look">
                    <p>{text} " " {move || state.t("Hãy xem các dòng tô đỏ và các vấn đề bên dưới.", "Look at the lines in red and the problems below.")}</p>
                </div>
            }
            .into_any(),
            _ => view! {
                <div class="notice success review-verdict" role="status" data-testid="review-ready">
                    <p>{text}</p>
                </div>
            }
            .into_any(),
        }
    }
}

/// What the parse or the plan file's reader says to look at.
#[component]
fn Problems() -> impl IntoView {
    let state = use_app();
    let opening = use_opening();
    let items = move || {
        opening.opening.with(|o| {
            let Some((_, o)) = o else { return Vec::new() };
            match o {
                Opening::Document { parsed, .. } => parsed
                    .review
                    .problems
                    .iter()
                    .map(|p| match p.line {
                        Some(line) => format!("Dòng {line}: {}", p.message),
                        None => p.message.clone(),
                    })
                    .collect(),
                Opening::PlanFile(read) => {
                    let mut out = read.warnings.clone();
                    if read.checksum == ChecksumVerdict::Valid {
                        out.insert(0, "Mã kiểm tra khớp: nội dung đúng như khi tạo tệp.".into());
                    }
                    out
                }
            }
        })
    };
    view! {
        <Show when=move || !items().is_empty()>
            <section class="card review-problems" aria-labelledby="problems-title">
                <h2 id="problems-title">{move || state.t("Cần xem", "To look at")}</h2>
                <ul data-testid="review-problems">
                    {move || items().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// The corrections made so far, each one to take back.
#[component]
fn Corrections() -> impl IntoView {
    let state = use_app();
    let opening = use_opening();
    let list = move || {
        opening.opening.with(|o| {
            o.as_ref().map_or_else(Vec::new, |(_, o)| {
                o.corrections()
                    .iter()
                    .map(|c| (c.clone(), o.correction_vi(c)))
                    .collect::<Vec<_>>()
            })
        })
    };
    view! {
        <Show when=move || !list().is_empty()>
            <section class="card review-corrections" aria-labelledby="corrections-title">
                <h2 id="corrections-title">{move || format!("{} ({})", state.t("Bạn đã sửa", "Your corrections"), list().len())}</h2>
                <ul>
                    {move || list().into_iter().map(|(c, text)| view! {
                        <li data-testid="review-correction">
                            <span>{text}</span>
                            " "
                            <button type="button" class="link-button" on:click=move |_| {
                                let c = c.clone();
                                correct(state, opening, move |o| o.undo_correction(&c));
                            }>{move || state.t("Hoàn tác", "Undo")}</button>
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// Units the document names that the app's registry lacks: accept as
/// printed, rename, or say which known unit each is.
#[component]
fn ProposedUnits() -> impl IntoView {
    let state = use_app();
    let opening = use_opening();
    let proposed = Memo::new(move |_| {
        opening.opening.with(|o| {
            o.as_ref()
                .and_then(|(_, o)| o.parsed())
                .map_or_else(Vec::new, |p| p.review.proposed_units.clone())
        })
    });
    let known = Memo::new(move |_| {
        opening
            .opening
            .with(|o| o.as_ref().map_or_else(Vec::new, |(_, o)| o.units_to_pick()))
    });
    view! {
        <Show when=move || proposed.with(|p| !p.is_empty())>
            <section class="card review-units" aria-labelledby="units-title">
                <h2 id="units-title">{move || format!("{} ({})", state.t("Đơn vị mới trong kế hoạch", "New units in the plan"), proposed.with(Vec::len))}</h2>
                <p class="hint">{move || state.t(
                    "Kế hoạch nêu các đơn vị này nhưng ứng dụng chưa có. Giữ nguyên để thêm làm đơn vị mới, sửa tên cho đúng, hoặc chọn đơn vị đã có nếu đó là cùng một đơn vị viết khác đi.",
                    "The plan names these units, which the app lacks. Keep them as new units, correct their names, or pick the known unit when it is the same one written differently.",
                )}</p>
                <ul class="proposed-units">
                    {move || proposed.get().into_iter().map(|p| {
                        let id = p.unit.id.clone();
                        let (short, name) = (p.unit.short.clone(), p.unit.name.clone());
                        let rename = {
                            let id = id.clone();
                            move |short: String, name: String| {
                                let id = id.clone();
                                correct(state, opening, move |o| o.correct(Correction::Unit(UnitFix::Names { unit: id, short, name })));
                            }
                        };
                        let rename_short = {
                            let (rename, name) = (rename.clone(), name.clone());
                            move |ev| rename(event_target_value(&ev).trim().to_owned(), name.clone())
                        };
                        let rename_full = {
                            let short = short.clone();
                            move |ev| rename(short.clone(), event_target_value(&ev).trim().to_owned())
                        };
                        let same = {
                            let id = id.clone();
                            move |ev| {
                                let picked = event_target_value(&ev);
                                if picked.is_empty() {
                                    return;
                                }
                                let id = id.clone();
                                correct(state, opening, move |o| o.correct(Correction::Unit(UnitFix::Same { proposed: id, unit: UnitId::new(picked) })));
                            }
                        };
                        let others: Vec<Unit> = known.get().into_iter().filter(|u| u.id != id).collect();
                        view! {
                            <li class="proposed-unit" data-testid="proposed-unit">
                                <p class="proposed-printed">
                                    <strong>{p.printed.join(" · ")}</strong>
                                    <span class="hint">{uses_vi(&p)}</span>
                                </p>
                                <div class="proposed-fields">
                                    <label class="field">
                                        <span class="field-label">{move || state.t("Tên ngắn", "Short name")}</span>
                                        <input type="text" data-testid="unit-short" prop:value=short.clone() on:change=rename_short/>
                                    </label>
                                    <label class="field">
                                        <span class="field-label">{move || state.t("Tên đầy đủ", "Full name")}</span>
                                        <input type="text" data-testid="unit-name" prop:value=name.clone() on:change=rename_full/>
                                    </label>
                                    <label class="field">
                                        <span class="field-label">{move || state.t("Hoặc là đơn vị đã có", "Or it is a known unit")}</span>
                                        <select data-testid="unit-same" on:change=same>
                                            <option value="">{move || state.t("— Đơn vị mới —", "— A new unit —")}</option>
                                            {others.into_iter().map(|u| view! { <option value=u.id.to_string()>{u.short}</option> }).collect_view()}
                                        </select>
                                    </label>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </section>
        </Show>
    }
}

/// One annex row as the review shows it.
#[derive(Debug, Clone, PartialEq)]
struct RowView {
    task: String,
    annex: usize,
    number: u16,
    title: String,
    lead: UnitId,
    lead_printed: Option<String>,
    lead_known: bool,
    deadline_text: String,
    due: String,
    due_ok: bool,
    inferred: Vec<Inferred>,
    corrected: bool,
    line: Option<usize>,
}

fn row_views(opening: &Opening) -> Vec<RowView> {
    let plan = opening.plan();
    let reviews = opening.parsed().map(|p| &p.review.rows);
    plan.annexes
        .iter()
        .enumerate()
        .flat_map(|(i, a)| a.tasks.iter().map(move |t| (i + 1, t)))
        .map(|(annex, t)| {
            let review = reviews.and_then(|rows| rows.iter().find(|r| r.task == t.id));
            let (due, due_ok) = match t.deadline {
                Some(d) if d.is_recurring() => ("Thường xuyên".to_owned(), true),
                Some(d) => (d.due.map_or_else(|| d.period.label_vi(), format_date), true),
                None if t.deadline_text.trim().is_empty() => ("Không có thời hạn".to_owned(), true),
                None => ("Không đọc được thời hạn".to_owned(), false),
            };
            RowView {
                task: t.id.clone(),
                annex,
                number: t.number,
                title: t.title.clone(),
                lead: t.lead_unit.clone(),
                lead_printed: review.map(|r| r.lead_printed.clone()),
                lead_known: review.is_none_or(|r| r.lead_known),
                deadline_text: t.deadline_text.clone(),
                due,
                due_ok,
                inferred: review.map_or_else(Vec::new, |r| r.inferred.clone()),
                corrected: review.is_some_and(|r| !r.corrected.is_empty()),
                line: review.map(|r| r.line),
            }
        })
        .collect()
}

/// The annex tasks with their unit and due date, each correctable.
#[component]
fn ReviewRows(plan: Memo<Option<Plan>>) -> impl IntoView {
    let state = use_app();
    let opening = use_opening();
    let editable = Memo::new(move |_| {
        opening
            .opening
            .with(|o| o.as_ref().is_some_and(|(_, o)| o.parsed().is_some()))
    });
    let rows = Memo::new(move |_| {
        opening
            .opening
            .with(|o| o.as_ref().map_or_else(Vec::new, |(_, o)| row_views(o)))
    });
    let units = Memo::new(move |_| {
        opening
            .opening
            .with(|o| o.as_ref().map_or_else(Vec::new, |(_, o)| o.units_to_pick()))
    });
    let plan_units = move || plan.with(|p| p.as_ref().map_or(0, |p| p.units.len()));
    view! {
        <section class="card review-rows" aria-labelledby="rows-title">
            <h2 id="rows-title">{move || format!("{} ({})", state.t("Nhiệm vụ trong phụ lục", "Annex tasks"), rows.with(Vec::len))}</h2>
            <p class="hint">{move || if editable.get() { state.t(
                "Mỗi dòng: đơn vị chủ trì và thời hạn như ứng dụng hiểu. Chọn lại đơn vị hoặc gõ lại thời hạn như lẽ ra phải in (ví dụ “Quý II/2023”, “Trước 30/6/2023”); thay đổi hiện ra ngay.",
                "Each row: the lead unit and deadline as the app read them. Pick another unit or retype the deadline as it should have been printed (e.g. “Quý II/2023”); the change shows at once.",
            ) } else { state.t("Nội dung của tệp kế hoạch, như đơn vị gửi đã xem lại.", "The plan file's content, as its sender reviewed it.") }}</p>
            <div class="table-wrap">
                <table class="review-table">
                    <thead>
                        <tr>
                            <th scope="col">"STT"</th>
                            <th scope="col">{move || state.t("Nhiệm vụ", "Task")}</th>
                            <th scope="col">{move || state.t("Đơn vị chủ trì", "Lead unit")}</th>
                            <th scope="col">{move || state.t("Thời hạn", "Deadline")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            let units = units.get();
                            let own = plan_units();
                            let editable = editable.get();
                            rows.get().into_iter().map(|row| review_row(state, opening, row, &units, own, editable)).collect_view()
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

fn review_row(
    state: AppState,
    opening: OpeningInjection,
    row: RowView,
    units: &[Unit],
    own: usize,
    editable: bool,
) -> impl IntoView {
    let task = row.task.clone();
    let set_lead = {
        let task = task.clone();
        move |ev| {
            let (task, unit) = (task.clone(), UnitId::new(event_target_value(&ev)));
            correct(state, opening, move |o| {
                o.correct(Correction::Lead { task, unit })
            });
        }
    };
    let set_deadline = {
        let task = task.clone();
        move |ev| {
            let (task, text) = (task.clone(), event_target_value(&ev).trim().to_owned());
            correct(state, opening, move |o| {
                o.correct(Correction::Deadline { task, text })
            });
        }
    };
    let set_title = {
        let task = task.clone();
        move |ev| {
            let (task, title) = (task.clone(), event_target_value(&ev).trim().to_owned());
            if !title.is_empty() {
                correct(state, opening, move |o| {
                    o.correct(Correction::Title { task, title })
                });
            }
        }
    };
    let lead_short = units
        .iter()
        .find(|u| u.id == row.lead)
        .map_or_else(|| row.lead.to_string(), |u| u.short.clone());
    let option = |u: &Unit, lead: &UnitId| {
        view! { <option value=u.id.to_string() selected=u.id == *lead>{u.short.clone()}</option> }
    };
    let (plan_units, others) = units.split_at(own.min(units.len()));
    let lead_cell = if editable {
        view! {
            <select data-testid="row-lead" aria-label=format!("Đơn vị chủ trì, STT {}", row.number) on:change=set_lead>
                <optgroup label="Đơn vị của kế hoạch">{plan_units.iter().map(|u| option(u, &row.lead)).collect_view()}</optgroup>
                <optgroup label="Đơn vị khác">{others.iter().map(|u| option(u, &row.lead)).collect_view()}</optgroup>
            </select>
        }
        .into_any()
    } else {
        view! { <span>{lead_short.clone()}</span> }.into_any()
    };
    // What the cell printed, when it reads otherwise than the unit's name.
    let printed = row
        .lead_printed
        .clone()
        .filter(|p| !p.trim().is_empty() && p.trim() != lead_short)
        .map(|p| format!("In: {p}"));
    let from_above = row.inferred.contains(&Inferred::LeadFromAbove);
    let deadline_above = row.inferred.contains(&Inferred::DeadlineFromAbove);
    let (editing, set_editing) = signal(false);
    let title = row.title.clone();
    view! {
        <tr data-testid="review-row" class:corrected=row.corrected class:unsure=!row.due_ok || !row.lead_known>
            <td class="num">{row.number}{(row.annex > 1).then(|| view! { <span class="due">{format!("PL {}", row.annex)}</span> })}</td>
            <td>
                <Show when=move || editing.get() fallback={
                    let title = title.clone();
                    move || view! {
                        <span class="row-title">{title.clone()}</span>
                        {editable.then(|| view! {
                            " " <button type="button" class="link-button" data-testid="row-edit-title" on:click=move |_| set_editing.set(true)>{move || state.t("Sửa tên", "Edit")}</button>
                        })}
                    }
                }>
                    <input type="text" class="row-title-input" data-testid="row-title" prop:value=row.title.clone() on:change=set_title.clone()/>
                </Show>
            </td>
            <td>
                {lead_cell}
                {printed.map(|p| view! { <span class="due">{p}</span> })}
                {(!row.lead_known).then(|| view! { <span class="mark new">{move || state.t("đơn vị mới", "new unit")}</span> })}
                {from_above.then(|| view! { <span class="mark">{move || state.t("ô trống: lấy của dòng trên", "empty cell: the row above's")}</span> })}
            </td>
            <td class="review-deadline">
                {if editable {
                    view! { <input type="text" data-testid="row-deadline" aria-label=format!("Thời hạn, STT {}", row.number) prop:value=row.deadline_text.clone() on:change=set_deadline/> }.into_any()
                } else {
                    view! { <span>{row.deadline_text.clone()}</span> }.into_any()
                }}
                <span class="due" class:bad=!row.due_ok data-testid="row-due">{"→ "}{row.due.clone()}</span>
                {deadline_above.then(|| view! { <span class="mark">{move || state.t("ô trống: lấy của dòng trên", "empty cell: the row above's")}</span> })}
            </td>
        </tr>
    }
}

/// When units report, as the document says it or by default.
#[component]
fn Reporting(plan: Memo<Option<Plan>>) -> impl IntoView {
    let state = use_app();
    let opening = use_opening();
    let from = move || {
        opening.opening.with(|o| {
            o.as_ref().and_then(|(_, o)| o.parsed()).map(|p| {
                let from = &p.review.reporting_from;
                (
                    rule_source_vi(&p.plan, from.monthly.as_deref()),
                    rule_source_vi(&p.plan, from.review.as_deref()),
                )
            })
        })
    };
    view! {
        {move || plan.get().map(|p| {
            let rule = p.meta.reporting;
            let (monthly_from, review_from) = from().unzip();
            view! {
                <section class="card review-reporting" aria-labelledby="reporting-title">
                    <h2 id="reporting-title">{move || state.t("Lịch báo cáo", "Reporting calendar")}</h2>
                    <dl class="review-facts">
                        <div>
                            <dt>{move || state.t("Hằng tháng", "Monthly")}</dt>
                            <dd data-testid="review-monthly">{format!("trước ngày {} hằng tháng", rule.monthly_before)} {monthly_from.map(|f| view! { <span class="due">{f}</span> })}</dd>
                        </div>
                        <div>
                            <dt>{move || state.t("Tổng kết năm", "Year review")}</dt>
                            <dd>{format!("trước ngày {}", format_date(rule.review_before))} {review_from.map(|f| view! { <span class="due">{f}</span> })}</dd>
                        </div>
                    </dl>
                    <p class="hint">{move || state.t(
                        "Sau khi thêm, có thể sửa lịch báo cáo ở trang bìa của kế hoạch.",
                        "Once added, the reporting calendar can be changed on the plan's cover.",
                    )}</p>
                </section>
            }
        })}
    }
}

/// Every source line with where it went; the lines not understood first
/// to find, highlighted.
#[component]
fn SourceLines(plan: Memo<Option<Plan>>) -> impl IntoView {
    let state = use_app();
    let opening = use_opening();
    let (only_unread, set_only_unread) = signal(false);
    // Places do not change with corrections: a correction re-labels nothing.
    let lines = Memo::new(move |_| {
        opening.opening.with(|o| {
            let Some((_, o)) = o else { return Vec::new() };
            let Some(parsed) = o.parsed() else {
                return Vec::new();
            };
            parsed
                .review
                .lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    (
                        i + 1,
                        l.text.clone(),
                        place_label_vi(&parsed.plan, &l.place),
                        l.place == Place::NotUnderstood,
                        l.place == Place::Layout,
                    )
                })
                .collect::<Vec<_>>()
        })
    });
    let unread = move || lines.with(|l| l.iter().filter(|l| l.3).count());
    view! {
        <Show when=move || lines.with(|l| !l.is_empty())>
            <aside class="card review-source" aria-labelledby="source-title">
                <h2 id="source-title">{move || format!("{} ({} {})", state.t("Văn bản gốc", "Source"), lines.with(Vec::len), state.t("dòng", "lines"))}</h2>
                <p class="button-row source-filter" role="group" aria-label=move || state.t("Lọc dòng", "Filter lines")>
                    <button type="button" aria-pressed=move || (!only_unread.get()).to_string() on:click=move |_| set_only_unread.set(false)>{move || state.t("Tất cả", "All")}</button>
                    <button type="button" data-testid="only-unread" aria-pressed=move || only_unread.get().to_string() on:click=move |_| set_only_unread.set(true)>
                        {move || format!("{} ({})", state.t("Chưa hiểu", "Not understood"), unread())}
                    </button>
                </p>
                <ol class="source-lines" data-testid="source-lines">
                    {move || lines.get().into_iter().filter(|l| !only_unread.get() || l.3).map(|(n, text, place, unread, layout)| view! {
                        <li class:unread=unread class:layout=layout data-testid=if unread { "line-unread" } else { "line" }>
                            <span class="line-no">{n}</span>
                            <span class="line-text">{text}</span>
                            <span class="line-place">{place}</span>
                        </li>
                    }).collect_view()}
                </ol>
                {move || plan.with(|p| p.is_none()).then(|| view! { <p class="empty">"—"</p> })}
            </aside>
        </Show>
    }
}
