"""``python -m routes``: the ``routemap`` command (same as ``python -m routes.cli``)."""
import sys

from routes.cli import main

if __name__ == "__main__":
    sys.exit(main())
