"""Transcript files written by the tests: Zoom WebVTT, Teams WebVTT and SubRip, from
(start s, end s, speaker, text) lines, and a team with a manager to measure them for."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ok

MANAGER = "Sam Rivera"
Line = tuple[float, float, str, str]


def stamp(seconds: float, sep: str = ".") -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def zoom_vtt(lines: list[Line]) -> str:
    out = ["WEBVTT", ""]
    for i, (start, end, who, text) in enumerate(lines, 1):
        said = f"{who}: {text}" if who else text
        out += [str(i), f"{stamp(start)} --> {stamp(end)}", said, ""]
    return "\n".join(out)


def subrip(lines: list[Line]) -> str:
    out = []
    for i, (start, end, who, text) in enumerate(lines, 1):
        said = f"{who}: {text}" if who else text
        out += [str(i), f"{stamp(start, ',')} --> {stamp(end, ',')}", said, ""]
    return "\n".join(out)


def raw_vtt(cues: list[tuple[float, float, str]]) -> str:
    """WebVTT with each cue's payload exactly as given (voices, several lines...)."""
    out = ["WEBVTT", ""]
    for start, end, payload in cues:
        out += [f"{stamp(start)} --> {stamp(end)}", payload, ""]
    return "\n".join(out)


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def make_team(home: Path) -> Path:
    """Dana Lee and Marco Rossi, and the manager's name in config.yaml."""
    ok("init")
    ok("rep", "add", "Dana Lee")
    ok("rep", "add", "Marco Rossi", "--alias", "M. Rossi")
    config = home / "config.yaml"
    config.write_text(config.read_text().replace('manager: ""', f'manager: "{MANAGER}"'))
    return home


def add(path: Path, *extra: str, rep: str = "dana", day: str = "2026-11-24") -> dict:
    return ok("call", "add", rep, str(path), "--date", day, "--json", *extra).json()  # type: ignore[return-value]


def speaker(call: dict, role: str) -> dict:
    return next(s for s in call["speakers"] if s["role"] == role)
