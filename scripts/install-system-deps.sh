#!/usr/bin/env bash
# Install (as root, on Debian/Ubuntu) the system packages LightTrack's desktop parts and its tests use.
# Idempotent: installs only what is missing. CI runs it; on a laptop run it once with sudo.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
PACKAGES=(
  # desktop under test: virtual display, window manager, input, screenshots, tray host, windows to track
  xvfb xauth openbox xdotool x11-utils x11-xserver-utils xterm imagemagick trayer fonts-dejavu-core
  # PDF exports: a font with Chinese, Japanese and Korean glyphs beside DejaVu
  fonts-droid-fallback
  # D-Bus session, notifications with actions, Secret Service keyring
  dbus dbus-x11 libnotify-bin dunst gnome-keyring libsecret-tools
  # GTK webview + tray: PyGObject/pycairo build from source, WebKit2GTK and AppIndicator typelibs
  gcc libc6-dev pkg-config libgirepository1.0-dev libcairo2-dev gir1.2-gtk-3.0 gir1.2-webkit2-4.1
  gir1.2-ayatanaappindicator3-0.1
  # dashboard tests in a real browser; PDF checks; desktop entry validation; .deb building
  chromium poppler-utils desktop-file-utils dpkg-dev
  # GNOME on Wayland for real: headless gnome-shell (Mutter) with LightTrack's Shell extension, a Wayland client
  gnome-shell zenity
  # KDE Plasma on Wayland for real: a virtual kwin_wayland that runs LightTrack's KWin script
  kwin-wayland
  # sync tests: a throwaway PostgreSQL server (initdb, pg_ctl, pg_dump)
  postgresql
)
missing=()
for package in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
