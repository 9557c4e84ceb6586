#!/usr/bin/env bash
# The Linux release, from a clean checkout with the venv set up (scripts/setup.sh, then
# `.venv/bin/pip install pyinstaller==6.22.3`). Writes into dist/:
#   lighttrack                                  the one-file binary
#   lighttrack_VERSION_ARCH.deb                 for Debian/Ubuntu (dpkg -i / apt install ./...)
#   lighttrack-VERSION-linux-ARCH.tar.gz        binary + install.sh + menu entry + icons, for any distribution
#   SHA256SUMS
# Build on the oldest distribution you support: the binary needs that glibc or newer.
set -euo pipefail

root_dir=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-$root_dir/.venv/bin/python}
cd "$root_dir"

# pystray picks its backend on import, and PyInstaller imports it while analysing.
PYSTRAY_BACKEND=dummy "$python" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    pyinstaller.spec
version=$(dist/lighttrack --version | cut -d' ' -f2)
arch=$(uname -m)

bash packaging/linux/build-deb.sh dist/lighttrack dist

folder="lighttrack-$version-linux-$arch"
stage=$(mktemp -d "${TMPDIR:-/tmp}/lighttrack-tar.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$folder/icons"
cp dist/lighttrack packaging/linux/install.sh packaging/linux/lighttrack.desktop "$stage/$folder/"
cp assets/icons/lighttrack-*.png "$stage/$folder/icons/"
tar -C "$stage" -czf "dist/$folder.tar.gz" "$folder"

(cd dist && sha256sum lighttrack ./*.deb "$folder.tar.gz" > SHA256SUMS)
echo "Built LightTrack $version:"
ls -l dist
