//! Reads a plan of the family from a file — copied web text, Word's
//! clipboard text or a `.docx`, told apart by content — and writes its plan
//! file (`ke-hoach-plan`, docs/FORMAT.md) to standard output:
//!
//! ```sh
//! cargo run --release --example plan -- ke-hoach.docx > ke-hoach.plan.json
//! cargo run --release --example plan -- ke-hoach.docx --summary
//! ```
//!
//! `--summary` prints one line per annex task instead: the STT, the lead
//! unit's short name and the due date (`YYYY-MM-DD`, or `-` if none), tab
//! separated. What the review would show (lines not understood, problems,
//! units the registry lacks) goes to standard error; errors too, in
//! Vietnamese, with a non-zero exit code. The units are read as the app
//! reads a plan it opens (`parse::parse_opened`): Kiên Giang's whole
//! registry for Kiên Giang's plans, the common departments for others.

use std::process::ExitCode;

use ke_hoach::parse::{parse_opened, read, Place};
use ke_hoach::plan_file;

const USAGE: &str = "Cách dùng: cargo run --release --example plan -- TỆP [--summary]\n\
    TỆP: văn bản sao chép từ trang web, văn bản sao chép từ Word, hoặc tệp .docx.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let summary = args.iter().any(|a| a == "--summary");
    if let Some(bad) = args
        .iter()
        .find(|a| a.starts_with("--") && *a != "--summary")
    {
        eprintln!("Không rõ tùy chọn “{bad}”.\n{USAGE}");
        return ExitCode::from(2);
    }
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let [path] = files[..] else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("Không đọc được tệp “{path}”: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Against the registry the app reads an opened plan against, so that
    // the command and the app give the same plan file.
    let parsed = read(&bytes)
        .map_err(|e| e.to_string())
        .and_then(|doc| parse_opened(&doc, &[]).map_err(|e| e.to_string()));
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };

    let review = &parsed.review;
    for (i, line) in review.lines.iter().enumerate() {
        if line.place == Place::NotUnderstood {
            eprintln!("{path}: dòng {}: không hiểu: {}", i + 1, line.text);
        }
    }
    for problem in &review.problems {
        match problem.line {
            Some(line) => eprintln!("{path}: dòng {line}: {}", problem.message),
            None => eprintln!("{path}: {}", problem.message),
        }
    }
    for p in &review.proposed_units {
        eprintln!(
            "{path}: đơn vị mới (chưa có trong danh mục): {} [{}]",
            p.unit.name, p.unit.id
        );
    }

    if summary {
        print!("{}", plan_file::summary(&parsed.plan));
    } else {
        print!("{}", plan_file::write_plan_file(&parsed.plan));
    }
    ExitCode::SUCCESS
}
