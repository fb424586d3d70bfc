"""`python -m meide.cli`: the same command as `meide`."""

import sys

from . import main

sys.exit(main())
