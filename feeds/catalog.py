"""The bundled catalog of journal, preprint and meeting-news feeds by specialty.

Loaded once from ``feeds/catalog.json`` (package data, read with ``importlib.resources``).
``catalog("cardiology")`` lists one specialty (aliases such as ``cardio`` or ``id`` work);
``catalog(None)`` lists every feed once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal, TypeAlias

__all__ = ["CatalogEntry", "FeedKind", "catalog", "resolve_specialty", "specialties"]

FeedKind: TypeAlias = Literal["journal", "preprint", "conference"]


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One catalog feed."""

    name: str
    url: str
    specialty: str
    kind: FeedKind
    publisher: str | None = None


@dataclass(frozen=True, slots=True)
class _Specialty:
    key: str
    label: str
    aliases: tuple[str, ...]
    entries: tuple[CatalogEntry, ...]


@cache
def _load() -> tuple[_Specialty, ...]:
    doc: dict[str, Any] = json.loads(
        files("feeds").joinpath("catalog.json").read_text(encoding="utf-8")
    )
    out: list[_Specialty] = []
    for key, spec in doc["specialties"].items():
        entries = tuple(
            CatalogEntry(
                name=f["name"],
                url=f["url"],
                specialty=key,
                kind=f.get("kind", "journal"),
                publisher=f.get("publisher"),
            )
            for f in spec["feeds"]
        )
        out.append(_Specialty(key, spec["label"], tuple(spec.get("aliases", ())), entries))
    return tuple(out)


def _norm(name: str) -> str:
    return " ".join(name.strip().lstrip("#").lower().replace("_", " ").replace("-", " ").split())


def specialties() -> list[tuple[str, str]]:
    """``[(key, label), …]`` in catalog order, e.g. ``("cardiology", "Cardiology")``."""
    return [(s.key, s.label) for s in _load()]


def resolve_specialty(name: str) -> str | None:
    """The catalog key for a specialty name or alias (``"Cardio"`` -> ``"cardiology"``)."""
    wanted = _norm(name)
    for s in _load():
        if wanted in (_norm(s.key), _norm(s.label), *(_norm(a) for a in s.aliases)):
            return s.key
    return None


def catalog(specialty: str | None = None) -> list[CatalogEntry]:
    """Feeds of one specialty (empty if unknown), or of all specialties, each URL once."""
    if specialty is None:
        seen: set[str] = set()
        every: list[CatalogEntry] = []
        for s in _load():
            for e in s.entries:
                if e.url not in seen:
                    seen.add(e.url)
                    every.append(e)
        return every
    key = resolve_specialty(specialty)
    return [e for s in _load() if s.key == key for e in s.entries]
