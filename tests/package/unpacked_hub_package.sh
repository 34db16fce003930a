# Sourced by unpacked_package_test.sh: the heard-hub package, unpacked. Its files (the hub,
# its unit, the example hub.toml as a conffile, the console with uPlot), no SDL and no fonts
# among its dependencies, its maintainer scripts, and the unpacked hub checking the example
# configuration and serving the unpacked console.
# Needs: run, fail; $1 the folder cpack wrote into (out/) and where to unpack.
hub_package_test() {
  local tmp=$1
  local debs=("$tmp"/out/heard-hub_*.deb)
  [ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || fail "expected one heard-hub_*.deb, got: ${debs[*]}"
  local deb=${debs[0]} root=$tmp/hub-root
  dpkg-deb -x "$deb" "$root"
  dpkg-deb -e "$deb" "$tmp/hub-control"
  echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes, Installed-Size $(dpkg-deb -f "$deb" Installed-Size) KiB"

  local f
  for f in usr/bin/heard-hub lib/systemd/system/heard-hub.service etc/heard/hub.toml \
    usr/share/heard-hub/console/index.html usr/share/heard-hub/console/console/app.js \
    usr/share/heard-hub/console/console/vendor/uPlot.esm.js usr/share/heard-hub/console/console/vendor/uPlot.min.css \
    usr/share/doc/heard-hub/copyright usr/share/doc/heard-hub/changelog.gz usr/share/doc/heard-hub/README.Debian; do
    [ -e "$root/$f" ] || fail "the heard-hub package lacks /$f"
  done
  for f in usr/bin/heard-kiosk usr/bin/heardctl usr/share/heard etc/heard/heard.conf; do
    [ ! -e "$root/$f" ] || fail "the heard-hub package carries the kiosk's /$f"
  done
  [ -z "$(find "$root/usr/share/heard-hub" -name 'package*.json')" ] || fail "npm's package files ended up in the console"
  local not_root
  not_root=$(dpkg-deb -c "$deb" | awk '$2 != "root/root" { print $6 }')
  [ -z "$not_root" ] || fail "heard-hub: files not owned by root/root: $not_root"

  local depends
  depends=$(dpkg-deb -f "$deb" Depends)
  for d in adduser libmicrohttpd12 libsodium23 libsqlite3-0; do
    [[ ", $depends," == *", $d"[\ ,]* ]] || fail "heard-hub's Depends lacks $d: $depends"
  done
  [[ "$depends" != *libsdl2* && "$depends" != *fonts-* ]] || fail "heard-hub depends on SDL or fonts: $depends"
  grep -qx /etc/heard/hub.toml "$tmp/hub-control/conffiles" || fail "hub.toml is not a conffile"
  local script
  for script in postinst prerm postrm; do
    [ -x "$tmp/hub-control/$script" ] || fail "heard-hub's $script is missing or not executable"
    sh -n "$tmp/hub-control/$script" || fail "heard-hub's $script has a shell syntax error"
  done
  local unit=$root/lib/systemd/system/heard-hub.service
  grep -q '^User=heard-hub$' "$unit" || fail "heard-hub.service does not run as the package's user heard-hub"
  grep -q -- '--console /usr/share/heard-hub/console' "$unit" || fail "heard-hub.service does not serve the installed console"
  grep -q -- '--config /etc/heard/hub.toml' "$unit" || fail "heard-hub.service does not read /etc/heard/hub.toml"

  local said
  said=$(run "$root/usr/bin/heard-hub" --help)
  [[ "$said" == *--listen* ]] || fail "heard-hub --help does not describe --listen: $said"
  said=$(run "$root/usr/bin/heard-hub" --check-config --config "$root/etc/heard/hub.toml" 2>&1) ||
    fail "the packaged example hub.toml does not pass --check-config: $said"
}
