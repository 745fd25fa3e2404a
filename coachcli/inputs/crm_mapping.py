"""CRM mapping files: which export a CSV is, and how its rows become weekly funnel counts.

Shipped mappings live in `mappings/` (installed as `coachcli.mappings`); a user's in
`<home>/mappings/*.yaml`, where one with the id of a shipped mapping replaces it. Format (see
the contract, "CRM exports"):

    id: my-activities
    kind: activities                 # or stages
    headers: [Assigned, Date, Type]
    columns: {rep: Assigned, date: Date, id: Activity ID}
    date_format: "%m/%d/%Y"          # optional; default ISO 8601
    delimiter: ";"                   # optional; default: sniffed from the header line
    count:
      calls: {Type: [Call]}
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from coachcli.core.crm import MappingSpec
from coachcli.core.ids import KEBAB_ID

_DIRECTIVES = re.compile(r"%[dmyYbBHMSIpjaAzZf%]")


class Columns(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    rep: str = Field(min_length=1)
    date: str | None = None  # required unless a stages mapping reads `entered` columns
    id: str | None = None
    stage: str | None = None


class MappingFile(BaseModel):
    """A mapping as written in YAML, checked whole."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str
    kind: Literal["activities", "stages"]
    title: str = ""
    headers: list[str] = Field(min_length=1)
    columns: Columns
    date_format: str | None = None
    delimiter: Literal[",", ";", "\t"] | None = None
    count: dict[str, dict[str, list[str]]] | None = None
    stages: dict[str, str] | None = None
    entered: dict[str, str] | None = None  # stages, one row per opportunity: column -> step

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not KEBAB_ID.match(value):
            raise ValueError("use kebab-case, like my-activities")
        return value

    @field_validator("date_format")
    @classmethod
    def _format(cls, value: str | None) -> str | None:
        if value is not None and not _DIRECTIVES.search(value):
            raise ValueError('use strftime directives, like "%m/%d/%Y"')
        return value

    @field_validator("count", mode="before")
    @classmethod
    def _conditions(cls, value: Any) -> Any:
        """`Type: Call` is short for `Type: [Call]`; `calls: {}` counts every row."""
        if isinstance(value, dict):
            out: dict[Any, Any] = {}
            for step, conditions in value.items():
                if conditions is None:
                    conditions = {}
                if isinstance(conditions, dict):
                    conditions = {
                        col: ([str(v)] if isinstance(v, str | int | float) else v)
                        for col, v in conditions.items()
                    }
                out[step] = conditions
            return out
        return value

    @model_validator(mode="after")
    def _kind_fields(self) -> MappingFile:
        if self.kind == "activities":
            if not self.count:
                raise ValueError("an activities mapping needs `count:` (funnel step -> conditions)")
            if self.stages or self.entered:
                raise ValueError("`stages:` and `entered:` belong to a stages mapping")
            if not self.columns.date:
                raise ValueError("an activities mapping needs the column `date`")
            return self
        if self.count:
            raise ValueError("`count:` belongs to an activities mapping")
        if not self.columns.id:
            raise ValueError("a stages mapping needs the column `id` (the opportunity)")
        if self.entered:
            if self.stages or self.columns.stage:
                raise ValueError("use either `entered:` or `stages:` with a `stage` column")
        elif not self.stages or not self.columns.stage or not self.columns.date:
            raise ValueError(
                "a stages mapping needs `stages:` (CRM stage -> funnel step) with columns "
                "`stage` and `date`, or `entered:` (date column -> funnel step)"
            )
        return self

    def spec(self, source: str) -> MappingSpec:
        return MappingSpec(
            id=self.id,
            kind=self.kind,
            title=self.title,
            headers=list(self.headers),
            rep=self.columns.rep,
            date=self.columns.date or "",
            record_id=self.columns.id,
            stage=self.columns.stage,
            date_format=self.date_format,
            delimiter=self.delimiter,
            count={k.strip().lower(): v for k, v in (self.count or {}).items()},
            stages={k: v.strip().lower() for k, v in (self.stages or {}).items()},
            entered={k: v.strip().lower() for k, v in (self.entered or {}).items()},
            source=source,
        )


def read_mapping(path: Path, source: str | None = None) -> MappingSpec:
    """One mapping file, or the yamlio problems naming its file, line and field."""
    from coachcli.inputs.yamlio import load_yaml_mapping, validate

    data, marks = load_yaml_mapping(path)
    return validate(MappingFile, data, path, marks).spec(source or str(path))


def shipped_dir() -> Path:
    import coachcli.mappings as shipped

    return Path(next(iter(shipped.__path__)))


def load_mappings(home: Path) -> tuple[list[MappingSpec], list[str]]:
    """Shipped then user mappings (a user one replaces a shipped one of the same id), and a
    warning per user file that could not be read (it is left out, the others still load)."""
    from coachcli.errors import CoachError

    found: dict[str, MappingSpec] = {}
    for path in sorted(shipped_dir().glob("*.yaml")):
        spec = read_mapping(path, "shipped")
        found[spec.id] = spec
    warnings: list[str] = []
    user_dir = home / "mappings"
    for path in sorted(user_dir.glob("*.yaml")) if user_dir.is_dir() else []:
        try:
            spec = read_mapping(path)
        except CoachError as exc:
            warnings.append(f"skipped {exc.message}")
            continue
        found[spec.id] = spec
    return list(found.values()), warnings
