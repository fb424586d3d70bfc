#!/bin/sh
# Meide's single entry point: ./manage.sh serve | notebook | test | crash | soak | bench | setup
set -eu
cd "$(dirname "$0")"
sh scripts/setup.sh
VENV=.venv/bin
case "${1:-}" in
  serve)  shift; exec "$VENV/meide" serve --demo "$@" ;;
  notebook) shift
          # JupyterLab on 127.0.0.1 over notebooks/, in this virtualenv (its python3 kernel).
          "$VENV/python" -c "import jupyterlab" 2>/dev/null \
            || "$VENV/python" -m pip install -q -e '.[notebook]'
          exec "$VENV/meide" notebook "$@" ;;
  test)   shift; exec "$VENV/python" -m pytest "$@" ;;
  crash)  shift; exec "$VENV/python" -m pytest -m slow tests/test_store_crash.py "$@" ;;
  soak)   shift; exec "$VENV/python" -m pytest -m slow -s tests/test_soak.py "$@" ;;
  bench)  shift; exec "$VENV/python" benchmarks/run.py "$@" ;;
  setup)  exit 0 ;;
  *) echo "usage: ./manage.sh serve|notebook|test|crash|soak|bench|setup" >&2; exit 2 ;;
esac
