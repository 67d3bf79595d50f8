"""Does the model judge names instead of positions? Two checks on a model (default: the bundled one).

    python -m training.name_lean [--model PATH] [--top 200]

1. Names among the strongest features: of the `top` word n-grams with the largest coefficients per label,
   those containing the name of a country, capital, organisation or official from the actor table.
2. Name swaps: sentence templates of all three labels are filled with each of a set of speakers and places;
   a template's answer should not depend on the name. Prints the share of filled sentences whose label
   differs from the template's most common label, and the names that cause most of the changes.
"""

from __future__ import annotations

import argparse
from collections import Counter

import stance

SPEAKERS = ["Russia", "Ukraine", "the United States", "China", "Israel", "Hamas", "France", "Türkiye", "Moscow", "Kyiv", "Washington", "the Kremlin"]
PEOPLE = ["Lavrov", "Sybiha", "Rubio", "Wang Yi", "Peskov", "Zelensky", "Trump", "Nebenzia", "Medvedev", "Kallas", "Guterres", "Netanyahu"]
TEMPLATES = {
    "pro-ceasefire": [
        "{place} said it was ready to agree to an immediate ceasefire.",
        "{person} called on both sides to return to the negotiating table.",
        "{place} welcomed the truce and urged all parties to respect it.",
        "{person} said a negotiated settlement was the only way to end the war.",
        "{person} said {place} supports the proposal for a thirty-day ceasefire.",
    ],
    "rejecting": [
        "{place} said it would not accept any ceasefire that froze the front line.",
        "{person} dismissed the peace plan as unacceptable.",
        "{place} rejected the proposal for talks and vowed to continue its operations.",
        "{person} said there would be no truce until all of {place}'s demands were met.",
        "{person} ruled out the deployment of peacekeepers.",
    ],
    "neutral": [
        "{place} said twelve drones were shot down overnight.",
        "{person} said the delegations would meet again on Monday.",
        "{place} reported that the strike damaged a power station.",
        "{person} said four million people needed humanitarian aid.",
        "{person} arrived in Geneva on Tuesday for consultations.",
    ],
}


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


def swap_test(model) -> tuple[float, int, Counter, dict[str, float]]:
    """Share of filled templates whose label differs from the template's most common label; culprits; accuracy per label."""
    changed, total, culprits = 0, 0, Counter()
    correct: Counter = Counter()
    seen: Counter = Counter()
    for label, templates in TEMPLATES.items():
        for template in templates:
            fills = [(place, person) for place, person in zip(SPEAKERS, PEOPLE)]
            texts = [template.format(place=place, person=person) for place, person in fills]
            predicted = model.predict(texts)
            common = Counter(predicted).most_common(1)[0][0]
            for (place, person), p in zip(fills, predicted):
                total += 1
                seen[label] += 1
                correct[label] += p == label
                if p != common:
                    changed += 1
                    culprits[person if "{person}" in template else place] += 1
    return changed / total, total, culprits, {label: correct[label] / seen[label] for label in seen}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model")
    parser.add_argument("--top", type=int, default=200)
    args = parser.parse_args()
    model = stance.load_model(args.model)
    for label, terms in name_terms(model, args.top).items():
        shown = ", ".join(f"{t} {w:+.2f}" for t, w in terms[:15])
        print(f"{label}: {len(terms)} of the top {args.top} word n-grams contain a name: {shown}")
    rate, total, culprits, accuracy = swap_test(model)
    print(f"name swaps: {rate:.1%} of {total} filled templates change label; most often with: {culprits.most_common(6)}")
    print("template accuracy per label: " + ", ".join(f"{label} {value:.0%}" for label, value in accuracy.items()))


if __name__ == "__main__":
    main()
