"""Entry point: python -m campaign_roi."""

import sys

from campaign_roi.cli import main

sys.exit(main())
