"""List the ordinary words one edit away from the typo targets of patterns/normalize.yaml.

Normalization reads a word one letter off a typo target ("kil", "kilk", "shoto") as that target
only in a verb slot and only when the word is not an ordinary word. This script finds the
ordinary ones: every one-edit variant of every typo target that spaCy's English word-frequency
table (spacy-lookups-data, ``lexeme_prob``) knows with log-probability at least THRESHOLD.
Misspellings that are frequent online ("kil" -15.9) stay below it; words such as "kiln" (-14.8),
"shoo" (-14.7), "bill", "tape" are above. Paste the output into ``ordinary_near_targets``.

    .venv/bin/python scripts/ordinary_near_targets.py > /tmp/near.txt
"""

from __future__ import annotations

from spacy.lookups import load_lookups

from screening.screen.normalize import edit_variants, load_tables

THRESHOLD = -15.5


def main() -> None:
    t = load_tables()
    prob = load_lookups("en", ["lexeme_prob"]).get_table("lexeme_prob")
    found = set()
    for target in sorted(t.typo_targets):
        for v in edit_variants(target):
            if prob.get(v, -99.0) >= THRESHOLD:
                found.add(v)
    print(", ".join(sorted(found)))


if __name__ == "__main__":
    main()
