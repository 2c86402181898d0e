//! Why the database could not be used, told to the user in Vietnamese: what
//! happened and what to do. The edge names the browser's error
//! (`DOMException.name`); the meaning is decided here, where it is tested.

use std::fmt;

/// What the app was doing when the database failed: an abort while opening
/// is a failed upgrade, while writing a transaction cut short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Open,
    Read,
    Write,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// No IndexedDB here: some private windows, pages opened from `file://`
    /// in some browsers, or storage blocked by the user.
    Unavailable,
    /// The origin's quota or the disk is full; `bytes`: what did not fit.
    QuotaExceeded { bytes: usize },
    /// Another tab holds the database open at an older version and does not
    /// let it be upgraded.
    Blocked,
    /// Another tab opened a newer version: this tab closed its connection so
    /// that the other one could upgrade, and writes no more.
    VersionChange,
    /// The database is of a newer version than this app knows.
    NewerVersion,
    /// The upgrade itself failed; the browser's words.
    UpgradeFailed(String),
    /// A transaction was aborted: nothing of it was written.
    Aborted(String),
    /// The connection is closed.
    Closed,
    /// Anything else the browser reported.
    Other(String),
}

impl StoreError {
    /// The error a `DOMException` named `name` means during `op`; `bytes`
    /// is the size being written, for the quota message.
    pub fn from_dom(name: &str, message: &str, op: Op, bytes: usize) -> Self {
        match (name, op) {
            ("QuotaExceededError", _) => StoreError::QuotaExceeded { bytes },
            ("VersionError", _) => StoreError::NewerVersion,
            ("SecurityError" | "InvalidAccessError", Op::Open) => StoreError::Unavailable,
            // Firefox in a private window, or a profile it cannot write.
            ("InvalidStateError", Op::Open) => StoreError::Unavailable,
            ("InvalidStateError", _) => StoreError::Closed,
            ("AbortError", Op::Open) => StoreError::UpgradeFailed(message.into()),
            ("AbortError" | "TransactionInactiveError", _) => StoreError::Aborted(message.into()),
            _ => StoreError::Other(if message.is_empty() {
                name.into()
            } else {
                message.into()
            }),
        }
    }

    /// A sentence for the user, in Vietnamese: what happened, what to do.
    pub fn message_vi(&self) -> String {
        match self {
            StoreError::Unavailable => "Trình duyệt không cho ứng dụng dùng kho dữ liệu IndexedDB (có thể đang ở cửa sổ riêng tư, hoặc trang được mở trực tiếp từ tệp). Dữ liệu vẫn được lưu trong bộ nhớ cục bộ như trước, tối đa khoảng 5 MB; hãy xuất tệp định kỳ để giữ lại.".into(),
            StoreError::QuotaExceeded { bytes } => format!(
                "Ổ đĩa hoặc phần bộ nhớ trình duyệt dành cho ứng dụng đã đầy: không lưu được {} KB dữ liệu. Thay đổi vẫn còn trong trang này; hãy tải dữ liệu về máy, rồi giải phóng ổ đĩa hoặc xóa bớt bản sao lưu cũ.",
                bytes.div_ceil(1024)
            ),
            StoreError::Blocked => "Một thẻ khác đang mở phiên bản cũ của ứng dụng nên kho dữ liệu chưa nâng cấp được. Hãy đóng các thẻ khác của ứng dụng rồi tải lại trang này; thay đổi vẫn còn trong trang, có thể tải dữ liệu về máy trước.".into(),
            StoreError::VersionChange => "Ứng dụng vừa được cập nhật ở một thẻ khác: thẻ này ngừng ghi để không ghi đè dữ liệu. Hãy tải lại trang; trước đó có thể tải dữ liệu về máy.".into(),
            StoreError::NewerVersion => "Dữ liệu trong trình duyệt do một phiên bản mới hơn của ứng dụng lưu. Hãy tải lại trang để dùng phiên bản mới; thẻ này không ghi gì để khỏi làm hỏng dữ liệu.".into(),
            StoreError::UpgradeFailed(e) => format!(
                "Không nâng cấp được kho dữ liệu của trình duyệt ({e}). Dữ liệu cũ được giữ nguyên; hãy tải dữ liệu về máy rồi tải lại trang."
            ),
            StoreError::Aborted(e) => format!(
                "Lần ghi vào kho dữ liệu bị hủy ({e}), nên không có gì bị ghi dở dang. Thay đổi vẫn còn trong trang; hãy tải dữ liệu về máy nếu lỗi lặp lại."
            ),
            StoreError::Closed => "Kết nối tới kho dữ liệu của trình duyệt đã đóng. Hãy tải lại trang; thay đổi vẫn còn trong trang, có thể tải dữ liệu về máy trước.".into(),
            StoreError::Other(e) => format!(
                "Kho dữ liệu của trình duyệt báo lỗi: {e}. Thay đổi vẫn còn trong trang; hãy tải dữ liệu về máy."
            ),
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message_vi())
    }
}

impl std::error::Error for StoreError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browser_errors_mean_what_the_user_is_told() {
        use StoreError::*;
        let cases = [
            (
                "QuotaExceededError",
                Op::Write,
                QuotaExceeded { bytes: 2048 },
            ),
            ("VersionError", Op::Open, NewerVersion),
            ("SecurityError", Op::Open, Unavailable),
            ("InvalidStateError", Op::Open, Unavailable),
            ("InvalidStateError", Op::Write, Closed),
            ("AbortError", Op::Open, UpgradeFailed("m".into())),
            ("AbortError", Op::Write, Aborted("m".into())),
            ("TransactionInactiveError", Op::Read, Aborted("m".into())),
            ("DataError", Op::Write, Other("m".into())),
        ];
        for (name, op, expected) in cases {
            assert_eq!(
                StoreError::from_dom(name, "m", op, 2048),
                expected,
                "{name}"
            );
        }
        assert_eq!(
            StoreError::from_dom("UnknownError", "", Op::Read, 0),
            Other("UnknownError".into())
        );
    }

    #[test]
    fn every_message_says_what_happened_and_what_to_do() {
        use StoreError::*;
        let all = [
            Unavailable,
            QuotaExceeded { bytes: 1500 },
            Blocked,
            VersionChange,
            NewerVersion,
            UpgradeFailed("x".into()),
            Aborted("x".into()),
            Closed,
            Other("x".into()),
        ];
        let remedies = ["xuất tệp", "tải dữ liệu về máy", "tải lại trang"];
        for e in &all {
            let m = e.message_vi();
            assert!(remedies.iter().any(|r| m.contains(r)), "{e:?}: {m}");
        }
        assert!(QuotaExceeded { bytes: 1500 }.message_vi().contains("2 KB"));
        assert!(Blocked.message_vi().contains("đóng các thẻ khác"));
        assert!(Unavailable.message_vi().contains("bộ nhớ cục bộ"));
    }
}
