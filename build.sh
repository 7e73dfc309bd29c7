#!/usr/bin/env bash
# Build the book into _build/html, strictly (any warning or cell error fails the build).
#
#   ./build.sh              the website
#   ./build.sh --student    the student edition (no solutions) into _build/student/html
#
# On a fresh machine it first creates .venv and installs requirements.txt.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-env.sh

if [[ "${1:-}" == "--student" ]]; then
  python scripts/student_edition.py site
  exit 0
fi

rm -rf _build/html _build/jupyter_execute _build/.doctrees
start=$(date +%s)
jupyter-book build . -W -n --keep-going
echo
echo "Built in $(( $(date +%s) - start )) s. Open this file in a browser:"
echo "    file://$PWD/_build/html/index.html"
