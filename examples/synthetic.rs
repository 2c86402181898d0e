//! Writes a synthetic plan as an exchange file to standard output, for the
//! benchmark and for trying the app with a large plan:
//! `cargo run --release --example synthetic -- 10000 [seed] [--compact]`.

use std::io::Write;

use ke_hoach::model::synthetic::synthetic_file;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let compact = args.iter().any(|a| a == "--compact");
    let mut numbers = args.iter().filter(|a| !a.starts_with("--"));
    let parse = |arg: Option<&String>, what: &str, default: u64| -> u64 {
        arg.map_or(Ok(default), |a| a.replace('_', "").parse())
            .unwrap_or_else(|_| {
                eprintln!(
                    "{what} must be a whole number; usage: synthetic TASKS [SEED] [--compact]"
                );
                std::process::exit(2)
            })
    };
    let tasks = parse(numbers.next(), "TASKS", 1_000) as usize;
    let seed = parse(numbers.next(), "SEED", 1);
    let text = synthetic_file(tasks, seed, !compact);
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .expect("standard output is writable");
}
