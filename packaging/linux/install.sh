#!/bin/sh
# Install LightTrack for the current user (no root): the binary in ~/.local/bin, the menu entry in
# $XDG_DATA_HOME/applications and the icons in $XDG_DATA_HOME/icons/hicolor.
#   sh install.sh              install (or update) from a release folder or from a built checkout
#   sh install.sh --uninstall  remove the binary, menu entry, icons and login entry; your data stays
# LIGHTTRACK_BINARY=/path/to/lighttrack picks another binary.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
bin_dir="$HOME/.local/bin"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
config_home="${XDG_CONFIG_HOME:-$HOME/.config}"
apps_dir="$data_home/applications"
icons_dir="$data_home/icons/hicolor"
sizes="16 24 32 48 64 128 256 512"

first_existing() {
    for candidate in "$@"; do
        if [ -e "$candidate" ]; then echo "$candidate"; return 0; fi
    done
    return 1
}

refresh_caches() {
    command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps_dir" || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons_dir" 2>/dev/null || true
}

uninstall() {
    rm -f "$bin_dir/lighttrack" "$apps_dir/lighttrack.desktop" "$config_home/autostart/lighttrack.desktop"
    for size in $sizes; do rm -f "$icons_dir/${size}x${size}/apps/lighttrack.png"; done
    refresh_caches
    echo "LightTrack removed. Your data is still in ${XDG_DATA_HOME:-$HOME/.local/share}/LightTrack."
}

install_all() {
    binary=${LIGHTTRACK_BINARY:-$(first_existing "$here/lighttrack" "$here/../../dist/lighttrack")} || {
        echo "install.sh: no lighttrack binary next to this script or in dist/ (build it with packaging/linux/build.sh)" >&2
        exit 1
    }
    icons=$(first_existing "$here/icons" "$here/../../assets/icons")
    desktop=$(first_existing "$here/lighttrack.desktop")
    mkdir -p "$bin_dir" "$apps_dir"
    install -m 0755 "$binary" "$bin_dir/lighttrack.new" && mv -f "$bin_dir/lighttrack.new" "$bin_dir/lighttrack"
    for size in $sizes; do
        install -D -m 0644 "$icons/lighttrack-$size.png" "$icons_dir/${size}x${size}/apps/lighttrack.png"
    done
    # Menus don't always search ~/.local/bin: the entry runs the binary by its full path (quoted if it has spaces).
    exec_path="$bin_dir/lighttrack"
    case "$exec_path" in *[!A-Za-z0-9_./-]*) exec_path="\"$exec_path\"" ;; esac
    sed "s|^Exec=lighttrack\$|Exec=$exec_path|" "$desktop" > "$apps_dir/lighttrack.desktop"
    chmod 0644 "$apps_dir/lighttrack.desktop"
    refresh_caches
    echo "LightTrack $("$bin_dir/lighttrack" --version | cut -d' ' -f2) installed: find it in your applications menu, or run $bin_dir/lighttrack"
}

case "${1:-}" in
    --uninstall) uninstall ;;
    "") install_all ;;
    *) echo "usage: sh install.sh [--uninstall]" >&2; exit 2 ;;
esac
