//! Synthetic tracking data of any size, for tests and the benchmark: units
//! and tasks users added, each task with dated updates, in realistic
//! Vietnamese (with diacritics) built from word lists. Pure and
//! deterministic: the same size and seed give the same data on every
//! machine, with no random-number crate (a small xorshift generator).

use chrono::{DateTime, NaiveDate};

use super::deadline::{Deadline, Period};
use super::tracking::{CustomTask, Millis, Stamp, Stamped, Status, TaskRecord, Tracking, Update};
use super::unit::{Unit, UnitId, UnitKind};
use crate::exchange::{self, AppInfo, ExportMeta, PlanRef};
use crate::seed;

/// The plan sizes the benchmark measures, in tasks.
pub const SIZES: [usize; 4] = [100, 1_000, 10_000, 50_000];
/// Units every synthetic plan adds.
pub const UNITS: usize = 50;
/// Dated updates on every task.
pub const UPDATES_PER_TASK: usize = 10;

/// The unit that creates every synthetic unit and task (a built-in one, so
/// that the data reads back against the embedded plan).
const CREATOR: &str = "so-khdt";
/// 01/01/2021 00:00 in Vietnam (UTC+7), in milliseconds: the first stamp.
const START_MILLIS: Millis = 1_609_434_000_000;
/// A minute, the spacing of creation stamps.
const MINUTE: Millis = 60_000;

const UNIT_KINDS: [(&str, &str); 5] = [
    ("UBND xã", "Ủy ban nhân dân xã"),
    ("Phòng NN&PTNT", "Phòng Nông nghiệp và Phát triển nông thôn"),
    ("Phòng TC-KH", "Phòng Tài chính - Kế hoạch"),
    ("Phòng TN&MT", "Phòng Tài nguyên và Môi trường"),
    ("Ban QLDA", "Ban Quản lý dự án đầu tư xây dựng"),
];

const PLACES: [&str; 10] = [
    "Vĩnh Hòa Hiệp",
    "Thạnh Lộc",
    "Mong Thọ",
    "Giục Tượng",
    "Bình An",
    "Dương Đông",
    "Thổ Sơn",
    "Mỹ Đức",
    "Đông Thái",
    "Nam Du",
];

const ACTIONS: [&str; 16] = [
    "Xây dựng",
    "Triển khai",
    "Rà soát",
    "Hoàn thiện",
    "Tổ chức",
    "Đẩy mạnh",
    "Kiểm tra",
    "Đánh giá",
    "Nâng cấp",
    "Thẩm định",
    "Lập",
    "Phê duyệt",
    "Tuyên truyền",
    "Hướng dẫn thực hiện",
    "Giám sát",
    "Sơ kết",
];

const OBJECTS: [&str; 20] = [
    "kế hoạch xây dựng nông thôn mới",
    "đề án chuyển đổi số",
    "hệ thống thủy lợi nội đồng",
    "dự án nâng cấp đê biển",
    "quy hoạch sử dụng đất",
    "chương trình đào tạo nghề cho lao động nông thôn",
    "mạng lưới trạm y tế",
    "cơ sở dữ liệu đất đai",
    "tuyến đường giao thông nông thôn",
    "công trình cấp nước sạch",
    "mô hình sản xuất lúa chất lượng cao",
    "phương án ứng phó xâm nhập mặn",
    "dự án ngầm hóa lưới điện",
    "chính sách hỗ trợ doanh nghiệp nhỏ và vừa",
    "hồ sơ cải cách thủ tục hành chính",
    "chương trình phát triển du lịch biển đảo",
    "công tác phòng, chống dịch COVID-19",
    "kế hoạch bảo vệ rừng phòng hộ",
    "dự án kè chống sạt lở bờ sông",
    "chợ đầu mối nông sản",
];

const QUALIFIERS: [&str; 8] = [
    "giai đoạn 2021–2025",
    "năm 2021",
    "theo Nghị quyết 01/NQ-CP",
    "cho các xã ven biển",
    "trên địa bàn huyện",
    "gắn với bảo vệ môi trường",
    "bằng nguồn vốn ngân sách tỉnh",
    "theo hướng bền vững",
];

/// One step per update: there are [`UPDATES_PER_TASK`] of them.
const STEPS: [&str; UPDATES_PER_TASK] = [
    "Đã họp triển khai, phân công cán bộ phụ trách",
    "Đã khảo sát hiện trạng và thu thập số liệu",
    "Đang lấy ý kiến các sở, ngành có liên quan",
    "Đã hoàn thành dự thảo, gửi Sở KH&ĐT góp ý",
    "Đang chỉnh sửa theo ý kiến thẩm định",
    "Đã trình UBND huyện xem xét",
    "Đang tổ chức thi công, giải ngân vốn",
    "Đã nghiệm thu từng phần khối lượng",
    "Đang hoàn thiện hồ sơ quyết toán",
    "Đã báo cáo kết quả thực hiện",
];

const OBSTACLES: [&str; 6] = [
    "vướng mặt bằng ở một số hộ dân",
    "thời tiết mưa nhiều, triều cường",
    "thiếu vốn đối ứng của địa phương",
    "nhân lực chuyên môn còn mỏng",
    "giá vật liệu xây dựng tăng",
    "ảnh hưởng của dịch bệnh",
];

/// A tiny xorshift64* generator: deterministic and portable.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        // Any seed works, zero included: xorshift must not start at zero.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The id of synthetic unit `i`, in the app's own `u-<creator>-<millis>` form.
fn unit_id(i: usize) -> UnitId {
    UnitId::new(format!("u-{CREATOR}-{}", START_MILLIS + i as Millis))
}

