//! How full the origin's storage is, from `navigator.storage.estimate()`,
//! and when to warn before it runs out.

/// The share of the quota past which the user is warned.
pub const WARN_SHARE: f64 = 0.8;

/// What the browser says the origin uses and may use, in bytes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Usage {
    pub used: f64,
    pub quota: f64,
}

impl Usage {
    /// The share used, 0 when the browser states no quota.
    pub fn share(&self) -> f64 {
        if self.quota > 0.0 {
            (self.used / self.quota).clamp(0.0, 1.0)
        } else {
            0.0
        }
    }

    /// The warning to show, if storage is nearly full.
    pub fn warning_vi(&self) -> Option<String> {
        (self.share() >= WARN_SHARE).then(|| {
            format!(
                "Bộ nhớ của trình duyệt dành cho ứng dụng đã dùng {:.0}% ({} / {}). Khi đầy, thay đổi mới sẽ không lưu được: hãy tải dữ liệu về máy và xóa bớt bản sao lưu cũ hoặc giải phóng ổ đĩa.",
                (self.share() * 100.0).floor(),
                size_text(self.used),
                size_text(self.quota)
            )
        })
    }
}

/// `512 KB`, `3,4 MB`, `12,0 GB`: sizes as a Vietnamese reader writes them.
pub fn size_text(bytes: f64) -> String {
    const KB: f64 = 1024.0;
    let (value, unit) = if bytes < KB * KB {
        return format!("{} KB", (bytes / KB).ceil());
    } else if bytes < KB * KB * KB {
        (bytes / (KB * KB), "MB")
    } else {
        (bytes / (KB * KB * KB), "GB")
    };
    format!("{value:.1} {unit}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_past_the_share_with_the_sizes() {
        let mb = 1024.0 * 1024.0;
        let calm = Usage {
            used: 10.0 * mb,
            quota: 100.0 * mb,
        };
        assert_eq!(calm.warning_vi(), None);
        let full = Usage {
            used: 85.5 * mb,
            quota: 100.0 * mb,
        };
        let warning = full.warning_vi().expect("a warning");
        assert!(warning.contains("85%"), "{warning}");
        assert!(warning.contains("85,5 MB / 100,0 MB"), "{warning}");
        assert_eq!(
            Usage {
                used: 5.0,
                quota: 0.0
            }
            .share(),
            0.0
        );
        assert_eq!(size_text(1500.0), "2 KB");
        assert_eq!(size_text(3.0 * 1024.0 * mb), "3,0 GB");
    }
}
