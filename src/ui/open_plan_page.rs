//! "Mở kế hoạch mới": a plan the app does not have, from its Word file (or
//! a plan file, or a tracking file that carries its plan) picked or
//! dropped, or from its text pasted; then the review (`plan_review`), and
//! only on the user's confirmation the plan is added and opened. Reading
//! and checking are the pure core's (`plans::opening`); files come through
//! `browser::files`.

use leptos::prelude::*;

use crate::browser::files;
use crate::exchange::MAX_FILE_BYTES;
use crate::on_demand::on_demand;
use crate::persistence;
use crate::plans::opening::{OpenError, Opening};
use crate::plans::{Added, PlanEntry};
use crate::route::{Address, Route};
use crate::state::{use_app, AppState, NoticeKind};
use crate::ui::exchange_page::ImportInjection;
use crate::ui::plan_review::PlanReview;

/// What the review of a new plan opens.
pub enum ToOpen {
    /// A picked or dropped file's bytes.
    Bytes(Vec<u8>),
    /// Pasted text, or a plan file's text.
    Text(String),
    /// The plan a tracking file carries (`planDocument`).
    Carried(serde_json::Value),
}

impl ToOpen {
    fn read(self) -> Result<Opening, OpenError> {
        match self {
            ToOpen::Bytes(bytes) => Opening::from_bytes(&bytes),
            ToOpen::Text(text) => Opening::from_text(&text),
            ToOpen::Carried(document) => Opening::from_plan_value(document),
        }
    }
}

on_demand!(
    coordination,
    fn read_to_open(what: ToOpen) -> Result<Opening, OpenError> {
        what.read()
    }
);

/// A tracking file that arrived before its plan: imported once the plan
/// is added.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitingFile {
    pub name: String,
    pub text: String,
}

/// The plan being opened, shared so that a file dropped anywhere, or a
/// tracking file carrying a plan on the exchange page, lands in the review.
#[derive(Clone, Copy)]
pub struct OpeningInjection {
    /// The plan under review, with what it was read from (a file's name).
    pub opening: RwSignal<Option<(String, Opening)>>,
    /// Tracking files waiting for the plan under review.
    pub waiting: RwSignal<Vec<WaitingFile>>,
}

impl OpeningInjection {
    pub fn provide() -> Self {
        let injection = OpeningInjection {
            opening: RwSignal::new(None),
            waiting: RwSignal::new(Vec::new()),
        };
        provide_context(injection);
        injection
    }

    /// Reads `what` and shows it in the review, or says why it is not a
    /// plan. The readers are not in the first load: a file dropped on the
    /// cover fetches them.
    pub fn open(self, state: AppState, name: String, what: ToOpen) {
        leptos::task::spawn_local(async move {
            match read_to_open(what).await {
                Ok(Ok(opening)) => self.opening.set(Some((name, opening))),
                Ok(Err(e)) => state.notify(NoticeKind::Error, format!("{name}: {e}")),
                Err(e) => state.notify(NoticeKind::Error, e.message_vi(&name)),
            }
            state.go(Route::OpenPlan);
        });
    }

    /// Reads a picked or dropped file and shows it.
    pub fn read_file(self, state: AppState, file: web_sys::File) {
        leptos::task::spawn_local(async move {
            let picked = files::read_bytes(file, MAX_FILE_BYTES).await;
            match picked.bytes {
                Ok(bytes) => self.open(state, picked.name, ToOpen::Bytes(bytes)),
                Err(why) => {
                    let e = OpenError::NotRead(why);
                    state.notify(NoticeKind::Error, format!("{}: {e}", picked.name));
                    state.go(Route::OpenPlan);
                }
            }
        });
    }

    /// Drops the plan under review and the files waiting for it.
    pub fn cancel(self) {
        self.opening.set(None);
        self.waiting.set(Vec::new());
    }
}

/// The injection provided by the app.
pub fn use_opening() -> OpeningInjection {
    expect_context::<OpeningInjection>()
}

/// Adds the reviewed plan (kept in the browser first) and opens it; the
/// tracking files waiting for it go to its import preview once its data
/// is read. A plan already here is opened, not added. When the plan cannot
/// be kept, the review stays and says why.
pub fn confirm(state: AppState, opening: OpeningInjection) {
    let Some((_, reviewed)) = opening.opening.get_untracked() else {
        return;
    };
    // Taken now: the plan is kept asynchronously, outside any owner.
    let import = expect_context::<ImportInjection>();
    persistence::plans::add_plan(state, reviewed.plan().clone(), move |added| {
        let (entry, message) = match added {
            Ok(Added::New(entry)) => (
                entry,
                format!(
                    "Đã thêm Kế hoạch {} vào ứng dụng. Gửi tệp kế hoạch cho các đơn vị ở trang Trao đổi.",
                    entry.label()
                ),
            ),
            Ok(Added::Already(entry)) => (
                entry,
                format!("Kế hoạch {} đã có trong ứng dụng; đã mở kế hoạch đó.", entry.label()),
            ),
            Err(why) => {
                state.notify(
                    NoticeKind::Error,
                    format!("Chưa thêm được kế hoạch: không lưu được trong trình duyệt ({why})."),
                );
                return;
            }
        };
        let waiting = opening.waiting.get_untracked();
        opening.cancel();
        let route = if waiting.is_empty() {
            Route::Home
        } else {
            Route::Exchange
        };
        open_plan(state, entry, route);
        state.notify(NoticeKind::Success, message);
        if !waiting.is_empty() {
            import.stage_when_read(
                state,
                waiting.into_iter().map(|w| (w.name, Ok(w.text))).collect(),
            );
        }
    });
}

