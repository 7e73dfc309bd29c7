#!/usr/bin/env bash
# Cold full-book build time: a fresh clone of the committed book, its own _build, the
# existing .venv (package installation is not part of the figure), strict flags.
#
#   benchmarks/cold_build.sh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/book"
cd "$work/book"
start=$(date +%s%N)
"$repo/.venv/bin/jupyter-book" build . -W -n --keep-going > "$work/build.log" 2>&1 || {
  tail -n 40 "$work/build.log"; exit 1; }
end=$(date +%s%N)
pages=$(find _build/html -name '*.html' -not -path '*/_static/*' | wc -l)
echo "cold build: $(( (end - start) / 1000000000 )) s for $pages pages"
for page in _build/html/chapters/*.html; do
  printf '  %-50s %6.0f KB\n' "${page#_build/html/}" "$(( $(stat -c %s "$page") / 1024 ))"
done
