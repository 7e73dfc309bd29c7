#!/usr/bin/env bash
# Run every test: acslib's unit tests and doctests, nbval over every chapter notebook,
# and the real-browser tests of the built site.
#
#   ./test.sh                 everything (builds the site first if it is missing or stale)
#   ./test.sh ARGS...         pass ARGS to pytest instead, e.g. ./test.sh tests/test_gap.py
#
# On a fresh machine it first creates .venv, installs requirements.txt and, when run as
# root (or with sudo), Debian's chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-env.sh
ensure_chromium

if [[ $# -gt 0 ]]; then
  exec python -m pytest "$@"
fi

# The browser tests need a site built from the current sources.
newest_source=$(find _config.yml _toc.yml intro.md references.bib appendix chapters acslib \
  -type f ! -name '*.pyc' ! -path '*/.ipynb_checkpoints/*' -newer _build/html/index.html 2>/dev/null \
  | head -n 1 || true)
if [[ ! -f _build/html/index.html || -n "$newest_source" ]]; then
  echo "The site is missing or older than its sources: building it first."
  ./build.sh
fi

start=$(date +%s)
# 1. Unit tests and doctests, spread over two workers.
python -m pytest -n 2 acslib tests -m "not browser"
# 2. Every chapter notebook under nbval; one notebook stays on one kernel (--dist loadfile).
python -m pytest -n 2 --dist loadfile --nbval-lax chapters
# 3. The built site in headless Chromium.
python -m pytest tests/test_site.py -m browser
echo "All tests passed in $(( $(date +%s) - start )) s."
