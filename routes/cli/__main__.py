"""``python -m routes.cli``: the ``routemap`` command."""
import sys

from routes.cli import main

if __name__ == "__main__":
    sys.exit(main())
