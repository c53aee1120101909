"""``python -m tools.bench [--quick] [--out DIR]``: the benchmark of issue 7 (``make bench``)."""

import sys

from tools.bench.cli import main

sys.exit(main())
