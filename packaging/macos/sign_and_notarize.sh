#!/usr/bin/env bash
# Sign Curbside.app with the hardened runtime, notarize it, staple the ticket,
# and wrap it in a .dmg. Runs on a macOS release machine (release.yml), after
# `python packaging/bundle.py` has written build/bundle/dist/Curbside.app.
#
# Needs, from the release machine's keychain / secrets (never from the repo):
#   SIGN_IDENTITY     "Developer ID Application: <Org> (<TEAMID>)"
#   NOTARY_PROFILE    a `xcrun notarytool store-credentials` profile name, or
#   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD   to create one on the fly
# Without SIGN_IDENTITY the app is signed ad hoc (runs on this Mac only) and
# notarization is skipped: say so in the release notes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
app="${1:-$root/build/bundle/dist/Curbside.app}"
version="${CURBSIDE_VERSION:-0.0.0}"
dmg="$root/dist/Curbside-$version-macos-$(uname -m).dmg"
entitlements="$here/entitlements.plist"

[ -d "$app" ] || { echo "sign_and_notarize.sh: $app not found; run packaging/bundle.py" >&2; exit 1; }
identity="${SIGN_IDENTITY:--}"

# Sign inside out: every Mach-O file first (dylibs, .so, Qt plugins, the
# frameworks' binaries), then the app. `codesign --deep` is deprecated for
# signing and misses files that are not in standard bundle locations.
find "$app/Contents" -type f \( -name '*.dylib' -o -name '*.so' -o -perm -u+x \) -print0 |
  while IFS= read -r -d '' file; do
    if file -b "$file" | grep -q 'Mach-O'; then
      codesign --force --timestamp --options runtime --entitlements "$entitlements" \
        --sign "$identity" "$file"
    fi
  done
codesign --force --timestamp --options runtime --entitlements "$entitlements" \
  --sign "$identity" "$app"
codesign --verify --strict --verbose=2 "$app"

mkdir -p "$root/dist"
rm -f "$dmg"
hdiutil create -volname "Curbside $version" -srcfolder "$app" -ov -format UDZO "$dmg"

if [ "$identity" = "-" ]; then
  echo "Signed ad hoc (no SIGN_IDENTITY): not notarized; Gatekeeper will refuse it on other Macs."
  exit 0
fi
codesign --force --timestamp --sign "$identity" "$dmg"

profile="${NOTARY_PROFILE:-curbside-notary}"
if [ -z "${NOTARY_PROFILE:-}" ]; then
  xcrun notarytool store-credentials "$profile" --apple-id "${APPLE_ID:?}" \
    --team-id "${APPLE_TEAM_ID:?}" --password "${APPLE_APP_PASSWORD:?}"
fi
xcrun notarytool submit "$dmg" --keychain-profile "$profile" --wait
xcrun stapler staple "$dmg"
xcrun stapler staple "$app"
spctl --assess --type execute --verbose "$app"
echo "$dmg"
