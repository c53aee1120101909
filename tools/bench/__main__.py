"""``python -m tools.bench [--quick] [--out DIR]`` (``make bench``): issues 7 and 12's benchmark."""

import sys

from tools.bench.cli import main

sys.exit(main())
