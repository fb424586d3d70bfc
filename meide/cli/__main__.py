"""`python -m meide.cli`: the same command as `meide`."""

import sys

from . import main

# Guarded: the project test imports every module of meide (to check none imports panel).
if __name__ == "__main__":
    sys.exit(main())
