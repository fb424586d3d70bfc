#!/bin/sh
# Prepare a fresh Debian machine: Debian packages (as root), a virtualenv, Meide installed editable.
set -eu
cd "$(dirname "$0")/.."
PACKAGES=$(grep -v '^#' scripts/debian-packages.txt | tr '\n' ' ')
missing=""
for package in $PACKAGES; do
  dpkg -s "$package" >/dev/null 2>&1 || missing="$missing $package"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian packages:$missing"
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing
  else
    echo "Meide needs these Debian packages; as root run:" >&2
    echo "  apt-get install -y$missing" >&2
  fi
fi
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# Reinstall only when the project's declared dependencies changed.
stamp=.venv/.meide-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # The notebook extra too: the suite starts JupyterLab (tests/test_cli_authoring.py).
  .venv/bin/python -m pip install -q -e '.[test,notebook]'
  touch "$stamp"
fi
