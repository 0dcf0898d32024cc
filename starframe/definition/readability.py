"""How hard ladder wording is to read: sentence length and the Flesch–Kincaid grade.

Ladders are read aloud and agreed with people who may read at a primary-school level, so the
check is deliberately simple and explainable to an author: words per sentence and a grade level
computed from syllables. The syllable count is the usual vowel-group estimate; it is close
enough to rank sentences and flag the hard ones, which is all a warning needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")


@dataclass(frozen=True)
class Readability:
    sentences: int
    words: int
    syllables: int
    longest_sentence: int

    @property
    def grade(self) -> float:
        """Flesch–Kincaid grade level (US school grade; 5–6 is a reading age of 10–12)."""
        if not self.words:
            return 0.0
        per_sentence = self.words / max(self.sentences, 1)
        return 0.39 * per_sentence + 11.8 * self.syllables / self.words - 15.59


@lru_cache(maxsize=8192)
def sentences(text: str) -> tuple[str, ...]:
    """Cached, as `measure` is: drafts made from one Star share most of their wording, and a
    cold catalog of a thousand checks each sentence of each once otherwise."""
    return tuple(s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip())


def syllables(word: str) -> int:
    return _syllables(word.lower())


@lru_cache(maxsize=8192)
def _syllables(lowered: str) -> int:
    """Ladders reuse a small vocabulary, so each word is counted once."""
    lowered = lowered.replace("’", "'").split("'")[0]
    count = len(_VOWEL_GROUP.findall(lowered))
    if lowered.endswith("e") and not lowered.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1
    return max(count, 1)


@lru_cache(maxsize=8192)
def measure(text: str) -> Readability:
    parts = sentences(text)
    all_words = _WORD.findall(text.lower())
    return Readability(
        sentences=len(parts),
        words=len(all_words),
        syllables=sum(map(_syllables, all_words)),
        longest_sentence=max((len(_WORD.findall(sentence)) for sentence in parts), default=0),
    )
