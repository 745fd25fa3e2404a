"""One live interactive session per rep: a claim file with the owner's pid.

`<home>/drafts/<slug>.live` is created exclusively when a session starts and removed when it
ends, however it ends (saved, paused with Ctrl-C, an error). A second terminal that finds it
is told where the session runs; the claim is stale, and taken silently, once its process is
gone (a crash, a closed terminal, a reboot). Taking over a live claim is explicit.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from coachcli.errors import CoachError
from coachcli.store.paths import ensure_dir

CLAIM_DIR = "drafts"


def claim_path(home: Path, slug: str) -> Path:
    return home / CLAIM_DIR / f"{slug}.live"


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # somebody else's process: alive
    return True


def _mine() -> dict[str, Any]:
    try:
        terminal = os.ttyname(0)
    except OSError:
        terminal = ""
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "terminal": terminal,
        "since": datetime.now().strftime("%Y-%m-%d %H:%M"),
    }


def holder(home: Path, slug: str) -> dict[str, Any] | None:
    """Who holds the rep's live session, when a live process (not this one) does."""
    try:
        doc = json.loads(claim_path(home, slug).read_bytes()[:4096])
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict) or doc.get("pid") == os.getpid():
        return None
    pid = doc.get("pid")
    if doc.get("host") not in (None, socket.gethostname()):
        return doc  # another machine on a shared home: we cannot tell, so it counts
    return doc if isinstance(pid, int) and _alive(pid) else None


def where(doc: dict[str, Any]) -> str:
    parts = [f"pid {doc.get('pid')}"]
    if doc.get("terminal"):
        parts.append(str(doc["terminal"]))
    if doc.get("host") and doc.get("host") != socket.gethostname():
        parts.append(f"on {doc['host']}")
    if doc.get("since"):
        parts.append(f"since {doc['since']}")
    return ", ".join(parts)


def refuse_if_live(home: Path, slug: str, name: str) -> None:
    """A user error when another live process runs this rep's session."""
    doc = holder(home, slug)
    if doc is not None:
        raise CoachError(
            f"{name}'s session is open in another terminal ({where(doc)})",
            hint=f"finish it there, or take it over with `coach session resume {slug} --take-over`",
        )


@contextlib.contextmanager
def claim(home: Path, slug: str, name: str, *, take_over: bool = False) -> Iterator[None]:
    """Hold the rep's live-session claim for the duration of the block."""
    path = claim_path(home, slug)
    ensure_dir(path.parent)
    data = json.dumps(_mine()).encode("utf-8")
    for _ in range(3):
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            if not take_over:
                refuse_if_live(home, slug, name)
            with contextlib.suppress(FileNotFoundError):
                path.unlink()  # stale (its process is gone) or taken over on request
            continue
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        break
    else:  # pragma: no cover - three races in a row with other terminals
        raise CoachError(f"{name}'s session is being started in another terminal")
    try:
        yield
    finally:
        if still_mine(home, slug):
            with contextlib.suppress(OSError):
                path.unlink()


def still_mine(home: Path, slug: str) -> bool:
    """Whether this process still holds the claim (nobody took the session over)."""
    try:
        doc = json.loads(claim_path(home, slug).read_bytes()[:4096])
    except (OSError, ValueError):
        return False
    return isinstance(doc, dict) and doc.get("pid") == os.getpid()
