import sys

from ooma_cancel.cli import main

sys.exit(main())
