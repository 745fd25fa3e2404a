"""Drafts of sessions in progress: one small JSON file per rep, `<home>/drafts/<slug>.json`.

A draft is rewritten (atomically, 0600) after every answer, so Ctrl-C, a closed terminal or a
crash never loses what was typed, and typing never waits on the store: the store is written
once, when the session is saved, and the draft is removed after that write.
"""

from __future__ import annotations

import contextlib
import json
import threading
from pathlib import Path
from typing import Any

from coachcli.errors import CoachError

DRAFT_DIR = "drafts"
DRAFT_VERSION = 1


def draft_path(home: Path, slug: str) -> Path:
    return home / DRAFT_DIR / f"{slug}.json"


def _encode(doc: dict[str, Any]) -> bytes:
    return json.dumps({"version": DRAFT_VERSION, **doc}, ensure_ascii=False).encode("utf-8")


def _write(home: Path, slug: str, data: bytes) -> None:
    from coachcli.store.files import atomic_write
    from coachcli.store.paths import ensure_dir

    ensure_dir(home / DRAFT_DIR)
    atomic_write(draft_path(home, slug), data)


class DraftWriter:
    """Saves a rep's draft off the typing path: a background thread writes the latest version.

    An fsync can take tens of milliseconds on a slow disk; the person typing should not wait
    for it. `save` only hands over the bytes (newer versions replace older unwritten ones);
    `close` waits until the latest version is on disk. A failed write is raised by the next
    `save` or by `close`.
    """

    def __init__(self, home: Path, slug: str) -> None:
        self._home = home
        self._slug = slug
        self._cond = threading.Condition()
        self._pending: bytes | None = None
        self._busy = False
        self._closed = False
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="coach-draft", daemon=True)
        self._thread.start()

    def save(self, doc: dict[str, Any]) -> None:
        data = _encode(doc)
        with self._cond:
            self._raise()
            self._pending = data
            self._cond.notify_all()

    def finish(self, doc: dict[str, Any]) -> None:
        """Write `doc` as the final version (it supersedes a failed earlier one) and close."""
        data = _encode(doc)
        with self._cond:
            self._error = None
            self._pending = data
            self._cond.notify_all()
        self.close()

    def discard(self) -> None:
        """Stop writing and remove the draft: nothing worth keeping was typed."""
        self.close()
        discard_draft(self._home, self._slug)

    def close(self) -> None:
        """Wait for the latest version to be written, then stop the thread."""
        with self._cond:
            while self._pending is not None or self._busy:
                self._cond.wait()
            self._closed = True
            self._cond.notify_all()
        self._thread.join()
        with self._cond:
            self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._pending is None and not self._closed:
                    self._cond.wait()
                if self._pending is None:
                    return
                data, self._pending = self._pending, None
                self._busy = True
            try:
                _write(self._home, self._slug, data)
            except BaseException as exc:  # handed to the main thread
                with self._cond:
                    self._error = exc
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()


def load_draft(home: Path, slug: str) -> dict[str, Any] | None:
    """The rep's draft, or None; a damaged draft is an error that says how to drop it."""
    path = draft_path(home, slug)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CoachError(f"cannot read the draft {path}: {exc.strerror or exc}") from None
    try:
        doc = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        doc = None
    if not isinstance(doc, dict) or doc.get("version") != DRAFT_VERSION:
        raise CoachError(
            f"the draft {path} is damaged or from another version of coach",
            hint=f"discard it with `coach session discard {slug}`",
        )
    return doc


def has_draft(home: Path, slug: str) -> bool:
    return draft_path(home, slug).exists()


def discard_draft(home: Path, slug: str) -> bool:
    """Remove the rep's draft; True if there was one."""
    with contextlib.suppress(FileNotFoundError):
        draft_path(home, slug).unlink()
        return True
    return False
