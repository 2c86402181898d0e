//! The browser edge: the only code that touches `web_sys`. Each concern in
//! one place (address, storage, IndexedDB, other tabs, files, clipboard,
//! printing), each failure returned as a value for the interface to explain.

pub mod clock;
pub mod files;
pub mod fullscreen;
pub mod idb;
pub mod idb_move;
pub mod location;
pub mod service_worker;
pub mod storage;
pub mod styles;
pub mod tab_channel;
