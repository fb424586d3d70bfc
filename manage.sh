#!/bin/sh
# Meide's single entry point: ./manage.sh serve | test | crash | soak | bench | setup
set -eu
cd "$(dirname "$0")"
sh scripts/setup.sh
VENV=.venv/bin
case "${1:-}" in
  serve)  shift; exec "$VENV/meide" serve --demo "$@" ;;
  test)   shift; exec "$VENV/python" -m pytest "$@" ;;
  crash)  shift; exec "$VENV/python" -m pytest -m slow tests/test_store_crash.py "$@" ;;
  soak)   shift; exec "$VENV/python" -m pytest -m slow -s tests/test_soak.py "$@" ;;
  bench)  shift; exec "$VENV/python" benchmarks/run.py "$@" ;;
  setup)  exit 0 ;;
  *) echo "usage: ./manage.sh serve|test|crash|soak|bench|setup" >&2; exit 2 ;;
esac
