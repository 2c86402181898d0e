//! "My unit": the unit the user works for. It signs every edit and decides
//! what the start page shows.

use leptos::prelude::*;

use crate::model::unit::{UnitId, UnitKind};
use crate::state::use_app;

/// A select of every unit, grouped by kind.
#[component]
pub fn UnitPicker() -> impl IntoView {
    let state = use_app();
    let group = move |kind: UnitKind, vi: &'static str, en: &'static str| {
        view! {
            <optgroup label=move || state.t(vi, en)>
                // `with`, not `get`: the catalog (every task too) is not copied
                // for each group at start-up.
                {move || {
                    state.catalog.with(|catalog| {
                        catalog
                            .units
                            .iter()
                            .filter(|u| u.kind == kind)
                            .map(|u| view! { <option value=u.id.to_string()>{u.short.clone()}</option> })
                            .collect_view()
                    })
                }}
            </optgroup>
        }
    };
    view! {
        <label class="unit-picker">
            <span>{move || state.t("Đơn vị của tôi", "My unit")}</span>
            <select
                data-testid="my-unit"
                prop:value=move || state.my_unit.get().map(|u| u.to_string()).unwrap_or_default()
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    state.my_unit.set((!v.is_empty()).then(|| UnitId::new(v)));
                }
            >
                <option value="">{move || state.t("— Chọn đơn vị —", "— Choose a unit —")}</option>
                {group(UnitKind::Department, "Sở, ngành", "Departments")}
                {group(UnitKind::Office, "Văn phòng", "Office")}
                {group(UnitKind::District, "UBND cấp huyện", "Districts")}
            </select>
        </label>
    }
}