/// Opens a screen of another plan (the switch follows the address).
pub fn open_plan(state: AppState, entry: PlanEntry, route: Route) {
    let address = Address {
        plan: (!entry.embedded).then(|| entry.key.to_owned()),
        route,
    };
    crate::browser::location::go(&address);
    persistence::plans::follow(state, address);
}

/// The screen: the form to open a plan, or the review of the plan opened.
#[component]
pub fn OpenPlanPage() -> impl IntoView {
    let opening = use_opening();
    move || match opening.opening.with(Option::is_some) {
        true => view! { <PlanReview/> }.into_any(),
        false => view! { <OpenForm/> }.into_any(),
    }
}

/// Pick or drop a file, or paste the text.
#[component]
fn OpenForm() -> impl IntoView {
    let state = use_app();
    let opening = use_opening();
    let (text, set_text) = signal(String::new());
    let on_pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|l| l.get(0)) {
            opening.read_file(state, file);
        }
        // Picking the same file again must fire `change` again.
        input.set_value("");
    };
    let read_text = move |_| {
        opening.open(
            state,
            state.t("Văn bản đã dán", "Pasted text").to_owned(),
            ToOpen::Text(text.get_untracked()),
        );
    };
    view! {
        <section class="page open-plan" data-testid="open-plan">
            <p class="eyebrow">{move || state.t("Thêm kế hoạch", "Add a plan")}</p>
            <h1>{move || state.t("Mở kế hoạch mới", "Open a new plan")}</h1>
            <p class="lead">{move || state.t(
                "Ứng dụng đọc kế hoạch của UBND tỉnh (và các kế hoạch cùng dạng) từ tệp Word hoặc từ văn bản sao chép, cho bạn xem lại từng dòng, sửa tên nhiệm vụ, đơn vị, thời hạn, rồi mới thêm vào. Chưa có gì thay đổi cho đến khi bạn xác nhận.",
                "The app reads a provincial plan (or any plan of the same shape) from its Word file or copied text, lets you check every line and correct titles, units and deadlines, and adds it only when you confirm.",
            )}</p>
            <div class="open-ways">
                <section class="card drop-zone" aria-labelledby="open-file-title">
                    <h2 id="open-file-title">{move || state.t("Từ tệp", "From a file")}</h2>
                    <p>{move || state.t(
                        "Chọn tệp Word (.docx) của kế hoạch, tệp kế hoạch (.plan.json) do Sở KH&ĐT gửi, hoặc tệp báo cáo của đơn vị có kèm kế hoạch. Có thể kéo thả tệp vào bất kỳ đâu trên trang.",
                        "Choose the plan's Word file (.docx), a plan file (.plan.json) sent by Sở KH&ĐT, or a unit's report file carrying its plan. You can also drop the file anywhere on the page.",
                    )}</p>
                    <label class="file-button">
                        <span>{move || state.t("Chọn tệp…", "Choose a file…")}</span>
                        <input type="file" accept=".docx,.doc,.pdf,.txt,.json,.rtf" data-testid="open-plan-file" on:change=on_pick/>
                    </label>
                    <p class="hint">{move || state.t(
                        "Tệp .doc (Word 97–2003) hoặc PDF: hãy lưu lại thành .docx, hoặc sao chép toàn văn rồi dán vào ô bên cạnh.",
                        "A .doc (Word 97–2003) or PDF file: save it as .docx, or copy the whole text and paste it alongside.",
                    )}</p>
                </section>
                <section class="card" aria-labelledby="open-text-title">
                    <h2 id="open-text-title">{move || state.t("Dán văn bản", "Paste the text")}</h2>
                    <label class="field">
                        <span class="field-label">{move || state.t(
                            "Mở kế hoạch trong Word hoặc trên trang web, chọn toàn bộ (Ctrl+A), sao chép (Ctrl+C) rồi dán vào đây (Ctrl+V).",
                            "Open the plan in Word or on its web page, select all (Ctrl+A), copy (Ctrl+C) and paste here (Ctrl+V).",
                        )}</span>
                        <textarea
                            rows="9"
                            data-testid="open-plan-text"
                            prop:value=move || text.get()
                            on:input=move |ev| set_text.set(event_target_value(&ev))
                        ></textarea>
                    </label>
                    <p class="button-row">
                        <button type="button" class="primary" data-testid="open-plan-read" disabled=move || text.with(|t| t.trim().is_empty()) on:click=read_text>
                            {move || state.t("Đọc văn bản", "Read the text")}
                        </button>
                    </p>
                </section>
            </div>
        </section>
    }
}
