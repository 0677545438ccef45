#!/usr/bin/env bash
# Renders the app icons in assets/icons/ from the SVG sources here, with headless Chromium and
# the bundled Andika font. Run by hand after editing an SVG; the PNGs are committed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out="$here/../../assets/icons"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here/../../assets/fonts/andika-latin-700-normal.woff2" "$work/"
for name in icon maskable; do
  for size in 192 512; do
    {
      echo "<!doctype html><html><head><style>"
      echo "@font-face{font-family:Andika;font-weight:700;src:url(andika-latin-700-normal.woff2)}"
      echo "html,body{margin:0;background:transparent}svg{display:block}</style></head><body>"
      sed "s/<svg /<svg width=\"$size\" height=\"$size\" /" "$here/$name.svg"
      echo "</body></html>"
    } > "$work/page.html"
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
      --disable-background-networking --disable-component-update --disable-sync \
      --disable-dev-shm-usage --hide-scrollbars --default-background-color=00000000 \
      --window-size=$size,$size --screenshot="$out/$name-$size.png" "file://$work/page.html" \
      >/dev/null 2>&1
  done
done
# Palette quantisation shrinks each icon about fourfold with no visible change (Debian: pngquant).
if command -v pngquant >/dev/null 2>&1; then
  for png in "$out"/*.png; do pngquant --force --quality=70-95 --speed 1 --strip --output "$png" "$png"; done
fi
ls -l "$out"
