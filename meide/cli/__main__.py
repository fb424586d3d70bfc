"""`python -m meide.cli`: the same command as `meide`."""

import sys

from . import main

# Guarded: walking the package (the layer and import tests do) must not run the command.
if __name__ == "__main__":
    sys.exit(main())
