#!/usr/bin/env bash
# Installs the .debs for real into a fresh Debian root made with debootstrap (no container),
# as an installer would: dependencies from the Debian mirror, maintainer scripts run, the
# programs run as the "heard" user from the installed paths, and the hub package's hub as
# "heard-hub" with a sign-in (hub_in_chroot.sh). Then removes and purges both and checks
# that nothing is left but, deliberately, the data folders /var/lib/heard and /var/lib/heard-hub.
#   chroot_install_test.sh BUILD_DIR KIOSK(ON|OFF)
# Exits 77 (CTest: skipped) when it cannot run here: not root, no debootstrap, no mirror.
set -euo pipefail
build=$1
kiosk=$2
skip() { echo "SKIPPED: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
source "$(dirname "$0")/check_config.sh"
source "$(dirname "$0")/hub_in_chroot.sh"

[ "$(id -u)" -eq 0 ] || skip "chroot needs root"
command -v debootstrap >/dev/null || skip "needs debootstrap (apt-get install debootstrap)"
suite=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
[ -n "$suite" ] || skip "cannot tell this system's Debian release from /etc/os-release"
mirror=${HEARD_DEBIAN_MIRROR:-http://deb.debian.org/debian}

tmp=$(mktemp -d /var/tmp/heard-chroot-test.XXXXXX)
root=$tmp/root
cleanup() {
  mountpoint -q "$root/proc" 2>/dev/null && umount "$root/proc"
  rm -rf "$tmp"
}
trap cleanup EXIT

cpack --config "$build/CPackConfig.cmake" -B "$tmp/out" >"$tmp/cpack.log" 2>&1 ||
  { cat "$tmp/cpack.log" >&2; fail "cpack could not build the package"; }
deb=$(echo "$tmp"/out/heard_*.deb)
hub_deb=$(echo "$tmp"/out/heard-hub_*.deb)
[ -f "$hub_deb" ] || fail "cpack made no heard-hub package: $(ls "$tmp/out")"
[ "$(dpkg-deb -f "$deb" Architecture)" = "$(dpkg --print-architecture)" ] ||
  skip "the package is for $(dpkg-deb -f "$deb" Architecture); a chroot here runs $(dpkg --print-architecture)"

echo "debootstrap: a minimal $suite root from $mirror"
debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$tmp/debootstrap.log" 2>&1 ||
  { tail -5 "$tmp/debootstrap.log"; skip "debootstrap could not make a $suite root from $mirror (no network?)"; }
mount -t proc proc "$root/proc" || echo "note: /proc not mounted in the chroot; going on without it"
cp "$deb" "$root/tmp/heard.deb"

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive "$@"; }
as_heard() { chroot --userspec=heard:heard "$root" /usr/bin/env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
  HOME=/var/lib/heard "$@"; }
# Every file in the root except the ones that apt, dpkg and the kernel change by themselves.
snapshot() {
  (cd "$root" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./run -o -path ./tmp \
    -o -path ./var/lib/apt -o -path ./var/lib/dpkg -o -path ./var/cache -o -path ./var/log \) -prune -o -print) |
    sort
}

# Dependencies first, so that the snapshot below has them and the diff shows only heard's traces.
in_root apt-get satisfy -y -q --no-install-recommends "$(dpkg-deb -f "$deb" Depends), $(dpkg-deb -f "$hub_deb" Depends)" \
  >"$tmp/deps.log" 2>&1 ||
  { tail -20 "$tmp/deps.log"; fail "apt could not install the package's Depends from $mirror"; }
snapshot >"$tmp/before"

echo "install: dpkg -i heard.deb"
in_root dpkg -i /tmp/heard.deb >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "dpkg -i failed"; }

passwd_line=$(in_root getent passwd heard) || fail "postinst did not create the user heard"
[[ "$passwd_line" == *:/var/lib/heard:/usr/sbin/nologin ]] || fail "heard's passwd line is odd: $passwd_line"
[ "$(in_root stat -c '%U:%G %a' /var/lib/heard)" = "heard:heard 750" ] ||
  fail "/var/lib/heard is $(in_root stat -c '%U:%G %a' /var/lib/heard), expected heard:heard 750"
