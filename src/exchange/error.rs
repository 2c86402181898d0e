//! Why a file or the stored data cannot be read, and what was noticed while
//! reading it, each with a Vietnamese message that says what and where.

use std::fmt;

use super::{FORMAT_NAME, FORMAT_VERSION};

/// A field named in a message: its Vietnamese label and its name in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Status,
    Progress,
    Reason,
    CompletedOn,
    DocumentDate,
    LeadUnit,
    Coordinating,
    Due,
    UpdateDate,
    Unit,
    By,
    CreatedBy,
    ExportedBy,
    ScopeUnit,
}

impl Field {
    fn label(self) -> (&'static str, &'static str) {
        match self {
            Field::Status => ("trạng thái", "status"),
            Field::Progress => ("tiến độ", "progress"),
            Field::Reason => ("lý do", "reason"),
            Field::CompletedOn => ("ngày hoàn thành", "completedOn"),
            Field::DocumentDate => ("ngày văn bản", "document.date"),
            Field::LeadUnit => ("đơn vị chủ trì", "leadUnit"),
            Field::Coordinating => ("đơn vị phối hợp", "coordinating"),
            Field::Due => ("hạn", "due"),
            Field::UpdateDate => ("ngày cập nhật", "date"),
            Field::Unit => ("đơn vị", "unit"),
            Field::By => ("đơn vị sửa", "by"),
            Field::CreatedBy => ("đơn vị tạo", "createdBy"),
            Field::ExportedBy => ("đơn vị xuất tệp", "exportedBy"),
            Field::ScopeUnit => ("đơn vị báo cáo", "scope.unit"),
        }
    }
}

/// Where in the data a value sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A field of a task's record.
    Task { task: String, field: Field },
    /// A field of a dated update.
    Update {
        task: String,
        update: String,
        field: Field,
    },
    /// A field of a user-added task.
    CustomTask { task: String, field: Field },
    /// A field of the envelope.
    File { field: Field },
    /// A removal record, by its place in the file.
    Removal { path: String },
}

impl Place {
    pub(crate) fn task(task: &str, field: Field) -> Self {
        Place::Task {
            task: task.to_owned(),
            field,
        }
    }
    pub(crate) fn update(task: &str, update: &str, field: Field) -> Self {
        Place::Update {
            task: task.to_owned(),
            update: update.to_owned(),
            field,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = |f: &mut fmt::Formatter<'_>, field: &Field| {
            let (label, wire) = field.label();
            write!(f, "mục “{label}” ({wire})")
        };
        match self {
            Place::Task { task, field: x } => {
                write!(f, "nhiệm vụ {task}, ")?;
                field(f, x)
            }
            Place::Update {
                task,
                update,
                field: x,
            } => {
                write!(f, "nhiệm vụ {task}, cập nhật {update}, ")?;
                field(f, x)
            }
            Place::CustomTask { task, field: x } => {
                write!(f, "nhiệm vụ tự thêm {task}, ")?;
                field(f, x)
            }
            Place::File { field: x } => {
                field(f, x)?;
                f.write_str(" của tệp")
            }
            Place::Removal { path } => write!(f, "bản ghi xóa “{path}”"),
        }
    }
}

/// A plan as named in a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanName {
    pub number: String,
    pub year: i32,
    /// Absent in files of format version 1.
    pub fingerprint: Option<String>,
}

impl fmt::Display for PlanName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Kế hoạch số {} năm {}", self.number, self.year)?;
        if let Some(fp) = &self.fingerprint {
            write!(f, " (dấu vân tay {})", fp.get(..12).unwrap_or(fp))?;
        }
        Ok(())
    }
}

