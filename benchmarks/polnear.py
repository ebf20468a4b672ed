"""Quote attribution on a PolNeAR split, scored exactly as ``../shared/eval/score.py`` scores test.

PolNeAR (Newell, Margolin and Ruths, LREC 2018; ``networkdynamics/PolNeAR``) annotates who said
what in 1,000 political news articles, split train / dev / test. ``../shared/eval`` holds the
test split; tune on train and dev with this script and report test with ``score.py``:

    .venv/bin/python benchmarks/polnear.py PATH_OF_A_POLNEAR_CHECKOUT --split dev [-v]

It reads ``data/SPLIT/text/*.txt`` and ``data/SPLIT/attributions/*.ann`` (brat standoff) from
the checkout and turns the annotations into score.py's gold items as ``PROVENANCE.md`` says
test was: the first annotator's file of each article; direct when the content holds a quoted
segment of 3+ words; the source named unless a pronoun, empty, with no capitalised word or
over 12 words (on test this gives score.py's gold but for 3 of 2,044 items, nested quotes).
It builds the articles with ``briefing build`` as score.py does and scores them with
score.py's own functions (imported from its file, as ``benchmarks/external.py`` does), so a
figure here means what the same figure means on test.
Nothing of PolNeAR is copied into the project: the articles go to a temporary folder.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from external import _scorer, briefing_executable, eval_dir

#: The date score.py builds the test split with (the articles are from Sep-Nov 2016).
AS_OF = "2016-11-09"
PRONOUNS = frozenset(
    """
    i me my we us our ours you your he him his she her hers it its they them their theirs
    this that
    """.split()
)
_QUOTED = re.compile(r"“([^“”]*)”|\"([^\"]*)\"")


def _spans(field: str) -> list[tuple[int, int]]:
    """ "752 760;769 800" -> [(752, 760), (769, 800)]."""
    return [(int(start), int(end)) for start, end in (part.split() for part in field.split(";"))]


def parse_annotations(ann: str, text: str) -> list[dict[str, Any]]:
    """The attributions of one brat file: ``{"source", "cue", "content"}`` texts each."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, str]] = []
    for line in ann.splitlines():
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            _kind, _, positions = fields[1].partition(" ")
            spans[fields[0]] = _spans(positions)
        elif line.startswith("E") and len(fields) >= 2:
            roles = dict(part.split(":", 1) for part in fields[1].split() if ":" in part)
            events.append(roles)
    attributions = []
    for roles in events:
        if not any(role.startswith("Attribution") for role in roles):
            continue  # a "Discuss" or "Discard" event

        def words_of(role: str, roles: dict[str, str] = roles) -> str:
            found = spans.get(roles.get(role, ""), [])
            return " ".join(text[start:end] for start, end in found)

        attributions.append(
            {"source": words_of("Source"), "cue": words_of("Cue"), "content": words_of("Content")}
        )
    return attributions


def _named(source: str) -> bool:
    words = source.split()
    if not words or len(words) > 12:
        return False
    if " ".join(words).lower() in PRONOUNS:
        return False
    # A word of two letters or more that starts with a capital: "Clinton", "GOP", not "U.S."
    return re.search(r"\b[A-Z][A-Za-z]", source) is not None


def gold_items(article: str, attribution: dict[str, Any]) -> dict[str, Any]:
    """One attribution as score.py's gold item."""
    content = attribution["content"]
    parts = [
        segment.strip()
        for match in _QUOTED.finditer(content)
        for segment in [match.group(1) if match.group(1) is not None else match.group(2)]
        if len(segment.split()) >= 3
    ]
    direct = bool(parts)
    return {
        "article": article,
        "text": " … ".join(parts) if direct else content,
        "parts": parts if direct else [content],
        "speaker": attribution["source"],
        "speaker_named": _named(attribution["source"]),
        "kind": "direct" if direct else "reported",
        "content": content,
    }


def read_split(checkout: Path, split: str) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The split's article texts by stem, and its gold items."""
    folder = checkout / "data" / split
    texts: dict[str, str] = {}
    gold: list[dict[str, Any]] = []
    annotations = sorted((folder / "attributions").glob("*.ann"))
    for path in sorted((folder / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        texts[path.stem] = text
        mine = [ann for ann in annotations if ann.stem.rsplit("_", 1)[0] == path.stem]
        if not mine:
            continue
        for attribution in parse_annotations(mine[0].read_text(encoding="utf-8"), text):
            gold.append(gold_items(path.stem, attribution))
    return texts, gold


def score_split(
    checkout: Path, split: str, executable: Path, *, verbose: bool = False
) -> dict[str, Any]:
    """Build the split's articles with ``briefing build`` and score them as score.py does."""
    scorer = _scorer(eval_dir())
    texts, gold = read_split(checkout, split)
    with tempfile.TemporaryDirectory(prefix="briefing-polnear-") as tmp:
        articles, out = Path(tmp) / "articles", Path(tmp) / "out"
        articles.mkdir()
        out.mkdir()
        for stem, text in texts.items():
            (articles / f"{stem}.txt").write_text(text, encoding="utf-8")
        build = scorer.build(str(executable), articles, out, AS_OF)
        brief = scorer.finish(build, out, f"PolNeAR {split}")
        shutil.rmtree(articles)
    result: dict[str, Any] = scorer.score_quotes(brief, gold, verbose)
    result["articles"] = len(texts)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkout", type=Path, help="a PolNeAR checkout (it holds data/)")
    parser.add_argument("--split", choices=["train", "dev", "test"], default="dev")
    parser.add_argument("--briefing", type=Path, default=briefing_executable())
    parser.add_argument("-v", "--verbose", action="store_true", help="print failure examples")
    args = parser.parse_args()
    if not (args.checkout / "data" / args.split / "text").is_dir():
        parser.error(f"no data/{args.split}/text in {args.checkout}")
    q = score_split(args.checkout, args.split, args.briefing, verbose=args.verbose)
    print(
        f"quotes (PolNeAR {args.split}, {q['articles']} articles, named sources): direct "
        f"P {q['p']:.3f} ({q['correct']}/{q['judged']} judged) R {q['r']:.3f} "
        f"({q['recalled']}/{q['gold_named']}); wrong speaker {q['wrong_speaker']}, "
        f"no such quote {q['spurious']}; text only P {q['text_p']:.3f} R {q['text_r']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
