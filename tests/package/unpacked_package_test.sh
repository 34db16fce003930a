#!/usr/bin/env bash
# Builds the .debs from this build tree (heard, the kiosk; heard-hub, the hub) and checks them
# as an installer gets them, without touching the host: unpack each into a temporary root,
# check the layout and control data, run the installed programs from there on temporary data,
# and syntax-check the maintainer scripts.
#   unpacked_package_test.sh BUILD_DIR KIOSK(ON|OFF)
# A cross build sets HEARD_TEST_EMULATOR (e.g. "qemu-aarch64 -L /usr/aarch64-linux-gnu").
set -euo pipefail
build=$1
kiosk=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
read -r -a emulator <<<"${HEARD_TEST_EMULATOR:-}"
run() { "${emulator[@]}" "$@"; }
source "$(dirname "$0")/check_config.sh"

# -B: the package goes to the temporary folder, not next to the one `tools/dev package` makes.
if ! cpack --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log" >&2
  fail "cpack could not build the package"
fi
debs=("$tmp"/out/heard_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one heard_*.deb, got: ${debs[*]}"
deb=${debs[0]}
root=$tmp/root
dpkg-deb -x "$deb" "$root"
dpkg-deb -e "$deb" "$tmp/control"

echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes, Installed-Size $(dpkg-deb -f "$deb" Installed-Size) KiB"

# --- layout ---------------------------------------------------------------------------------
expected=(
  usr/bin/heardctl
  usr/share/heard/survey.json usr/share/heard/i18n/en.json
  lib/systemd/system/heard-kiosk.service lib/systemd/system/heard-kiosk-cage.service
  etc/heard/heard.conf
  usr/share/doc/heard/copyright usr/share/doc/heard/changelog.gz usr/share/doc/heard/README.Debian
)
[ "$kiosk" = ON ] && expected+=(usr/bin/heard-kiosk)
for f in "${expected[@]}"; do
  [ -e "$root/$f" ] || fail "the package lacks /$f"
done
[ ! -e "$root/usr/share/heard/screenshots" ] || fail "README screenshots ended up in /usr/share/heard"
for f in usr/bin/heard-hub lib/systemd/system/heard-hub.service etc/heard/hub.toml; do
  [ ! -e "$root/$f" ] || fail "the kiosk package carries the hub's /$f"
done
# Everything belongs to root whoever ran cpack; the "heard" user only owns what postinst makes.
not_root=$(dpkg-deb -c "$deb" | awk '$2 != "root/root" { print $6 }')
[ -z "$not_root" ] || fail "files not owned by root/root: $not_root"
writable=$(dpkg-deb -c "$deb" | awk 'substr($1, 9, 1) == "w" { print $6 }')
[ -z "$writable" ] || fail "world-writable files: $writable"

# --- control data ---------------------------------------------------------------------------
depends=$(dpkg-deb -f "$deb" Depends)
for d in adduser fonts-dejavu-core libsqlite3-0 libsodium23 libcurl4; do
  [[ ", $depends," == *", $d"[\ ,]* ]] || fail "Depends lacks $d (dpkg-shlibdeps or the explicit list): $depends"
done
grep -qx /etc/heard/heard.conf "$tmp/control/conffiles" || fail "heard.conf is not a conffile"
for script in postinst prerm postrm; do
  [ -x "$tmp/control/$script" ] || fail "$script is missing or not executable"
  sh -n "$tmp/control/$script" || fail "$script has a shell syntax error"
done

# --- units ----------------------------------------------------------------------------------
for unit in "$root"/lib/systemd/system/*.service; do
  name=$(basename "$unit")
  for program in $(sed -n 's/^ExecStart=//p' "$unit" | grep -o '/usr/bin/[A-Za-z0-9_-]*'); do
    [ "$program" = /usr/bin/cage ] && continue  # from Debian's cage package
    [ "$kiosk" = ON ] || [ "$program" != /usr/bin/heard-kiosk ] || continue
    [ -x "$root$program" ] || fail "$name starts $program, which the package does not install"
  done
  assets=$(sed -n 's/^Environment=HEARD_ASSETS_DIR=//p' "$unit")
  [ -z "$assets" ] || [ -f "$root$assets/survey.json" ] || fail "$name points HEARD_ASSETS_DIR at $assets, which has no survey.json"
done

# --- the installed programs, run from the unpacked root -------------------------------------
version=$(dpkg-deb -f "$deb" Version)
said=$(run "$root/usr/bin/heardctl" --version)
[[ "$said" == *"$version"* ]] || fail "heardctl --version says '$said', the package is $version"

data=$tmp/data
mkdir "$data"
run "$root/usr/bin/heardctl" --db "$data/seeded.db" seed --count 200 --survey "$root/usr/share/heard/survey.json" >/dev/null 2>&1
run "$root/usr/bin/heardctl" --db "$data/seeded.db" verify >/dev/null || fail "heardctl verify rejected a freshly seeded database"
seeded=$(run "$root/usr/bin/heardctl" --db "$data/seeded.db" export --format ndjson | wc -l)
[ "$seeded" -eq 200 ] || fail "seeded 200 responses, exported $seeded"


if [ "$kiosk" = ON ]; then
  cat >"$data/tap.script" <<'EOF'
expect "How was your visit today?"
tap "Good"
expect "What did we do well?"
screenshot after-tap
EOF
  # The assets come from the package (as the units set them), not from the source tree.
  export HEARD_ASSETS_DIR="$root/usr/share/heard"
  check_config_test "$root/usr/bin/heard-kiosk" "$root/etc/heard/heard.conf" "$data" "" --db "$data/check.db"
  run "$root/usr/bin/heard-kiosk" --headless --size 800x480 \
    --script "$data/tap.script" --screenshots "$data" --db "$data/kiosk.db" --kiosk-id package-test \
    >"$data/kiosk.log" 2>&1 || { cat "$data/kiosk.log" >&2; fail "the installed heard-kiosk failed its script"; }
  ls "$data"/*.png >/dev/null 2>&1 || fail "the installed heard-kiosk wrote no screenshot"
  saved=$(run "$root/usr/bin/heardctl" --db "$data/kiosk.db" export --format ndjson)
  [ "$(printf '%s\n' "$saved" | grep -c '"kiosk_id":"package-test"')" -eq 1 ] ||
    fail "one tap should have saved one response, the database has: $saved"
fi

source "$(dirname "$0")/unpacked_hub_package.sh"
hub_package_test "$tmp"
echo "unpacked packages: layout, control data, units and installed programs all good"