/// Why reading failed. Nothing is applied or overwritten when it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// Nothing but whitespace.
    Empty,
    /// Refused before parsing, to keep the page responsive.
    TooLarge {
        bytes: usize,
        limit: usize,
    },
    /// Not JSON at all (1-based line and column).
    NotJson {
        line: usize,
        column: usize,
    },
    /// The JSON stops in the middle: a cut-off download or copy.
    Truncated {
        line: usize,
        column: usize,
    },
    /// The same key twice in one object, which JSON readers disagree on.
    DuplicateKey {
        path: String,
        line: usize,
        column: usize,
    },
    /// Valid JSON but not a tracking file.
    OtherKind {
        found: Option<String>,
    },
    /// `formatVersion` missing or not a positive whole number.
    BadVersion {
        found: String,
    },
    /// Written by a newer version of the app.
    NewerVersion {
        found: u64,
    },
    /// The file tracks another plan, or another text of it.
    OtherPlan {
        file: PlanName,
        ours: PlanName,
    },
    /// A value of the wrong kind (text where a number belongs, …).
    Shape {
        path: String,
        detail: String,
    },
    /// An old file that cannot be brought to the current version.
    Migration {
        from: u64,
        path: String,
        detail: String,
    },
    /// A unit neither built in nor added in the file.
    UnknownUnit {
        unit: String,
        place: Place,
    },
    /// A task neither in the plan nor added in the file.
    UnknownTask {
        task: String,
    },
    /// Two items with one id in a list.
    DuplicateId {
        kind: &'static str,
        id: String,
        within: Option<String>,
    },
    ProgressOutOfRange {
        place: Place,
        value: i64,
    },
    /// A well-formed date that does not exist, such as 2021-02-30.
    ImpossibleDate {
        place: Place,
        text: String,
    },
    /// A value outside what the field allows.
    BadValue {
        place: Place,
        text: String,
        expected: &'static str,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Empty => f.write_str("Tệp trống, không có dữ liệu nào."),
            ReadError::TooLarge { bytes, limit } => write!(
                f,
                "Tệp quá lớn ({:.1} MB); giới hạn là {} MB. Hãy kiểm tra lại có chọn đúng tệp không.",
                *bytes as f64 / 1_048_576.0,
                limit / 1_048_576
            ),
            ReadError::NotJson { line, column } => {
                write!(f, "Tệp không phải JSON hợp lệ: lỗi cú pháp ở dòng {line}, cột {column}.")
            }
            ReadError::Truncated { line, column } => write!(
                f,
                "Tệp bị cắt cụt: dữ liệu dừng đột ngột ở dòng {line}, cột {column}. Có thể tệp tải về hoặc sao chép chưa xong."
            ),
            ReadError::DuplicateKey { path, line, column } => write!(
                f,
                "Khóa “{path}” xuất hiện hai lần (dòng {line}, cột {column}); không rõ giá trị nào đúng nên tệp không được đọc."
            ),
            ReadError::OtherKind { found: None } => write!(
                f,
                "Đây không phải tệp theo dõi kế hoạch: không có trường “format” = “{FORMAT_NAME}”."
            ),
            ReadError::OtherKind { found: Some(kind) } => write!(
                f,
                "Đây không phải tệp theo dõi kế hoạch: trường “format” là “{kind}”, cần “{FORMAT_NAME}”."
            ),
            ReadError::BadVersion { found } => write!(
                f,
                "Phiên bản định dạng (formatVersion) “{found}” không hợp lệ: cần một số nguyên từ 1 đến {FORMAT_VERSION}."
            ),
            ReadError::NewerVersion { found } => write!(
                f,
                "Tệp dùng định dạng phiên bản {found}, mới hơn phiên bản {FORMAT_VERSION} mà ứng dụng này đọc được. Hãy tải lại trang để dùng ứng dụng mới nhất rồi thử lại."
            ),
            ReadError::OtherPlan { file, ours } if file.number == ours.number && file.year == ours.year => write!(
                f,
                "Tệp thuộc {file}, cùng số hiệu nhưng khác văn bản với {ours} đang mở; không thể nhập."
            ),
            ReadError::OtherPlan { file, ours } => {
                write!(f, "Tệp thuộc {file}, không phải {ours} đang mở; không thể nhập.")
            }
            ReadError::Shape { path, detail } => {
                write!(f, "Dữ liệu sai kiểu ở “{path}” (chi tiết kỹ thuật: {detail}).")
            }
            ReadError::Migration { from, path, detail } => write!(
                f,
                "Không chuyển được tệp định dạng phiên bản {from} sang phiên bản {FORMAT_VERSION}: {detail} ở “{path}”."
            ),
            ReadError::UnknownUnit { unit, place } => {
                write!(f, "Đơn vị “{unit}” không có trong danh sách đơn vị ({place}).")
            }
            ReadError::UnknownTask { task } => {
                write!(f, "Nhiệm vụ “{task}” không có trong kế hoạch và không được thêm trong tệp.")
            }
            ReadError::DuplicateId { kind, id, within: None } => {
                write!(f, "Có hai {kind} cùng mã “{id}”.")
            }
            ReadError::DuplicateId { kind, id, within: Some(task) } => {
                write!(f, "Có hai {kind} cùng mã “{id}” ở nhiệm vụ {task}.")
            }
            ReadError::ProgressOutOfRange { place, value } => {
                write!(f, "Tiến độ {value}% nằm ngoài khoảng 0–100 ({place}).")
            }
            ReadError::ImpossibleDate { place, text } => {
                write!(f, "Ngày “{text}” không có thật trên lịch ({place}).")
            }
            ReadError::BadValue { place, text, expected } => {
                write!(f, "Giá trị “{text}” không hợp lệ ({place}): cần {expected}.")
            }
        }
    }
}

