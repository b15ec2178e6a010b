#!/bin/sh
# Remove a Curbside installed by install.sh: the program, the `curbside` command,
# the menu entry and the icon, i.e. exactly the files install.sh listed.
#
#   ~/.local/lib/curbside/uninstall.sh            # the installed copy
#   ./uninstall.sh --user | --prefix DIR          # from the unpacked bundle
#
# The history, keys and settings in the data directory are kept: they belong to
# the user, and the encrypted history cannot be re-created. The script says
# where they are.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
if [ -f "$here/INSTALLED" ]; then
  lib="$here"
else
  prefix="${HOME:?HOME is not set}/.local"
  while [ $# -gt 0 ]; do
    case "$1" in
      --user) prefix="$HOME/.local" ;;
      --prefix) [ $# -ge 2 ] || { echo "uninstall.sh: --prefix needs a folder" >&2; exit 2; }
                prefix="$2"; shift ;;
      -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
      *) echo "uninstall.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
  done
  lib="$prefix/lib/curbside"
fi

if [ ! -f "$lib/INSTALLED" ]; then
  echo "uninstall.sh: no Curbside installation found in $lib" >&2
  exit 1
fi

apps=""
while IFS= read -r file; do
  case "$file" in
    */applications/curbside.desktop) rm -f "$file"; apps=$(dirname "$file") ;;
    */bin/curbside|*/apps/curbside.svg) rm -f "$file" ;;
    *) echo "uninstall.sh: skipping unexpected entry $file" >&2 ;;
  esac
done <"$lib/INSTALLED"

# The folder is removed only if it is really ours (it holds our program).
if [ -x "$lib/curbside" ] && [ -d "$lib/_internal" ]; then
  rm -rf "$lib"
fi
# Let the menu cache forget the entry (where the tool exists).
if [ -n "$apps" ] && command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q "$apps" 2>/dev/null || true
fi

echo "Curbside removed."
echo "Your history and settings are kept in ${XDG_DATA_HOME:-$HOME/.local/share}/Curbside and ${XDG_CONFIG_HOME:-$HOME/.config}/Curbside; delete them yourself if you no longer need them."
