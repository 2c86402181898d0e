//! Interface choices kept in local storage under their own small keys. A
//! missing or unreadable value means "the default"; a failed write only
//! means the choice lasts until the page is closed.

use crate::i18n::Lang;

const LANG_KEY: &str = "ke-hoach/lang";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The interface language chosen earlier in this browser, if any.
pub fn stored_lang() -> Option<Lang> {
    let code = local_storage()?.get_item(LANG_KEY).ok().flatten()?;
    Lang::from_code(&code)
}

/// Remembers the interface language for the next visit.
pub fn store_lang(lang: Lang) {
    if let Some(storage) = local_storage() {
        // Storage may be full or blocked; the language still applies now.
        let _ = storage.set_item(LANG_KEY, lang.code());
    }
}
