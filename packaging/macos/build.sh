#!/usr/bin/env bash
# The macOS release, on a Mac with the venv set up (scripts/setup.sh, then
# `.venv/bin/pip install pyinstaller==6.22.3 pyobjc-framework-WebKit`). Writes into dist/:
#   LightTrack.app                 the menu-bar app (LSUIElement: no Dock icon), `--version` etc. via
#                                  LightTrack.app/Contents/MacOS/LightTrack
#   LightTrack-VERSION-macos-ARCH.dmg
# Signing and notarization happen when these are set (see packaging/README.md):
#   LIGHTTRACK_CODESIGN_IDENTITY   "Developer ID Application: Name (TEAMID)": PyInstaller signs every binary with
#                                  the hardened runtime and packaging/macos/entitlements.plist
#   LIGHTTRACK_NOTARY_PROFILE      a `xcrun notarytool store-credentials` profile: the .dmg is notarized and stapled
# Build on the oldest macOS you support, once per architecture (or with a universal2 Python and
# LIGHTTRACK_TARGET_ARCH=universal2).
set -euo pipefail

root_dir=$(cd "$(dirname "$0")/../.." && pwd)
python=${PYTHON:-$root_dir/.venv/bin/python}
cd "$root_dir"

PYSTRAY_BACKEND=dummy "$python" -m PyInstaller --noconfirm --clean --distpath dist --workpath build/pyinstaller \
    pyinstaller.spec
app=dist/LightTrack.app
version=$("$app/Contents/MacOS/LightTrack" --version | cut -d' ' -f2)
arch=${LIGHTTRACK_TARGET_ARCH:-$(uname -m)}
plutil -lint "$app/Contents/Info.plist"
if [ -n "${LIGHTTRACK_CODESIGN_IDENTITY:-}" ]; then
    codesign --verify --deep --strict --verbose=2 "$app"
fi

dmg="dist/LightTrack-$version-macos-$arch.dmg"
rm -f "$dmg"
hdiutil create -volname "LightTrack $version" -srcfolder "$app" -ov -format UDZO "$dmg"
if [ -n "${LIGHTTRACK_CODESIGN_IDENTITY:-}" ]; then
    codesign --sign "$LIGHTTRACK_CODESIGN_IDENTITY" --timestamp "$dmg"
fi
if [ -n "${LIGHTTRACK_NOTARY_PROFILE:-}" ]; then
    xcrun notarytool submit "$dmg" --keychain-profile "$LIGHTTRACK_NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose=2 "$dmg"
fi
(cd dist && shasum -a 256 "$(basename "$dmg")" > SHA256SUMS)
echo "Built $dmg"
