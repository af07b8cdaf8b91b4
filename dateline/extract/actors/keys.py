"""Lookup keys for the actor knowledge base: one place decides when two spellings are the same name.

Names match without diacritics ("Cavusoglu" = "Çavuşoğlu"), hyphens and spaces alike ("al-Qaeda" =
"Al Qaeda"); a leading "the" and a trailing possessive are ignored.  Case matters for acronyms.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Letters that NFKD does not decompose into a base letter plus a combining mark.
_LETTERS = str.maketrans(
    {
        "ı": "i",
        "İ": "I",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ð": "d",
        "þ": "th",
        "ʻ": "'",
        "ʼ": "'",
        "‘": "'",
        "’": "'",
        "`": "'",
        "‐": "-",
        "‑": "-",
        "–": "-",
        "—": "-",
        "_": " ",
    }
)
_APOSTROPHE = re.compile(r"'(?!s\b)")
_POSSESSIVE = re.compile(r"'s$|(?<=s)'$")
_SPACES = re.compile(r"[\s\-]+")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
# Text that exact_key would leave as it is, bar spacing: the fast path for most names.
_PLAIN = re.compile(r"[A-Za-z0-9. ]*[A-Za-z0-9.]")


def fold(text: str) -> str:
    """``text`` without diacritics, with typographic apostrophes and dashes made plain."""
    if text.isascii():
        # Most names are plain ASCII; skipping NFKD makes loading the Phoenix files 3x faster.
        return text.replace("_", " ").replace("`", "'")
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.lru_cache(maxsize=8192)
def exact_key(text: str) -> str:
    """The case-preserving key: diacritics folded, hyphens as spaces, "the" and "'s" dropped."""
    if _PLAIN.fullmatch(text) and not _LEADING_THE.match(text):
        return " ".join(text.split())
    plain = _LEADING_THE.sub("", fold(text).strip())
    plain = _POSSESSIVE.sub("", plain) if len(plain) > 3 else plain
    plain = _APOSTROPHE.sub("", plain)
    return _SPACES.sub(" ", plain).strip(" ,;:")


@functools.lru_cache(maxsize=8192)
def loose_key(text: str) -> str:
    """The case-insensitive key (``exact_key`` casefolded)."""
    return exact_key(text).casefold()


def is_case_sensitive(alias: str) -> bool:
    """True for one-word aliases with several capitals ("US", "U.S.", "CIA", "LeT", "ISIS-K").

    Those only match with their exact case, so "us" and "Let" are not countries or groups.
    """
    if " " in alias.strip():
        return False
    capitals = sum(char.isupper() for char in alias)
    letters = sum(char.isalpha() for char in alias)
    return capitals >= 2 or (letters > 0 and capitals == letters)


def may_match_loosely(text: str) -> bool:
    """True when ``text`` carries a capital: "turkey" the bird never matches "Turkey"."""
    return any(char.isupper() for char in text)


def family_name_first(name: str) -> str | None:
    """The family name a full name begins with, keyed, where it is one of the common ones that
    come first (``FAMILY_NAMES_FIRST``): "Kim Jong Un" -> "kim"; else None."""
    words = fold(name).split()
    first = loose_key(words[0]) if len(words) > 1 else None
    return first if first in FAMILY_NAMES_FIRST else None


def surname_keys(name: str) -> tuple[str, ...]:
    """Loose keys a person may go by alone: the last word, and with or without its particle.

    The last word is taken before hyphens are split, so "Moon Jae-in" is never called "in";
    keys shorter than three letters are left out for the same reason.
    """
    words = fold(name).split()
    if not words:
        return ()
    last = loose_key(words[-1])
    keys = [last]
    first = family_name_first(name)
    if first is not None:
        keys.append(first)  # "Kim Jong Un" is Mr Kim
    parts = last.split()
    if len(parts) == 2 and parts[0] in _PARTICLES:
        keys.append(parts[1])
    if len(words) > 2 and loose_key(words[-2]) in _PARTICLES:
        keys.append(f"{loose_key(words[-2])} {last}")
    return tuple(key for key in keys if len(key) > 2)


_PARTICLES = frozenset({"al", "el", "bin", "ibn", "van", "von", "de", "da", "di", "du", "le", "la"})
# Common Korean, Chinese and Vietnamese family names, which come first in a full name ("Kim Jong
# Un", "Moon Jae-in", "Nguyen Xuan Phuc"): the name a person goes by alone, as well as the last
# word. Shared by many, they make a bare "Kim" ambiguous rather than one stranger's surname.
FAMILY_NAMES_FIRST = frozenset({
    "kim", "lee", "park", "choi", "jung", "chung", "kang", "cho", "yoon", "jang", "lim", "han",
    "shin", "seo", "kwon", "hwang", "ahn", "song", "hong", "moon", "yoo", "wang", "zhang", "liu",
    "chen", "yang", "huang", "zhao", "zhou", "sun", "zhu", "guo", "luo", "liang", "xie", "tang",
    "nguyen", "tran", "pham", "hoang", "phan", "dang", "ngo", "duong",
})  # fmt: skip
