"""``python -m stedi.visual ...``: the visual commands without the rest of the CLI (Terraform's local-exec runs it)."""

import sys

from stedi.visual.cli import main

sys.exit(main())
