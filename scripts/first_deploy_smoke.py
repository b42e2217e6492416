#!/usr/bin/env python3
"""First-deploy smoke test on a real AWS account: apply, upload, run the workflow, Athena checks, destroy.

python scripts/first_deploy_smoke.py --landing DIR --region REGION [--keep] [--var KEY=VALUE ...]
"""

import sys
from pathlib import Path

try:
    from stedi.aws.smoke import main
except ImportError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from stedi.aws.smoke import main

if __name__ == "__main__":
    sys.exit(main())
