#!/usr/bin/env bash
# Rebuilds actions/*/dist from the COMMITTED sources (a clean clone of HEAD), so the
# bundles match what `pnpm run check:dist` rebuilds in CI even while the working tree
# holds uncommitted changes of others. Copies the result back; commit it afterwards:
#   bash actions/rebuild-dist.sh && git add actions/*/dist && git commit -m "Rebuild the action bundles"
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT

git clone --quiet "$repo" "$build/repo"
(cd "$build/repo" && pnpm install --frozen-lockfile --silent && pnpm run --silent bundle:actions)
for action in validate apply audit; do
  rm -rf "$repo/actions/$action/dist"
  cp -r "$build/repo/actions/$action/dist" "$repo/actions/$action/dist"
done
echo "actions/*/dist rebuilt from $(git -C "$build/repo" rev-parse --short HEAD)."