[ "$(readlink "$root/etc/systemd/system/multi-user.target.wants/heard-kiosk.service")" = /lib/systemd/system/heard-kiosk.service ] ||
  fail "postinst did not enable heard-kiosk.service"
! ls "$root"/etc/systemd/system/*.wants/heard-kiosk-cage.service >/dev/null 2>&1 ||
  fail "postinst enabled heard-kiosk-cage.service, which must stay off"
[ ! -e "$root/usr/bin/heard-hub" ] || fail "the kiosk package still carries heard-hub"

# The user of the service writes its database where the unit says, with the default path.
as_heard heardctl seed --count 20 --survey /usr/share/heard/survey.json >/dev/null 2>&1 ||
  fail "heardctl, run as heard, could not seed /var/lib/heard/heard.db"
as_heard heardctl verify >/dev/null || fail "heardctl verify, run as heard, rejected /var/lib/heard/heard.db"
if [ "$kiosk" = ON ]; then
  # Only the package's Depends are installed here: this proves they are enough (fonts included).
  printf '%s\n' 'expect "How was your visit today?"' 'tap "Good"' 'expect "What did we do well?"' >"$root/tmp/tap.script"
  as_heard HEARD_ASSETS_DIR=/usr/share/heard heard-kiosk --headless --size 800x480 --script /tmp/tap.script \
    --screenshots /tmp --db /var/lib/heard/heard.db --kiosk-id chroot-test >"$tmp/kiosk.log" 2>&1 ||
    { cat "$tmp/kiosk.log"; fail "the installed heard-kiosk failed its script as heard in the chroot"; }
  in_root heardctl --db /var/lib/heard/heard.db export --format ndjson | grep -q '"kiosk_id":"chroot-test"' ||
    fail "the kiosk's tap is not in /var/lib/heard/heard.db"
  # The installed heard.conf as the heard user reads it: OK, and a broken copy refused.
  run() { as_heard "$@"; }
  mkdir -p "$root/tmp/check"
  check_config_test /usr/bin/heard-kiosk /etc/heard/heard.conf /tmp/check "$root"
  source "$(dirname "$0")/power_cut.sh"
  power_cut_test 15
fi

hub_in_chroot_test "$hub_deb"

echo "remove, then purge"
in_root dpkg -r heard >"$tmp/remove.log" 2>&1 || { cat "$tmp/remove.log"; fail "dpkg -r failed"; }
[ -e "$root/etc/heard/hub.toml" ] || fail "removing heard took heard-hub's /etc/heard/hub.toml with it"
[ ! -e "$root/usr/bin/heardctl" ] || fail "dpkg -r left /usr/bin/heardctl"
[ -e "$root/etc/heard/heard.conf" ] || fail "dpkg -r removed the conffile; only purge should"
in_root dpkg --purge heard >"$tmp/purge.log" 2>&1 || { cat "$tmp/purge.log"; fail "dpkg --purge failed"; }
[ -e "$root/etc/heard/hub.toml" ] || fail "purging heard took heard-hub's /etc/heard/hub.toml with it"
in_root dpkg --purge heard-hub >"$tmp/hub-purge.log" 2>&1 || { cat "$tmp/hub-purge.log"; fail "dpkg --purge heard-hub failed"; }
[ ! -e "$root/usr/bin/heard-hub" ] || fail "purging heard-hub left /usr/bin/heard-hub"

snapshot >"$tmp/after"
# adduser keeps backups of the files it edits (passwd-, group-, shadow-, gshadow-); the
# heard user itself stays on purge, so its files keep a named owner.
left=$(comm -13 "$tmp/before" "$tmp/after" | grep -v -e '^\./var/lib/heard\(-hub\)\?\(/\|$\)' -e '^\./etc/\(passwd\|group\|shadow\|gshadow\)-$' || true)
[ -z "$left" ] || fail "purge left these behind: $left"
[ -f "$root/var/lib/heard/heard.db" ] || fail "purge deleted /var/lib/heard/heard.db; the data folder must stay"
[ -f "$root/var/lib/heard-hub/hub.db" ] || fail "purge deleted /var/lib/heard-hub/hub.db; the data folder must stay"
echo "chroot install: installed, ran as heard and heard-hub, removed and purged; only the data folders are left, on purpose"
