#!/usr/bin/env bash
# Draws the PNG icons the web app manifest lists from the SVGs in public/, with the same headless
# Chromium the tests use (EASEBACK_CHROMIUM, else the system's). Run after changing an icon SVG:
#   bash scripts/pwa/render-icons.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
chromium="${EASEBACK_CHROMIUM:-$(command -v chromium || echo /usr/lib/chromium/chromium)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

render() { # svg size out
  sed -E "s/width=\"[0-9]+\" height=\"[0-9]+\"/width=\"$2\" height=\"$2\"/" "public/$1" > "$work/icon.svg"
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
    --window-size="$2,$2" --screenshot="$work/out.png" "file://$work/icon.svg" >/dev/null 2>&1
  mv "$work/out.png" "public/$3"
}

render icon.svg 192 icon-192.png
render icon.svg 512 icon-512.png
render icon-maskable.svg 512 icon-maskable-512.png
render icon.svg 180 apple-touch-icon.png
# The tab's icon as a small PNG: an SVG favicon is drawn as a document of its own on the page's
# main thread, about 20 ms on a slow phone just after the first paint (issue 13).
render icon.svg 48 favicon-48.png
ls -l public/*.png
