#!/usr/bin/env bash
# Run every test: acslib's unit tests, doctests and contract test; nbval over every chapter;
# the built site (both themes, a phone, axe) and the slides in headless Chromium; the
# chapters in a real JupyterLab; the student edition.
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
export ACSLIB_CACHE_DIR="${ACSLIB_CACHE_DIR:-$PWD/_build/.acslib-cache}"

if [[ $# -gt 0 ]]; then
  exec python -m pytest "$@"
fi

# The browser, JupyterLab and nbval steps need a site built from the current sources.
newest_source=$(find _config.yml _toc.yml intro.md references.bib appendix chapters acslib \
  -type f ! -name '*.pyc' ! -path '*/.ipynb_checkpoints/*' -newer _build/html/index.html 2>/dev/null \
  | head -n 1 || true)
if [[ ! -f _build/html/index.html || -n "$newest_source" ]]; then
  echo "The site is missing or older than its sources: building it first."
  ./build.sh
fi

start=$(date +%s)
step() { echo; echo "== $1 ($(( $(date +%s) - start )) s)"; }

step "Unit tests, doctests and the acslib contract, on two workers"
python -m pytest -q -n 2 acslib tests -m "not browser and not jupyterlab and not student_site"

# nbval checks every chapter's checked outputs. The build has just executed every chapter
# from the current sources, so nbval is given those executions (tests/replay_kernel.py)
# instead of executing each notebook a second time; without fresh executions it runs a
# real kernel.
step "Every chapter under nbval"
kernels=$(mktemp -d)
mode=$(python tests/replay_kernel.py --setup "$kernels")
if [[ "$mode" == "replay" ]]; then
  JUPYTER_PATH="$kernels${JUPYTER_PATH:+:$JUPYTER_PATH}" \
    python -m pytest -q -n 2 --dist loadfile --nbval-lax --nbval-kernel-name acslib-replay chapters
else
  python -m pytest -q -n 2 --dist loadfile --nbval-lax chapters
fi
rm -rf "$kernels"

step "The built site and the slides in headless Chromium (both themes, a phone, axe)"
python -m pytest -q -n 2 tests/test_site.py tests/test_slides.py -m browser

step "The chapters in a real JupyterLab"
python -m pytest -q tests/test_jupyterlab.py -m jupyterlab

step "The student edition"
python -m pytest -q tests/test_student_edition.py -m student_site

echo
echo "All tests passed in $(( $(date +%s) - start )) s."