impl std::error::Error for ReadError {}

/// Something noticed while reading that does not stop it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// Brought from an older format version.
    Migrated { from: u64 },
    /// An old file without a fingerprint, matched by the plan's number and year.
    PlanMatchedByNumber,
    /// The content differs from when it was written: edited by hand or damaged.
    ChecksumMismatch,
    /// A current-version file without a checksum.
    ChecksumMissing,
    /// Fields this version does not know, on the envelope or a task's
    /// record: kept and written back unchanged.
    UnknownFields { paths: Vec<String> },
    /// Members this version does not know inside objects it reads whole
    /// (values, notes, user tasks and units, removal records): left out.
    IgnoredFields { paths: Vec<String> },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::Migrated { from } => write!(
                f,
                "Tệp ở định dạng cũ (phiên bản {from}) đã được chuyển sang phiên bản {FORMAT_VERSION}."
            ),
            Warning::PlanMatchedByNumber => f.write_str(
                "Tệp cũ không có dấu vân tay kế hoạch; đã đối chiếu theo số hiệu và năm của kế hoạch.",
            ),
            Warning::ChecksumMismatch => f.write_str(
                "Mã kiểm tra không khớp: nội dung tệp đã bị sửa tay hoặc bị hỏng sau khi xuất. Chỉ nhập nếu bạn tin nguồn của tệp.",
            ),
            Warning::ChecksumMissing => f.write_str(
                "Tệp không có mã kiểm tra nên không xác nhận được nội dung còn nguyên vẹn.",
            ),
            Warning::UnknownFields { paths } => {
                write!(
                    f,
                    "Tệp có {} trường mà phiên bản này chưa biết (được giữ nguyên khi lưu): ",
                    paths.len()
                )?;
                few(f, paths)
            }
            Warning::IgnoredFields { paths } => {
                write!(
                    f,
                    "Tệp có {} trường mà phiên bản này không dùng nên bị bỏ qua: ",
                    paths.len()
                )?;
                few(f, paths)
            }
        }
    }
}

/// A few of `paths`: a long list helps nobody.
fn few(f: &mut fmt::Formatter<'_>, paths: &[String]) -> fmt::Result {
    const SHOWN: usize = 10;
    f.write_str(&paths[..paths.len().min(SHOWN)].join(", "))?;
    if paths.len() > SHOWN {
        write!(f, " và {} trường khác", paths.len() - SHOWN)?;
    }
    f.write_str(".")
}

/// What an item of a payload is, to name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemName {
    /// A task's record, by task id.
    Record(String),
    /// A user task, by id (or place in the list when it has none).
    CustomTask(String),
    /// A user unit, by id (or place).
    CustomUnit(String),
    /// A removal record, by its place in the list.
    Removal(usize),
    /// A removal record, by what it removes.
    RemovalOf(String),
}

impl fmt::Display for ItemName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemName::Record(task) => write!(f, "Bản ghi của nhiệm vụ {task}"),
            ItemName::CustomTask(id) => write!(f, "Nhiệm vụ tự thêm {id}"),
            ItemName::CustomUnit(id) => write!(f, "Đơn vị tự thêm {id}"),
            ItemName::Removal(index) => write!(f, "Bản ghi xóa thứ {}", index + 1),
            ItemName::RemovalOf(what) => write!(f, "Bản ghi xóa {what}"),
        }
    }
}

/// An item that could not be read, with why, and its data as it was: the
/// rest of the file or stored copy is read without it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rejected {
    pub item: ItemName,
    /// Where it sits: `payload.records.pl-99`.
    pub path: String,
    pub error: ReadError,
    /// The item as read (as a JSON tree), to keep aside.
    pub raw: serde_json::Value,
}

impl fmt::Display for Rejected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.item, self.error)
    }
}
