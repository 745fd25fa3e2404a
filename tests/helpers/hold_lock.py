"""Take the store's write lock, say `locked`, and hold it until killed.

python tests/helpers/hold_lock.py HOME
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from coachcli.store.storage import locked


def main() -> None:
    with locked(Path(sys.argv[1])):
        sys.stdout.write("locked\n")
        sys.stdout.flush()
        time.sleep(60)


if __name__ == "__main__":
    main()