/// The last day of `month` of 2021.
fn month_end(month: u32) -> NaiveDate {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(2022, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(2021, month + 1, 1)
    };
    next.and_then(|d| d.pred_opt()).expect("a valid 2021 date")
}

/// Noon of `date` in Vietnam (05:00 UTC), in milliseconds.
fn noon(date: NaiveDate) -> Millis {
    let time = date.and_hms_opt(5, 0, 0).expect("a valid time");
    time.and_utc().timestamp_millis()
}

fn stamped<T>(value: T, at: Millis, by: &UnitId) -> Stamped<T> {
    Stamped {
        value,
        at,
        by: by.clone(),
        base: 0,
    }
}

/// Tracking data with [`UNITS`] added units and `tasks` added tasks, each
/// led by one of those units and carrying [`UPDATES_PER_TASK`] dated
/// updates through 2021; the task's status and progress are its latest
/// update's. The same `tasks` and `seed` always give the same data.
pub fn synthetic_tracking(tasks: usize, seed: u64) -> Tracking {
    let mut rng = Rng::new(seed);
    let creator = UnitId::new(CREATOR);
    let mut tracking = Tracking::default();
    for i in 0..UNITS {
        let (short, name) = UNIT_KINDS[i % UNIT_KINDS.len()];
        let place = PLACES[i / UNIT_KINDS.len() % PLACES.len()];
        let id = unit_id(i);
        let kind = if i % UNIT_KINDS.len() == 0 {
            UnitKind::District
        } else {
            UnitKind::Department
        };
        tracking.custom_units.insert(
            id.clone(),
            Unit {
                id,
                short: format!("{short} {place}"),
                name: format!("{name} {place}"),
                kind,
                builtin: false,
            },
        );
    }
    let created = START_MILLIS + UNITS as Millis * MINUTE;
    for t in 0..tasks {
        let created_at = created + t as Millis * MINUTE;
        let id = format!("u-{CREATOR}-{created_at}");
        let lead = unit_id(rng.below(UNITS));
        let month = 1 + rng.below(12) as u32;
        let period = if rng.below(3) == 0 {
            Period::Quarter(month.div_ceil(3) as u8)
        } else {
            Period::Month(month as u8)
        };
        let due = match period {
            Period::Quarter(q) => month_end(u32::from(q) * 3),
            _ => month_end(month),
        };
        let title = format!(
            "{} {} {} tại {}",
            rng.pick(&ACTIONS),
            rng.pick(&OBJECTS),
            rng.pick(&QUALIFIERS),
            rng.pick(&PLACES),
        );
        tracking.custom_tasks.insert(
            id.clone(),
            CustomTask {
                id: id.clone(),
                title,
                lead_unit: lead.clone(),
                deadline: Some(Deadline {
                    period,
                    due: Some(due),
                }),
                parent: None,
                created_at,
                created_by: creator.clone(),
                edited: Stamp::after(0, &creator, created_at),
            },
        );
        // How far the task got: from barely started to done.
        let reach = 10 + 10 * rng.below(10) as u8;
        let mut record = TaskRecord::default();
        let mut day = NaiveDate::from_ymd_opt(2021, 1, 4).expect("a valid date");
        for (k, step) in STEPS.iter().enumerate().take(UPDATES_PER_TASK) {
            day = day
                .checked_add_days(chrono::Days::new(7 + rng.below(25) as u64))
                .expect("a date in range");
            let progress = (reach as usize * (k + 1) / UPDATES_PER_TASK) as u8;
            let status = if progress >= 100 {
                Status::Done
            } else {
                Status::InProgress
            };
            let mut text = format!("{step}, đạt {progress}% khối lượng");
            if rng.below(3) == 0 {
                text.push_str("; ");
                text.push_str(rng.pick(&OBSTACLES));
            }
            text.push('.');
            // A few seconds apart, so that ids stay unique within a day.
            let at = noon(day) + (t * UPDATES_PER_TASK + k) as Millis % 60_000;
            let update_id = format!("{lead}-{at}");
            record.updates.insert(
                update_id.clone(),
                Update {
                    id: update_id,
                    date: day,
                    unit: lead.clone(),
                    text,
                    status,
                    progress,
                    at,
                },
            );
            record.status = Some(stamped(status, at, &lead));
            record.progress = Some(stamped(progress, at, &lead));
        }
        tracking.records.insert(id, record);
    }
    tracking
}

/// The meta data of a synthetic file: the embedded plan, exported by
/// [`CREATOR`] on 31/12/2021.
fn meta() -> ExportMeta {
    let plan = seed::plan();
    let plan = PlanRef::new(
        plan.meta.number.clone(),
        plan.meta.year,
        plan.content_fingerprint(),
    );
    let exported_at = DateTime::from_timestamp_millis(noon(month_end(12)))
        .expect("a valid time")
        .fixed_offset();
    ExportMeta {
        app: AppInfo {
            name: "ke-hoach".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            extra: Default::default(),
        },
        plan,
        exported_at,
        exported_by: Some(UnitId::new(CREATOR)),
    }
}

/// [`synthetic_tracking`] as an exchange file of scope "full" for the
/// embedded plan (pretty when `pretty`, else compact as the app stores it),
/// ready to import or to place in local storage.
pub fn synthetic_file(tasks: usize, seed: u64, pretty: bool) -> String {
    let envelope = exchange::export_full(&synthetic_tracking(tasks, seed), &meta());
    if pretty {
        exchange::write_file(&envelope)
    } else {
        exchange::write_compact(&envelope)
    }
}
