"""The work a Korean item name denotes, and what qualifies it.

In an item name the work is the head noun of the first work named, whatever qualifies it, spaced
or compounded: ``관로 터파기``, ``A구간 터파기``, ``기초부 터파기(기계)``, ``STA.0+100 구간 터파기``,
``인력터파기`` all denote 터파기; where ``및``/``·`` join works the first is the head (``되메우기 및 다짐``
is backfill). What qualifies the work — 관로, 기초부, the object's name, the bracketed method — is
what attribution reads. The words come from the vocabulary (``data/vocabulary.toml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .matching import words
from .vocabulary import Family, current

_BRACKETED = re.compile(r"[(（\[][^)）\]]*[)）\]]")
_JOINERS = re.compile(r"\s*(?:[·ㆍ,/]|\s및\s|및)\s*")


@dataclass(frozen=True)
class WorkName:
    text: str
    head: str  # the work: 터파기, 되메우기, 설치 …, or the last word when no work word is known
    objects: tuple[str, ...]  # what the work is done to: 폴, cctv, 관로, 기초부 …
    qualifiers: tuple[str, ...]  # every other word: methods, bracketed words, later works

    @property
    def is_work(self) -> bool:
        return self.head in current().works

    @property
    def object(self) -> str:
        """What the work is done to: the last word naming it (``CCTV 폴 설치`` → 폴)."""
        things = self.things()
        return things[-1] if things else ""

    def things(self) -> list[str]:
        """The words naming what the work is done to, parts (기초부) left out."""
        vocabulary = current()
        named = [*self.objects, *([] if self.is_work else [self.head])]
        return [w for w in named if not ((f := vocabulary.family(w)) is not None and f.part)]

    def object_families(self) -> set[Family]:
        """The families of what the name is about (its objects, or its head when it names no work),
        parts (기초) left out: they name no object on their own."""
        vocabulary = current()
        named = [*self.objects, *([] if self.is_work else [self.head])]
        return {f for w in named if (f := vocabulary.family(w)) is not None and not f.part}


def _split_compound(word: str) -> list[str]:
    """``인력터파기`` → [인력, 터파기]; a word that is a work, or ends in none, stays whole."""
    vocabulary = current()
    for work in vocabulary.works:
        if word != work and word.endswith(work) and len(word) - len(work) >= 2:
            return [word[: -len(work)], work]
    return [word]


def _tokens(text: str) -> list[str]:
    return list(_token_tuple(text))


@lru_cache(maxsize=65536)
def _token_tuple(text: str) -> tuple[str, ...]:
    return tuple(part for w in words(text) for part in _split_compound(w))


def vocabulary_changed() -> None:
    """Forget the names read with the previous vocabulary."""
    _token_tuple.cache_clear()
    parse.cache_clear()
    _other_works.cache_clear()


@lru_cache(maxsize=65536)
def parse(name: str) -> WorkName:
    """The work an item name denotes, its objects and its other qualifiers (answered once per
    name and vocabulary: a bill repeats its items)."""
    vocabulary = current()
    bracketed = " ".join(m.group(0) for m in _BRACKETED.finditer(name or ""))
    bare = _BRACKETED.sub(" ", name or "")
    first, *rest = _JOINERS.split(bare.strip(), maxsplit=1) or [""]
    tokens = _tokens(first)
    qualifiers = [*_tokens(bracketed), *(_tokens(rest[0]) if rest else [])]
    if not tokens:
        return WorkName(name, "", (), tuple(qualifiers))
    works = [i for i, t in enumerate(tokens) if t in vocabulary.works]
    # The head is the last work word of the first work named; with none, the last word that is
    # not an action, method or generic word.
    if works:
        at = works[-1]
    else:
        plain = [i for i, t in enumerate(tokens)
                 if t not in vocabulary.actions and t not in vocabulary.methods and t not in vocabulary.generic
                 and not vocabulary.is_place(t) and not re.search(r"\d", t)]
        at = plain[-1] if plain else len(tokens) - 1
    head = tokens[at]
    objects, others = [], list(qualifiers)
    for i, token in enumerate(tokens):
        if i == at:
            continue
        if (token in vocabulary.methods or token in vocabulary.generic or token in vocabulary.actions
                or token in vocabulary.works or vocabulary.is_place(token) or re.search(r"\d", token)):
            others.append(token)
        else:
            objects.append(token)
    return WorkName(name, head, tuple(objects), tuple(others))


def same_work(a: str, b: str) -> bool:
    """Two names denote the same work (``터파기`` ~ ``인력터파기`` ~ ``터파기(기계)``)."""
    head_a, head_b = parse(a).head, parse(b).head
    return bool(head_a) and head_a == head_b and len(head_a) >= 2


def mentioned_families(text: str) -> set[Family]:
    """The object families any word of a text belongs to (item, spec, section)."""
    vocabulary = current()
    return {f for w in _tokens(text) if (f := vocabulary.family(w)) is not None}


def other_works_in(text: str) -> frozenset[str]:
    """The other-work families a text speaks of anywhere, inside compounds too (도시가스옥외배관공사)."""
    return _other_works(text)


@lru_cache(maxsize=65536)
def _other_works(text: str) -> frozenset[str]:
    squashed = "".join(words(text))
    return frozenset(f.name for f in current().families if f.other_work and any(w in squashed for w in f.words))


def mentioned_words(text: str) -> set[str]:
    return set(_tokens(text))
