//! Saving the reports as files, with a notice saying what happened, and the
//! button that saves the chosen unit's report for a period as a Word file
//! (on the unit's page and beside its JSON export). Builds nothing itself:
//! the report comes from `model::app_report`, the bytes from `export`.

use leptos::prelude::*;

use crate::browser::files;
use crate::export::docx;
use crate::model::app_report::{unit_file_name, unit_report};
use crate::model::reporting::ReportPeriod;
use crate::state::{use_app, AppState, NoticeKind};

/// Offers `file` (its type and bytes) as a download named `name`, or says
/// why it could not be made.
pub fn offer_download(state: AppState, name: &str, file: Result<(&str, Vec<u8>), String>) {
    match file.and_then(|(mime, bytes)| files::download(name, mime, &bytes)) {
        Ok(()) => state.notify(NoticeKind::Success, format!("Đã tạo tệp {name}.")),
        Err(e) => state.notify(NoticeKind::Error, format!("Không tạo được tệp {name}: {e}")),
    }
}

/// Saves the chosen unit's report for `period` as a Word file.
fn save_unit_report(state: AppState, period: ReportPeriod) {
    let Some(unit) = state.my_unit.get_untracked() else {
        state.notify(
            NoticeKind::Error,
            "Hãy chọn “Đơn vị của tôi” trước khi tạo báo cáo của đơn vị.",
        );
        return;
    };
    let name = unit_file_name(state.plan_untracked(), &unit, period, "docx");
    let file = state
        .with_report_data(|data| unit_report(data, &unit, period))
        .ok_or_else(|| format!("không tìm thấy đơn vị “{unit}” trong danh sách đơn vị."))
        .and_then(|report| docx::unit_docx(&report))
        .map(|bytes| (docx::MIME, bytes));
    offer_download(state, &name, file);
}

/// "Tải báo cáo Word (.docx)": the unit's report for `period`, the file it
/// signs and sends beside its JSON file.
#[component]
pub fn UnitReportButton(
    /// The period the report is for.
    #[prop(into)]
    period: Signal<ReportPeriod>,
    /// The `data-testid` of the button.
    testid: &'static str,
) -> impl IntoView {
    let state = use_app();
    view! {
        <button type="button" data-testid=testid on:click=move |_| save_unit_report(state, period.get_untracked())>
            {move || state.t("Tải báo cáo Word (.docx)", "Download the Word report (.docx)")}
        </button>
    }
}
