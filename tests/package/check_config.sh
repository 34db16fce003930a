# Sourced by the package tests: `heard-kiosk --check-config` says OK for the installed
# /etc/heard/heard.conf, and for a copy with one bad value exits 78 naming file, line and key.
#   check_config_test KIOSK CONF DIR PREFIX [KIOSK OPTIONS...]
# KIOSK, CONF and DIR (a folder for the broken copy) are paths as the kiosk sees them; PREFIX
# makes them this script's (the chroot's root, or ""). Needs: run, fail.
check_config_test() {
  local kiosk=$1 conf=$2 dir=$3 prefix=$4
  shift 4
  local said code=0 line
  said=$(run "$kiosk" --config "$conf" --check-config "$@" 2>&1) || fail "--check-config rejected the installed heard.conf: $said"
  [ "$said" = "heard-kiosk: configuration OK ($conf)" ] || fail "--check-config said: $said"
  # The installed file shows every key commented out with its default: set one of them wrong.
  line=$(grep -n '^# rotation = 0$' "$prefix$conf" | cut -d: -f1)
  [ -n "$line" ] || fail "the installed heard.conf does not show '# rotation = 0'"
  sed "${line}s/.*/rotation = 45/" "$prefix$conf" >"$prefix$dir/broken.conf"
  said=$(run "$kiosk" --config "$dir/broken.conf" --check-config "$@" 2>&1) || code=$?
  [ "$code" -eq 78 ] || fail "--check-config on a broken heard.conf exited $code, expected 78: $said"
  [ "$said" = "heard-kiosk: $dir/broken.conf:$line: display.rotation: must be 0, 90, 180 or 270 (got 45)" ] ||
    fail "--check-config on a broken heard.conf said: $said"
}
