"""The domain vocabulary (``data/vocabulary.toml``): synonyms, qualified phrases, work words and
object families, loaded once and extendable by the user's own files of the same shape."""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import InputError
from .messages import msg


def _norm(word: str) -> str:
    return unicodedata.normalize("NFKC", str(word)).lower().strip()


@dataclass(frozen=True)
class Family:
    name: str
    words: frozenset[str]
    other_work: bool = False
    part: bool = False


@dataclass
class Vocabulary:
    synonyms: dict[str, str] = field(default_factory=dict)  # word → canonical word
    phrases: dict[str, str] = field(default_factory=dict)  # normalised phrase → replacement
    works: tuple[str, ...] = ()  # longest first, so 되메우기 is found before 메우기-like fragments
    methods: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()
    places: tuple[str, ...] = ()
    families: tuple[Family, ...] = ()
    files: tuple[str, ...] = ()

    def family(self, word: str) -> Family | None:
        return next((f for f in self.families if word in f.words), None)

    def is_place(self, word: str) -> bool:
        return any(word.endswith(p) for p in self.places)


def _merge(raw: dict, extra: dict, where: str) -> dict:
    """``extra`` over ``raw``: tables merge, lists extend, scalars replace."""
    merged = dict(raw)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value, f"{where}.{key}")
        elif isinstance(value, list) and isinstance(merged.get(key), list):
            merged[key] = [*merged[key], *value]
        else:
            merged[key] = value
    return merged


def _build(raw: dict, files: tuple[str, ...]) -> Vocabulary:
    synonyms = {}
    for canonical, variants in raw.get("synonyms", {}).items():
        for variant in variants if isinstance(variants, list) else [variants]:
            synonyms[_norm(variant).replace(" ", "")] = _norm(canonical)
    phrases = {_norm(k): _norm(v) for k, v in raw.get("phrases", {}).items()}
    works = raw.get("works", {})
    families = tuple(Family(name, frozenset(_norm(w) for w in spec.get("words", [])),
                            bool(spec.get("other_work", False)), bool(spec.get("part", False)))
                     for name, spec in raw.get("families", {}).items())
    return Vocabulary(
        synonyms=synonyms,
        phrases=dict(sorted(phrases.items(), key=lambda kv: -len(kv[0]))),
        works=tuple(sorted({_norm(w) for w in works.get("words", [])}, key=len, reverse=True)),
        methods=frozenset(_norm(w) for w in works.get("methods", [])),
        actions=frozenset(_norm(w) for w in works.get("actions", [])),
        generic=frozenset(_norm(w) for w in works.get("generic", [])),
        places=tuple(_norm(w) for w in works.get("places", [])),
        families=families, files=files)


def _bundled_raw() -> dict:
    text = resources.files("estimator").joinpath("data/vocabulary.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def load(extra: list[str] | tuple[str, ...] = ()) -> Vocabulary:
    """The bundled vocabulary with the user's files merged over it, in order."""
    raw = _bundled_raw()
    for path in extra:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise InputError(path, msg("err_vocabulary_unreadable", detail=str(exc.strerror or exc))) from None
        try:
            raw = _merge(raw, tomllib.loads(text), str(path))
        except tomllib.TOMLDecodeError as exc:
            raise InputError(path, msg("err_vocabulary_toml", detail=str(exc))) from None
    return _build(raw, ("estimator/data/vocabulary.toml", *map(str, extra)))


_current: Vocabulary | None = None


def current() -> Vocabulary:
    global _current
    if _current is None:
        _current = load()
    return _current


def use(extra: list[str] | tuple[str, ...] = ()) -> Vocabulary:
    """Make the bundled vocabulary plus ``extra`` the one every comparison uses from now on."""
    global _current
    vocabulary = load(extra)
    if _current is None or vocabulary != _current:
        _current = vocabulary
        from . import matching, worknames

        matching.vocabulary_changed()
        worknames.vocabulary_changed()
    return _current
