#!/usr/bin/env python3
"""Start the Glue workflow (or one job) and wait for it, printing each failed run's error.

python scripts/run_workflow.py --workflow NAME [--poll-seconds 30] [--timeout 7200]
python scripts/run_workflow.py --job NAME [--arguments KEY=VALUE ...]
"""

import sys
from pathlib import Path

try:
    from stedi.aws.runs import main
except ImportError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from stedi.aws.runs import main

if __name__ == "__main__":
    sys.exit(main())
