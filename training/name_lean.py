"""Does the model judge names instead of positions? Names among a model's strongest features (default: the bundled model).

    python -m training.name_lean [--model PATH] [--top 200]

Of the `top` word n-grams with the largest coefficients per label, prints those containing the name of a country,
capital, organisation or official from the actor table. Whether swapping a name changes a statement's label is
the behavioural test "country and person names swapped" (tests/golden/behavior.json, `python -m training.behavior`).
"""

from __future__ import annotations

import argparse

import stance


def name_terms(model, top: int) -> dict[str, list[tuple[str, float]]]:
    """The strongest word n-grams per label that contain a name from the actor table."""
    table = stance.load_actors()
    names = set()
    for actor in table.actors:
        for alias in (actor.name, *actor.aliases):
            words = alias.replace("’", "'").split()
            if len(words) == 1 or actor.kind == "official":
                code = words[-1].isupper() and actor.kind == "country"
                names.update(w.lower() for w in words[-1:] if len(w) > 2 and w[0].isupper() and not code)
    return {label: [(t, w) for t, w in model.top_features(label, n=top) if any(part in names for part in t.split())] for label in model.classes_}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model")
    parser.add_argument("--top", type=int, default=200)
    args = parser.parse_args()
    model = stance.load_model(args.model)
    for label, terms in name_terms(model, args.top).items():
        shown = ", ".join(f"{t} {w:+.2f}" for t, w in terms[:15])
        print(f"{label}: {len(terms)} of the top {args.top} word n-grams contain a name: {shown}")


if __name__ == "__main__":
    main()
