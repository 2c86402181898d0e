//! What one tab tells the others after a write: which records of which plan
//! changed, so that they read only those. The same text travels over a
//! `BroadcastChannel` or, where there is none, a local-storage key.

use serde::{Deserialize, Serialize};

use super::layout::{Key, PlanId, Store};

/// "These keys of this plan changed" (put or deleted: the receiver reads
/// them and finds out which).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TabMessage {
    pub plan: PlanId,
    pub keys: Vec<Key>,
}

#[derive(Serialize, Deserialize)]
struct Wire {
    plan: String,
    /// `[store, id]` pairs.
    keys: Vec<(String, String)>,
}

impl TabMessage {
    /// The message of a batch's keys, each once.
    pub fn new(plan: &PlanId, keys: impl IntoIterator<Item = Key>) -> Self {
        let mut keys: Vec<Key> = keys.into_iter().collect();
        keys.sort();
        keys.dedup();
        Self {
            plan: plan.clone(),
            keys,
        }
    }

    pub fn to_text(&self) -> String {
        let wire = Wire {
            plan: self.plan.to_string(),
            keys: self
                .keys
                .iter()
                .map(|k| (k.store.name().to_owned(), k.id.clone()))
                .collect(),
        };
        serde_json::to_string(&wire).expect("string keys only")
    }

    /// `None` for text that is not a message of this app (another version's
    /// or anything else on the channel): it is ignored.
    pub fn from_text(text: &str) -> Option<Self> {
        let wire: Wire = serde_json::from_str(text).ok()?;
        let plan = PlanId::new(wire.plan);
        let keys = wire
            .keys
            .into_iter()
            .map(|(store, id)| {
                let store = Store::from_name(&store)?;
                Some(match store {
                    Store::Plans => Key::plan(&plan),
                    Store::PlanDocuments => Key::plan_document(&plan),
                    Store::Settings => Key::setting(id),
                    _ => Key::item(store, &plan, id),
                })
            })
            .collect::<Option<Vec<Key>>>()?;
        Some(Self { plan, keys })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_reads_back_as_sent_and_foreign_text_is_ignored() {
        let plan = PlanId::new("ab12");
        let message = TabMessage::new(
            &plan,
            [
                Key::item(Store::Records, &plan, "pl-1"),
                Key::item(Store::Removals, &plan, "u-so-khdt-1"),
                Key::item(Store::Records, &plan, "pl-1"),
                Key::plan(&plan),
                Key::setting("ui"),
            ],
        );
        assert_eq!(message.keys.len(), 4);
        assert_eq!(TabMessage::from_text(&message.to_text()), Some(message));
        assert_eq!(
            TabMessage::from_text("{\"plan\":\"x\",\"keys\":[[\"tracking\",\"1\"]]}"),
            None
        );
        assert_eq!(TabMessage::from_text("xin chào"), None);
    }
}
