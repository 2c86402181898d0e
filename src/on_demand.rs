//! Code that is not in the start page's wasm: each function declared with
//! [`on_demand!`] is cut, with everything only it reaches, into the module
//! of its group (`wasm_split`; the build splits them off, `.ci/split.mjs`),
//! fetched the first time one of the group's functions is called. Calling
//! one is asynchronous and fails with [`NotLoaded`] when the module cannot
//! arrive (offline before the service worker holds it); a failed fetch is
//! not remembered, so the next call tries again.
//!
//! The groups, so that a first visit to a screen fetches at most four
//! files (its group's module and the chunks it shares with the others):
//! - `unit_page`: the unit page (a returning user's start page) and the
//!   stored data's reading, saving and merging of other tabs' edits, which
//!   a returning visit needs at once and a first visit only after its
//!   first paint (`persistence`);
//! - `reading`: the full text, search, the task list and a task;
//! - `coordination`: Sở KH&ĐT's screens (exchange of files, overview,
//!   report, meeting mode, adding a plan) and the readers of what a user
//!   brings in, which those screens and a file dropped anywhere use: the
//!   parser of plans, plan files and the import of tracking files.
//!
//! The browser tests' runner has no loader for split modules: they are
//! built with `--cfg unsplit`, where each function is a plain `async fn`.

/// A module of code that could not be fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotLoaded;

impl NotLoaded {
    /// What the user is told, with `what` naming what could not open.
    pub fn message_vi(self, what: &str) -> String {
        format!(
            "Phần mã của “{what}” chưa tải được về máy: mạng đang mất hoặc chập chờn. \
             Dữ liệu của bạn không bị ảnh hưởng. Hãy kiểm tra kết nối rồi thử lại; \
             nếu vẫn không được, hãy tải lại trang."
        )
    }
}

impl From<wasm_split_helpers::SplitLoaderError> for NotLoaded {
    fn from(_: wasm_split_helpers::SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// `on_demand!(group, fn name(args) -> T { body })` declares
/// `async fn name(args) -> Result<T, NotLoaded>` whose body's code is in
/// `group`'s module (see the module's documentation for the groups).
macro_rules! on_demand {
    ($group:ident, $(#[$attr:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        #[cfg(not(unsplit))]
        #[wasm_split_helpers::wasm_split($group, fallible)]
        $(#[$attr])*
        $vis fn $name($($arg: $ty),*) -> Result<$ret, $crate::on_demand::NotLoaded> {
            Ok($body)
        }

        #[cfg(unsplit)]
        $(#[$attr])*
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::on_demand::NotLoaded> {
            Ok($body)
        }
    };
}
pub(crate) use on_demand;
