# Sourced by chroot_install_test.sh once the package is installed: the foundation's crash
# test, now through the installed kiosk. The installed heard-kiosk, run as heard on
# /var/lib/heard/heard.db, takes taps as fast as it can and is SIGKILLed at random moments,
# like a pulled plug. Every response it logged as saved must be in the database afterwards,
# and the database must pass heardctl verify (integrity check, schema, outbox).
# Needs: $root, $tmp, as_heard, in_root, fail.
power_cut_test() {
  local rounds=${1:-15}
  # Each customer taps a face (saved at once), then Done; the thank-you screen times out.
  {
    for _ in $(seq 1 400); do
      printf '%s\n' 'tap "Good"' 'expect "What did we do well?"' 'tap "Done"' 'expect "Thank you"' 'advance 8' \
        'expect "How was your visit today?"'
    done
  } >"$root/tmp/taps.script"
  : >"$tmp/saved-ids"
  local round pid
  for round in $(seq 1 "$rounds"); do
    as_heard HEARD_LOG_LEVEL=debug heard-kiosk --headless --size 800x480 --script /tmp/taps.script \
      --screenshots /tmp --db /var/lib/heard/heard.db --kiosk-id power-cut >"$tmp/power-cut.log" 2>&1 &
    pid=$!
    sleep "0.$((RANDOM % 9 + 1))$((RANDOM % 10))"
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    sed -n 's/^<7>saved response \([0-9a-f-]*\)$/\1/p' "$tmp/power-cut.log" >>"$tmp/saved-ids"
  done
  local saved
  saved=$(sort -u "$tmp/saved-ids" | wc -l)
  [ "$saved" -gt 0 ] || { cat "$tmp/power-cut.log"; fail "the installed kiosk logged no saved response before being killed"; }
  as_heard heardctl --db /var/lib/heard/heard.db verify >"$tmp/verify.log" 2>&1 ||
    { cat "$tmp/verify.log"; fail "heardctl verify rejected the database after $rounds power cuts"; }
  in_root heardctl --db /var/lib/heard/heard.db export --format ndjson |
    sed -n 's/.*"id":"\([0-9a-f-]*\)".*/\1/p' | sort -u >"$tmp/db-ids"
  local lost
  lost=$(sort -u "$tmp/saved-ids" | comm -23 - "$tmp/db-ids")
  [ -z "$lost" ] || fail "responses the kiosk reported saved are gone after power cuts: $lost"
  echo "power cuts: $rounds SIGKILLs of the installed kiosk, $saved responses reported saved, all kept, verify passed"
}
