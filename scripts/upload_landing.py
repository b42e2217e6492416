#!/usr/bin/env python3
"""Upload the landing data to the lake bucket.

python scripts/upload_landing.py --landing DIR --bucket BUCKET [--dry-run]
"""

import sys
from pathlib import Path

try:
    from stedi.aws.upload import main
except ImportError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from stedi.aws.upload import main

if __name__ == "__main__":
    sys.exit(main())
