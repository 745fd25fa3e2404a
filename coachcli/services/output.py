"""Documents a command was asked to write to files (`-o FILE`, `-o DIR`): atomically, 0600,
never replacing an existing file unless told to."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from coachcli.errors import CoachError


@dataclass(frozen=True)
class Written:
    """What a command shows after an export: chunks for stdout, or a line saying what was
    written (stdout chunks are made lazily, so a whole store streams)."""

    stdout: Iterable[str] = ()
    message: str | None = None


def write_document(output: str, text: str) -> Path:
    """Write `text` to the file `output` names (`~` expanded); returns the path written."""
    from coachcli.store.files import atomic_write

    return atomic_write(Path(output).expanduser(), text.encode("utf-8"))


def utf8(text: str) -> bytes:
    """Input is checked for invalid UTF-8, but a store edited by hand may still hold a lone
    surrogate: it becomes `?` rather than failing the whole export."""
    return text.encode("utf-8", errors="replace")


def write_new(path: Path, text: str | Iterator[bytes], force: bool) -> Path:
    """Write one file, refused if it exists unless `force`; returns the path written."""
    from coachcli.store.files import atomic_write

    if path.exists() and not force:
        raise CoachError(f"{path} already exists", hint="use --force to replace it")
    try:
        data = utf8(text) if isinstance(text, str) else text
        return atomic_write(path, data, overwrite=force)
    except FileExistsError:
        raise CoachError(f"{path} already exists", hint="use --force to replace it") from None


def inside(directory: Path, name: str) -> Path:
    """`directory/name`, refused unless it is a plain name that stays inside `directory`."""
    base = Path(os.path.realpath(directory))
    target = base / name
    if (
        name in ("", ".", "..")
        or "/" in name
        or os.sep in name
        or Path(os.path.realpath(target)).parent != base
        or target.is_symlink()
    ):
        raise CoachError(f"refusing to write {name!r}: it would land outside {directory}")
    return target


def write_many(
    directory: Path, files: dict[str, str], force: bool, skip_existing: bool = False
) -> str:
    """Write every file or none: existing ones are refused before anything is written
    (or, with `skip_existing`, left as they are while the others are written). Returns the
    line that says what was done."""
    from coachcli.store.files import atomic_write
    from coachcli.store.paths import ensure_dir

    directory = directory.expanduser()
    if directory.exists() and not directory.is_dir():
        raise CoachError(f"{directory} is not a directory")
    if not files:
        return "no sessions to export"
    if not directory.exists():
        ensure_dir(directory)  # a new directory is private; an existing one is left as it is
    targets = {inside(directory, name): text for name, text in files.items()}
    existing = [t for t in targets if os.path.lexists(t)]
    if skip_existing:
        for target in existing:
            del targets[target]
    elif existing and not force:
        shown = ", ".join(t.name for t in existing[:3]) + (" ..." if len(existing) > 3 else "")
        raise CoachError(
            f"{len(existing)} file(s) already exist in {directory}: {shown}",
            hint="nothing was written; use --force to replace them",
        )
    for target, text in targets.items():
        try:
            atomic_write(target, utf8(text), overwrite=force)
        except FileExistsError:
            raise CoachError(f"{target} appeared while exporting; it was left as it is") from None
    skipped = f"; skipped {len(existing)} already there" if skip_existing else ""
    return f"wrote {len(targets)} file(s) to {directory}{skipped}"


def emit(text: str, output: str | None, to_dir: bool, name: str, force: bool) -> Written:
    """`text` to stdout (no -o, or `-o -`), to `name` in the directory -o names, or to -o."""
    if output in (None, "-"):
        return Written(stdout=(text,))
    if to_dir:
        return Written(message=write_many(Path(str(output)), {name: text}, force))
    return Written(message=f"wrote {write_new(Path(str(output)).expanduser(), text, force)}")
