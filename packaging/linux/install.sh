#!/bin/sh
# Install the Curbside bundle for the current user: no root, no compiler.
#
#   ./install.sh --user            # into ~/.local (the default)
#   ./install.sh --prefix DIR      # elsewhere, e.g. a shared folder an IT admin owns
#
# Puts the program in PREFIX/lib/curbside/, a `curbside` command in PREFIX/bin/,
# a menu entry in $XDG_DATA_HOME/applications/ and its icon in the hicolor
# theme. Reinstalling replaces the program; the history, keys and settings in
# the data directory (~/.local/share/Curbside) are never touched.
# PREFIX/lib/curbside/uninstall.sh removes exactly what this script wrote.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
prefix="${HOME:?HOME is not set}/.local"
while [ $# -gt 0 ]; do
  case "$1" in
    --user) prefix="$HOME/.local" ;;
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a folder" >&2; exit 2; }
              prefix="$2"; shift ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

[ -x "$here/curbside/curbside" ] || { echo "install.sh: run it from the unpacked bundle folder" >&2; exit 1; }
case "$prefix" in /*) ;; *) prefix="$(pwd)/$prefix" ;; esac

data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
[ "$prefix" = "$HOME/.local" ] || data_home="$prefix/share"
lib="$prefix/lib/curbside"
bin="$prefix/bin"
apps="$data_home/applications"
icons="$data_home/icons/hicolor/scalable/apps"
mkdir -p "$prefix/lib" "$bin" "$apps" "$icons"

# Copy next to the old program, then swap, so an interrupted install never
# leaves half a program behind.
rm -rf "$lib.new"
cp -a "$here/curbside" "$lib.new"
cp "$here/uninstall.sh" "$lib.new/"
[ ! -f "$here/BUILD-INFO.json" ] || cp "$here/BUILD-INFO.json" "$lib.new/"
if [ -d "$lib" ]; then
  rm -rf "$lib.old" && mv "$lib" "$lib.old" && mv "$lib.new" "$lib" && rm -rf "$lib.old"
else
  mv "$lib.new" "$lib"
fi

ln -sfn "$lib/curbside" "$bin/curbside"
cp "$here/curbside.svg" "$icons/curbside.svg"
# Exec takes a quoted absolute path: a desktop session's PATH may lack ~/.local/bin.
quoted=$(printf '"%s"' "$lib/curbside" | sed 's/[\\$`]/\\&/g')
sed -e "s|@EXEC@|$quoted|" -e "s|@TRYEXEC@|$lib/curbside|" \
  "$here/curbside.desktop" >"$apps/curbside.desktop"
chmod 644 "$apps/curbside.desktop" "$icons/curbside.svg"

cat >"$lib/INSTALLED" <<EOF
$bin/curbside
$apps/curbside.desktop
$icons/curbside.svg
EOF

# Refresh the menu and icon caches where the tools exist (harmless elsewhere).
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$apps" 2>/dev/null || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -t "$data_home/icons/hicolor" 2>/dev/null || true
fi

echo "Curbside installed in $lib"
echo "Start it from the applications menu, or run: $bin/curbside"
case ":$PATH:" in *":$bin:"*) ;; *) echo "($bin is not on your PATH; add it to use the curbside command.)" ;; esac
echo "To remove it: $lib/uninstall.sh"
