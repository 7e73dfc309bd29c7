# Sourced by build.sh and test.sh: create .venv on first use, keep it in step with
# requirements.txt and pyproject.toml, and activate it.
python_bin=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "Creating .venv with $($python_bin --version)"
  "$python_bin" -m venv .venv
fi
stamp=.venv/.requirements-stamp
if [[ ! -f $stamp || requirements.txt -nt $stamp || pyproject.toml -nt $stamp ]]; then
  echo "Installing requirements into .venv (first run takes a few minutes)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r requirements.txt
  touch "$stamp"
fi
# shellcheck disable=SC1091
source .venv/bin/activate
export MPLBACKEND=Agg

ensure_chromium() {
  if command -v chromium >/dev/null 2>&1; then
    return
  fi
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "Chromium is missing: install Debian's 'chromium' package (apt-get install chromium)." >&2
      exit 1
    fi
  fi
  echo "Installing Debian's chromium for the browser tests"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}
