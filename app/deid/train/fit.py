"""Train the name model: ``python -m curbside.deid.train.fit`` (``make train-deid``).

Builds a fixed number of synthetic notes per locale from the training frames
(:mod:`~curbside.deid.train.frames`, and the twin frames of
:mod:`~curbside.deid.train.twins`, each filled once with a person and once
with medicine so the model learns the word, not the capital) and the training
half of Faker's name lists (seeded, so every run builds the same notes), turns
them into token features, and fits a linear-chain CRF with
python-crfsuite (L-BFGS with L1 and L2 penalties; the L1 term keeps the
weights file small by zeroing features that do not help). The result is
``curbside/deid/data/name_crf.bin``; retraining with the pinned packages
reproduces it byte for byte (tests/app/deid/test_name_model.py checks).
"""

from __future__ import annotations

import functools
import random
from collections.abc import Iterator
from pathlib import Path

from curbside.deid.allowlist import words
from curbside.deid.clinical_terms import MODEL_HEADS, vocabulary
from curbside.deid.name_features import features
from curbside.deid.tokens import tokenize
from curbside.deid.train.frames import CLEAN_FRAMES, NAME_FRAMES, RELATIVES
from curbside.deid.train.synth import TRAIN, Person, locales, person, render
from curbside.deid.train.twin_fill import clinical_sentence, person_frame

OUTPUT = Path(__file__).resolve().parent.parent / "data" / "name_crf.bin"
SEED = 20261201
NOTES_PER_LOCALE = 110
PARAMS = {
    "c1": 0.1,
    "c2": 0.01,
    "max_iterations": 100,
    "feature.possible_transitions": True,
}
_SPECIES = tuple(
    sorted(
        words(
            """
    coli aureus pneumoniae faecalis aeruginosa mirabilis cloacae jejuni typhi marcescens
    baumannii monocytogenes meningitidis influenzae catarrhalis epidermidis agalactiae
    pyogenes difficile fragilis albicans glabrata neoformans fumigatus gondii
    """
        )
    )
)
_GENERA = tuple(
    sorted(
        words(
            """
    Escherichia Staphylococcus Klebsiella Enterococcus Pseudomonas Proteus Enterobacter
    Campylobacter Salmonella Serratia Acinetobacter Listeria Neisseria Haemophilus
    Moraxella Streptococcus Clostridioides Bacteroides Candida Cryptococcus Aspergillus
    Toxoplasma
    """
        )
    )
)
_DOSES = ("5 mg", "10 mg", "25 mg", "40 mg", "100 mg", "500 mg", "1 g", "0.5 mg", "20 units")


@functools.cache
def icd_sentences() -> tuple[str, ...]:
    """ICD-10-CM code descriptions (public domain): clinical text with no person in it."""
    import gzip
    import importlib.resources
    import json

    data = importlib.resources.files("icd10").joinpath("icd10.json.gz").read_bytes()
    codes = json.loads(gzip.decompress(data))
    return tuple(sorted({description for _, description in codes.values()}))


def _acronym(rng: random.Random) -> str:
    return "".join(rng.choice("ABCDEFGHIKLMNOPRSTUVW") for _ in range(rng.randint(2, 5)))


def _clean_sentence(rng: random.Random, extra: dict[str, str]) -> str:
    """A sentence with no person: a frame, an ICD description, or eponyms and acronyms."""
    roll = rng.random()
    if roll < 0.25:
        frame = rng.choice(_SHORTHAND_FRAMES)
        return frame.format(a=_shorthand(rng), b=_shorthand(rng), n=rng.randint(1, 99), **extra)
    if roll < 0.5:
        return rng.choice(CLEAN_FRAMES).format(age=rng.randint(19, 88), **extra)
    if roll < 0.8:
        return rng.choice(icd_sentences()) + rng.choice((".", "", ";", ", stable."))
    number = str(rng.randint(1, 400))
    acr, acr2 = _acronym(rng), _acronym(rng)
    return rng.choice(
        (
            f"{extra['epo']}-{extra['epo2']} {extra['head']} {number}.",
            f"{extra['epo']} {extra['head']} {number} and {acr} {number}.",
            f"{acr} {number}, {acr2} negative; {extra['epo']} {extra['head']} low.",
            f"Probable {acr} per {extra['epo']} {extra['head']}.",
            f"{extra['epo']} {number} with {acr}.",
            f"{extra['drug']} for {acr}; {acr2} {number}.",
        )
    )


def _shorthand(rng: random.Random) -> str:
    """Note-speak: a clipped or misspelt drug or clinical word ("Vanco", "Crit", "Famliy")."""
    vocab = vocabulary()
    pool = sorted(vocab["drug"]) if rng.random() < 0.5 else sorted(vocab["clinical"])
    word = rng.choice(pool)
    roll = rng.random()
    if roll < 0.4 and len(word) > 5:
        word = word[: rng.randint(3, 5)]
    elif roll < 0.6 and len(word) > 6:
        word = word[-rng.randint(4, 5) :]
    elif roll < 0.8 and len(word) > 4:
        k = rng.randrange(1, len(word) - 2)
        word = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
    return word.title()


