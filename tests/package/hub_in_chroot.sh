# Sourced by chroot_install_test.sh: the heard-hub package installed for real, its example
# configuration checked, a person added with `heard-hub user add`, the installed hub started
# as its own user on the installed console files, and a sign-in with curl from outside the
# chroot (same network): POST /api/session, then an authenticated GET with the cookie.
# Needs: $root, $tmp, in_root, fail. Leaves the package installed; the caller removes it.
hub_in_chroot_test() {
  local hub_deb=$1
  cp "$hub_deb" "$root/tmp/heard-hub.deb"
  in_root dpkg -i /tmp/heard-hub.deb >"$tmp/hub-install.log" 2>&1 || { cat "$tmp/hub-install.log"; fail "dpkg -i heard-hub failed"; }
  local passwd_line
  passwd_line=$(in_root getent passwd heard-hub) || fail "postinst did not create the user heard-hub"
  [[ "$passwd_line" == *:/var/lib/heard-hub:/usr/sbin/nologin ]] || fail "heard-hub's passwd line is odd: $passwd_line"
  [ "$(in_root stat -c '%U:%G %a' /var/lib/heard-hub)" = "heard-hub:heard-hub 700" ] ||
    fail "/var/lib/heard-hub is $(in_root stat -c '%U:%G %a' /var/lib/heard-hub), expected heard-hub:heard-hub 700"
  ! ls "$root"/etc/systemd/system/*.wants/heard-hub.service >/dev/null 2>&1 ||
    fail "postinst enabled heard-hub.service, which needs TLS files first"
  for lib in libSDL2 libfontconfig; do
    ! in_root ldd /usr/bin/heard-hub | grep -q "$lib" || fail "the installed heard-hub links $lib"
  done

  as_hub() { chroot --userspec=heard-hub:heard-hub "$root" /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
    HOME=/var/lib/heard-hub "$@"; }
  as_hub heard-hub --check-config --config /etc/heard/hub.toml >"$tmp/hub-check.log" 2>&1 ||
    { cat "$tmp/hub-check.log"; fail "the installed example /etc/heard/hub.toml does not pass --check-config"; }
  local db=/var/lib/heard-hub/hub.db
  printf '%s\n' 'chroot sign-in password' >"$root/tmp/password"
  as_hub sh -c "heard-hub user add ana --role admin --db $db --config /etc/heard/hub.toml </tmp/password" \
    >"$tmp/hub-user.log" 2>&1 || { cat "$tmp/hub-user.log"; fail "heard-hub user add, as heard-hub, failed"; }

  # As the unit starts it, but on a free loopback port and in plain HTTP (loopback only).
  # Not through as_hub: a function in the background is a subshell, and $! must be the hub
  # (chroot and env exec it) so that the uid check and the kill reach it.
  chroot --userspec=heard-hub:heard-hub "$root" /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 HOME=/var/lib/heard-hub \
    heard-hub --listen 127.0.0.1:0 --db "$db" --config /etc/heard/hub.toml \
    --console /usr/share/heard-hub/console >"$tmp/hub.log" 2>&1 &
  local hub_pid=$! port=
  for _ in $(seq 1 100); do
    port=$(sed -n 's/^heard-hub: listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$tmp/hub.log")
    [ -n "$port" ] && break
    kill -0 "$hub_pid" 2>/dev/null || { cat "$tmp/hub.log"; fail "the installed heard-hub stopped at start"; }
    sleep 0.1
  done
  [ -n "$port" ] || { kill "$hub_pid"; cat "$tmp/hub.log"; fail "the installed heard-hub never said it listens"; }
  local uid
  uid=$(stat -c %u "/proc/$hub_pid")
  [ "$uid" = "$(in_root id -u heard-hub)" ] || { kill "$hub_pid"; fail "the hub runs as uid $uid, not heard-hub"; }
  local url=http://127.0.0.1:$port status me page
  status=$(curl -s -o "$tmp/sign-in.json" -w '%{http_code}' -c "$tmp/cookies" -H 'Content-Type: application/json' \
    --data '{"name":"ana","password":"chroot sign-in password"}' "$url/api/session" || true)
  me=$(curl -s -b "$tmp/cookies" "$url/api/me" || true)
  page=$(curl -s -o /dev/null -w '%{http_code}' "$url/console/vendor/uPlot.esm.js" || true)
  kill "$hub_pid"
  wait "$hub_pid" 2>/dev/null || true
  [ "$status" = 200 ] || { cat "$tmp/sign-in.json" "$tmp/hub.log"; fail "signing in to the installed hub gave $status"; }
  [[ "$me" == *'"name":"ana"'* && "$me" == *'"role":"admin"'* ]] || fail "GET /api/me after signing in gave: $me"
  [ "$page" = 200 ] || fail "the installed hub does not serve uPlot from /usr/share/heard-hub/console ($page)"
  echo "hub: installed, its example config OK, ana added and signed in with curl, the hub run as heard-hub"
}
