//! The browser edge: the only code that touches `web_sys`. Each concern in
//! one place (address, storage, files, clipboard, printing), each failure
//! returned as a value for the interface to explain.

pub mod clock;
pub mod files;
pub mod fullscreen;
pub mod location;
pub mod service_worker;
pub mod storage;
