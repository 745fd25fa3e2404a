"""Atomic, private file writes: temp file in the same directory, fsync, rename, fsync dir.

Every file coach writes (store, backups, session bodies, drafts, exports, calendars) goes
through here, so a crash or Ctrl-C mid-write leaves either the old file or the new one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from coachcli.errors import CoachError, StoreError

FILE_MODE = 0o600


def fsync_dir(directory: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory for fsync
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(
    path: Path,
    data: bytes | Iterable[bytes | memoryview],
    *,
    overwrite: bool = True,
    mode: int = FILE_MODE,
) -> Path:
    """Write `data` to `path` atomically with `mode`; returns the real path written.

    `data` may be an iterable of chunks, written as they come (a whole export streams).

    A symlink is written through: the temp file goes beside the real target, which is replaced.
    With `overwrite=False` an existing file is never replaced (FileExistsError).
    """
    target = Path(os.path.realpath(path))
    directory = target.parent
    try:
        # The writer's pid in the name tells a later sweep whether the writer still lives.
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}-", suffix=".tmp", dir=directory
        )
    except FileNotFoundError as exc:
        raise CoachError(f"cannot write {path}: directory {directory} does not exist") from exc
    except OSError as exc:
        raise store_error(exc, directory) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                for chunk in data:
                    handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        if overwrite:
            os.replace(tmp, target)
        else:
            _link_exclusive(tmp, target)
        fsync_dir(directory)
    except FileExistsError:
        raise
    except OSError as exc:
        raise store_error(exc, target) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return target


def link_over(source: Path, target: Path) -> bool:
    """Make `target` another name of `source`'s file, atomically (a hard link renamed over
    it); False when the file system has no hard links (nothing was changed)."""
    real = Path(os.path.realpath(source))
    tmp = target.with_name(f".{target.name}.{os.getpid()}-link.tmp")
    try:
        os.link(real, tmp)
    except OSError:
        return False
    try:
        os.replace(tmp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise store_error(exc, target) from exc
    return True


def _link_exclusive(tmp: Path, target: Path) -> None:
    """Publish `tmp` as `target` only if `target` does not exist (no check-then-write race)."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:
        # File systems without hard links: fall back to a checked rename.
        if target.exists():
            raise FileExistsError(errno.EEXIST, "file exists", str(target)) from None
        os.replace(tmp, target)


def store_error(exc: OSError, where: Path) -> StoreError:
    if exc.errno == errno.ENOSPC:
        return StoreError(f"disk full while writing {where}; nothing was changed")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError(
            f"cannot write {where}: permission denied or read-only",
            hint="check the permissions of the coach home, or use --home DIR",
        )
    return StoreError(f"cannot write {where}: {exc.strerror or exc}")


def remove_stale_temps(directory: Path, name: str) -> int:
    """Delete temp files a killed writer left for `name`; call only while holding the lock.

    Returns how many were deleted."""
    removed = 0
    for leftover in directory.glob(f".{name}.*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()
            removed += 1
    return removed


STALE_SECONDS = 600.0  # a temp file lives for one write (milliseconds); this one was left


def _writer(leftover: Path) -> int | None:
    """The pid in a temp file's name (`.<name>.<pid>-<random>.tmp`); None in older names."""
    last = leftover.name.removesuffix(".tmp").rsplit(".", 1)[-1]
    pid, dash, _ = last.partition("-")
    return int(pid) if dash and pid.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # another user's process, or cannot tell: assume it lives
    return True


def _file_clock(directory: Path) -> float:
    """Now, as the file system stamps a file created in `directory`: a temp's age compares
    file times with a file time, so a process clock that is off (a wrong system clock, a
    container's, faketime) never makes a live writer's temp look old."""
    try:
        with tempfile.TemporaryFile(dir=directory) as probe:
            return os.fstat(probe.fileno()).st_mtime
    except OSError:
        return time.time()


def sweep_temps(directory: Path, pattern: str) -> int:
    """Delete temp files of `pattern` (`*.json`, `dana.json`) a killed writer left in
    `directory`, for files written without the store lock (drafts): a temp whose writer's
    pid is gone, or older than STALE_SECONDS; never one a live writer is filling.

    Returns how many were deleted.
    """
    removed = 0
    now = _file_clock(directory)
    for leftover in directory.glob(f".{pattern}.*.tmp"):
        pid = _writer(leftover)
        try:
            age = now - leftover.stat().st_mtime
        except OSError:
            continue
        if (pid is None or _alive(pid)) and age < STALE_SECONDS:
            continue
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
            removed += 1
    return removed