_SHORTHAND_FRAMES = (
    "On {a}, {b} and {drug}.",
    "{a} {n} this am, stable.",
    "HEME: {a} {n}.",
    "ID: {a} {n}.{n} po.",
    "{a} vent support.",
    "{a} to monitor closely.",
    "Remains on {a}, {b}.",
    "Weaned off {a} overnight.",
    "{a} has decreased since the morning.",
    "{a} is very involved in care.",
    "Started {a} for the {b}.",
    "NEURO: {a}. No sedation.",
    "Plan: {a} current meds, {b} in the morning.",
)


def _clinical_slots(rng: random.Random, faker: object) -> dict[str, str]:
    vocab = vocabulary()
    eponyms = sorted(vocab["eponym"])
    drugs = sorted(vocab["drug"])
    heads = sorted(MODEL_HEADS)
    return {
        "epo": rng.choice(eponyms).title(),
        "epo2": rng.choice(eponyms).title(),
        "head": rng.choice(heads),
        "head2": rng.choice(heads),
        "drug": _drug_case(rng.choice(drugs), rng),
        "drug2": _drug_case(rng.choice(drugs), rng),
        "dose": rng.choice(_DOSES),
        "genus": rng.choice(_GENERA),
        "species": rng.choice(_SPECIES),
        "place": faker.city(),  # type: ignore[attr-defined]
        "shorthand": _shorthand(rng),
    }


def _drug_case(name: str, rng: random.Random) -> str:
    return name.title() if rng.random() < 0.6 else name


def _person_slots(rng: random.Random, other: Person, female: bool) -> dict[str, str]:
    rel, _ = rng.choice(RELATIVES)
    return {
        "sexletter": "F" if female else "M",
        "pron2": "her" if female else "his",
        "pron2cap": "Her" if female else "His",
        "pron3": "her" if female else "him",
        "rel": rel,
        "rel_cap": rel.title(),
        "first2": other.first,
        "last2": other.last,
    }


def examples() -> Iterator[tuple[str, list[tuple[int, int]]]]:
    """Yield (note text, name spans) for every synthetic training note."""
    from faker import Faker

    for tradition, locale in locales():
        rng = random.Random(f"{SEED}-{tradition}-{locale}")
        faker = Faker(locale)
        faker.seed_instance(rng.randrange(1 << 30))
        city_faker = Faker("en_US")
        city_faker.seed_instance(rng.randrange(1 << 30))
        for _ in range(NOTES_PER_LOCALE):
            case = rng.choices(("mixed", "upper", "lower"), weights=(75, 15, 10))[0]
            parts: list[tuple[str, list[tuple[int, int]]]] = []
            for _ in range(rng.randint(2, 5)):
                who = person(faker, locale, TRAIN, rng)
                other = person(faker, locale, TRAIN, rng)
                extra = _person_slots(rng, other, who.female) | _clinical_slots(rng, city_faker)
                roll = rng.random()
                if roll < 0.25:
                    parts.append(render(rng.choice(NAME_FRAMES), who, rng, case, extra))
                elif roll < 0.45:
                    parts.append(render(person_frame(rng), who, rng, case, extra))
                elif roll < 0.65:
                    parts.append(render(clinical_sentence(rng, extra), who, rng, case, extra))
                else:
                    clean = _clean_sentence(rng, extra).replace("{", "(").replace("}", ")")
                    parts.append(render(clean, who, rng, case, extra))
            yield _join(parts, rng)


def _join(
    parts: list[tuple[str, list[tuple[int, int]]]], rng: random.Random
) -> tuple[str, list[tuple[int, int]]]:
    text, spans = "", []
    for piece, piece_spans in parts:
        if text:
            text += rng.choice((" ", "\n", "\n\n"))
        spans += [(s + len(text), e + len(text)) for s, e in piece_spans]
        text += piece
    return text, spans


def labelled(text: str, spans: list[tuple[int, int]]) -> tuple[list[list[str]], list[str]]:
    """Return the feature sequence and the N/O label of every token of ``text``."""
    tokens = tokenize(text)
    labels = ["N" if any(s <= t.start < e for s, e in spans) else "O" for t in tokens]
    return features(text, tokens), labels


def train(output: Path = OUTPUT) -> Path:
    """Fit the model on the synthetic notes and write it to ``output``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for text, spans in examples():
        xseq, yseq = labelled(text, spans)
        if xseq:
            trainer.append(xseq, yseq)
    trainer.set_params(PARAMS)
    output.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(output))
    return output


def main() -> None:
    """Train and report the weights file's size."""
    path = train()
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
