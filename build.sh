#!/usr/bin/env bash
# Build the book into _build/html, strictly (any warning or cell error fails the build).
#
#   ./build.sh              the website (incremental: only what changed is rebuilt)
#   ./build.sh --clean      the website from scratch (executions stay cached by content)
#   ./build.sh --student    the student edition (no solutions) into _build/student/_build/html
#   ./build.sh --pdf        the website, then the printable book _build/pdf/book.pdf
#
# On a fresh machine it first creates .venv and installs requirements.txt.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-env.sh

if [[ "${1:-}" == "--student" ]]; then
  python scripts/student_edition.py site
  exit 0
fi

if [[ "${1:-}" == "--pdf" ]]; then
  ensure_chromium
  "$0"                                  # the website, strictly (the PDF is printed from it)
  start=$(date +%s)
  python scripts/build_pdf.py
  echo "PDF printed in $(( $(date +%s) - start )) s: file://$PWD/_build/pdf/book.pdf"
  exit 0
fi

# Incremental: Sphinx rewrites the pages whose sources (or executions) changed; notebooks
# re-execute only when their code or an acslib module they import changed. --clean starts over.
if [[ "${1:-}" == "--clean" ]]; then
  rm -rf _build/html _build/jupyter_execute _build/.doctrees
fi
start=$(date +%s)
jupyter-book build . -W -n --keep-going
echo
echo "Built in $(( $(date +%s) - start )) s. Open this file in a browser:"
echo "    file://$PWD/_build/html/index.html"
