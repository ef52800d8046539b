#!/bin/sh
# Fetches the OFD reader render.sh draws with: the npm package ofd.js 0.2.6
# (DLTech21's reader, Apache-2.0; 1.5.0 is a different, licensed product),
# of which only its self-contained bundle lib/ofd.umd.min.js is used. npm
# pack takes just the package's tarball (checked against the registry's
# integrity), not the Vue application its package.json depends on.
# usage: fetch-ofdjs.sh DIR — leaves DIR/ofd.umd.min.js (kept between runs)
set -eu
dir=$1
[ -s "$dir/ofd.umd.min.js" ] && exit 0
command -v npm >/dev/null 2>&1 || { echo "fetch-ofdjs: npm is not installed (apt-get install npm)" >&2; exit 1; }
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent ofd.js@0.2.6 >/dev/null && tar xzf ofd.js-0.2.6.tgz package/lib/ofd.umd.min.js)
cp "$tmp/package/lib/ofd.umd.min.js" "$dir/ofd.umd.min.js.part"
mv "$dir/ofd.umd.min.js.part" "$dir/ofd.umd.min.js"
