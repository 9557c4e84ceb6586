#!/usr/bin/env bash
# Build dist/lighttrack_VERSION_ARCH.deb from the one-file binary in dist/ (run packaging/linux/build.sh, or
# pyinstaller.spec, first). Needs dpkg-deb only; runs as any user (--root-owner-group).
set -euo pipefail

root_dir=$(cd "$(dirname "$0")/../.." && pwd)
binary=${1:-$root_dir/dist/lighttrack}
out_dir=${2:-$root_dir/dist}
[ -x "$binary" ] || { echo "build-deb.sh: $binary is missing; build the binary first" >&2; exit 1; }

version=$("$binary" --version | cut -d' ' -f2)
arch=$(dpkg --print-architecture)
stage=$(mktemp -d "${TMPDIR:-/tmp}/lighttrack-deb.XXXXXX")
trap 'rm -rf "$stage"' EXIT
chmod 0755 "$stage"

install -D -m 0755 "$binary" "$stage/usr/bin/lighttrack"
install -D -m 0644 "$root_dir/packaging/linux/lighttrack.desktop" "$stage/usr/share/applications/lighttrack.desktop"
for png in "$root_dir"/assets/icons/lighttrack-*.png; do
    size=$(basename "$png" .png | cut -d- -f2)
    install -D -m 0644 "$png" "$stage/usr/share/icons/hicolor/${size}x${size}/apps/lighttrack.png"
done
install -d -m 0755 "$stage/usr/share/doc/lighttrack"
cat > "$stage/usr/share/doc/lighttrack/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: LightTrack
License: MIT
Comment: The binary bundles Python and LightTrack's Python dependencies (see their own licences).
COPYRIGHT

install -d -m 0755 "$stage/DEBIAN"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: lighttrack
Version: $version
Section: utils
Priority: optional
Architecture: $arch
Maintainer: LightTrack maintainers <lighttrack@users.noreply.github.com>
Installed-Size: $(du -k -s "$stage/usr" | cut -f1)
Depends: libc6 (>= 2.36), libglib2.0-0 | libglib2.0-0t64, libgirepository-1.0-1
Recommends: gir1.2-gtk-3.0, gir1.2-webkit2-4.1, gir1.2-ayatanaappindicator3-0.1, libnotify-bin, gnome-keyring | kwalletmanager
Description: privacy-first desktop time tracker
 LightTrack tracks the time you spend on activities and, if you let it, the
 window in front: tray icon, idle detection, reports and exports. Everything
 stays on this machine, encrypted; nothing is sent anywhere unless you connect
 an integration yourself.
 .
 The dashboard window uses the system's WebKit2GTK; without it the dashboard
 opens in your web browser.
CONTROL

deb="$out_dir/lighttrack_${version}_${arch}.deb"
mkdir -p "$out_dir"
# The binary is compressed already: gzip builds in seconds where xz takes half a minute for ~1 % less.
dpkg-deb --root-owner-group -Zgzip --build "$stage" "$deb" >/dev/null
echo "$deb"
