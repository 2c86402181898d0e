//! Tells the app's other tabs which records of which plan a write changed,
//! and hears what they tell: a `BroadcastChannel`, or where there is none
//! (older Safari), a local-storage key whose `storage` event the other tabs
//! receive. Only [`TabMessage`] texts travel; other tabs read the records.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{BroadcastChannel, MessageEvent, StorageEvent};

use crate::browser::storage::{self, StorageKey};
use crate::store::{TabMessage, DB_NAME};

/// How messages travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    Broadcast,
    /// The `storage` event of [`StorageKey::TabMessage`].
    StorageEvent,
}

/// An open channel; dropping it stops listening.
pub struct TabChannel {
    transport: Transport,
    channel: Option<BroadcastChannel>,
    listener: Closure<dyn FnMut(web_sys::Event)>,
}

impl TabChannel {
    /// The channel, by `BroadcastChannel` where the browser has one.
    pub fn open(on_message: impl Fn(TabMessage) + 'static) -> Option<Self> {
        let broadcast = web_sys::window()
            .is_some_and(|w| js_sys::Reflect::has(&w, &"BroadcastChannel".into()).unwrap_or(false));
        let transport = if broadcast {
            Transport::Broadcast
        } else {
            Transport::StorageEvent
        };
        Self::open_with(transport, on_message)
    }

    /// The channel over a chosen transport (tests take the fallback).
    pub fn open_with(
        transport: Transport,
        on_message: impl Fn(TabMessage) + 'static,
    ) -> Option<Self> {
        let window = web_sys::window()?;
        match transport {
            Transport::Broadcast => {
                let channel = BroadcastChannel::new(DB_NAME).ok()?;
                let listener =
                    Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                        let text = event.unchecked_into::<MessageEvent>().data().as_string();
                        if let Some(message) = text.as_deref().and_then(TabMessage::from_text) {
                            on_message(message);
                        }
                    });
                channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
                Some(Self {
                    transport,
                    channel: Some(channel),
                    listener,
                })
            }
            Transport::StorageEvent => {
                let listener =
                    Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
                        let Some(event) = event.dyn_ref::<StorageEvent>() else {
                            return;
                        };
                        if event.key().as_deref() != Some(StorageKey::TabMessage.key()) {
                            return;
                        }
                        let text = event.new_value();
                        let message = text
                            .as_deref()
                            .and_then(unstamp)
                            .and_then(TabMessage::from_text);
                        if let Some(message) = message {
                            on_message(message);
                        }
                    });
                window
                    .add_event_listener_with_callback("storage", listener.as_ref().unchecked_ref())
                    .ok()?;
                Some(Self {
                    transport,
                    channel: None,
                    listener,
                })
            }
        }
    }

    pub fn transport(&self) -> Transport {
        self.transport
    }

    /// Tells the other tabs; a message that cannot be sent is dropped (they
    /// still read everything at their next start).
    pub fn post(&self, message: &TabMessage) {
        let text = message.to_text();
        match &self.channel {
            Some(channel) => {
                let _ = channel.post_message(&JsValue::from_str(&text));
            }
            // Stamped so that the same message twice is still a change of
            // the key, which is what raises the event.
            None => {
                let stamp = js_sys::Date::now() + js_sys::Math::random();
                let _ = storage::write(StorageKey::TabMessage, &format!("{stamp} {text}"));
            }
        }
    }
}

/// The message of a stamped value.
fn unstamp(value: &str) -> Option<&str> {
    value.split_once(' ').map(|(_, text)| text)
}

impl Drop for TabChannel {
    fn drop(&mut self) {
        match &self.channel {
            Some(channel) => {
                channel.set_onmessage(None);
                channel.close();
            }
            None => {
                if let Some(window) = web_sys::window() {
                    let _ = window.remove_event_listener_with_callback(
                        "storage",
                        self.listener.as_ref().unchecked_ref(),
                    );
                }
            }
        }
    }
}
