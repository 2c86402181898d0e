//! The plan and its tracking data as plain Rust values. Pure: no browser,
//! no Leptos, no I/O. Everything the interface shows is computed here.

pub mod app_report;
pub mod catalog;
pub mod chart;
pub mod consolidated;
pub mod deadline;
pub mod edit;
pub mod history;
pub mod plan;
pub mod receipts;
pub mod report;
pub mod reporting;
pub mod slides;
pub mod synthetic;
pub mod timing;
pub mod tracking;
pub mod unit;
pub mod unit_report;
