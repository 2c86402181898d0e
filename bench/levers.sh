#!/usr/bin/env bash
# Build-configuration levers for the download size (issue 16), each measured
# alone against the release build: every variant is built in its own target
# directory under $LEVERS_DIR (default target/levers) so that none disturbs
# the others or the normal build, then run through the same wasm-bindgen and
# wasm-opt -Oz as Trunk, and its wasm measured raw, gzip -9 and brotli 11.
#   bash bench/levers.sh                 every variant (a full build each: slow)
#   bash bench/levers.sh base opt-s      only these
# Variants run in the order of the list below, whatever the order of the names.
# Prints one line per variant and appends it to $LEVERS_DIR/levers.tsv.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$ROOT/.tools/bin:$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
DIR=${LEVERS_DIR:-$ROOT/target/levers}
mkdir -p "$DIR"
BASE_FLAGS="--cfg erase_components"   # what .cargo/config.toml gives the wasm target

# name | environment for cargo (beyond the target directory) | extra cargo arguments
variants() {
  cat <<'LIST'
base||
no-erase|RUSTFLAGS=-Cdebuginfo=0|
opt-s|CARGO_PROFILE_RELEASE_OPT_LEVEL=s|
lto-off|CARGO_PROFILE_RELEASE_LTO=false|
location-none|RUSTC_BOOTSTRAP=1 RUSTFLAGS=--cfg~erase_components~-Zlocation-detail=none|
fmt-debug-none|RUSTC_BOOTSTRAP=1 RUSTFLAGS=--cfg~erase_components~-Zfmt-debug=none|
build-std|RUSTC_BOOTSTRAP=1|-Zbuild-std=std,panic_abort
std-size|RUSTC_BOOTSTRAP=1|-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
immediate-abort|RUSTC_BOOTSTRAP=1 RUSTFLAGS=--cfg~erase_components~-Zunstable-options~-Cpanic=immediate-abort CARGO_PROFILE_RELEASE_PANIC=immediate-abort|-Zbuild-std=std,panic_abort -Zpanic-immediate-abort
all-z|RUSTC_BOOTSTRAP=1 RUSTFLAGS=--cfg~erase_components~-Zlocation-detail=none~-Zfmt-debug=none~-Zunstable-options~-Cpanic=immediate-abort CARGO_PROFILE_RELEASE_PANIC=immediate-abort|-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size -Zpanic-immediate-abort
lto-thin|CARGO_PROFILE_RELEASE_LTO=thin|
cgu-16|CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16|
LIST
}

measure() { # file -> "raw gzip brotli"
  node -e '
    const fs = require("fs"), zlib = require("zlib");
    const b = fs.readFileSync(process.argv[1]);
    const br = zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.log(b.length, zlib.gzipSync(b, { level: 9 }).length, br);' "$1"
}

run() {
  local name=$1 env=$2 extra=$3 target="$DIR/$1"
  local -a envs=()
  # `~` stands for a space inside one RUSTFLAGS value in the list above.
  for e in $env; do envs+=("${e//\~/ }"); done
  local started=$SECONDS
  echo "== $name: ${envs[*]:-} cargo build ${extra}" >&2
  if ! env "${envs[@]}" CARGO_TARGET_DIR="$target" cargo build --release --target wasm32-unknown-unknown \
      --bin ke-hoach $extra >"$DIR/$name.log" 2>&1; then
    echo "$name: build failed (see $DIR/$name.log)" | tee -a "$DIR/levers.tsv"
    tail -5 "$DIR/$name.log" >&2
    return 0
  fi
  local built=$((SECONDS - started))
  rm -rf "$DIR/$name.bg" && mkdir -p "$DIR/$name.bg"
  wasm-bindgen --target web --no-typescript --out-dir "$DIR/$name.bg" --out-name ke-hoach \
    "$target/wasm32-unknown-unknown/release/ke-hoach.wasm"
  wasm-opt -Oz "$DIR/$name.bg/ke-hoach_bg.wasm" -o "$DIR/$name.opt.wasm"
  printf '%s\t%s\t%s\t%ss\n' "$name" "$(measure "$DIR/$name.opt.wasm")" "$(measure "$DIR/$name.bg/ke-hoach.js")" "$built" \
    | tee -a "$DIR/levers.tsv"
}

want=("$@")
while IFS='|' read -r name env extra; do
  if [ ${#want[@]} -eq 0 ] || printf '%s\n' "${want[@]}" | grep -qx "$name"; then run "$name" "$env" "$extra"; fi
done < <(variants)
