"""The PolNeAR converter (``benchmarks/polnear.py``) on brat files written here by hand."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from polnear import gold_items, parse_annotations, read_split

TEXT = (
    "Flood talks stall.\n\n"
    "“We need the dam repaired before the rains come back,” said Mayor Ines Calder. "
    "She added that the budget was ready. Officials denied any delay."
)


def _offsets(fragment: str) -> str:
    start = TEXT.index(fragment)
    return f"{start} {start + len(fragment)}"


def _brat() -> str:
    quote = "“We need the dam repaired before the rains come back,”"
    return "\n".join(
        [
            f"T1\tSource {_offsets('Mayor Ines Calder')}\tMayor Ines Calder",
            f"T2\tCue {_offsets('said')}\tsaid",
            f"T3\tContent {_offsets(quote)}\t{quote}",
            f"T4\tAttribution {_offsets('said')}\tsaid",
            "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
            f"T5\tSource {_offsets('She')}\tShe",
            f"T6\tCue {_offsets('added')}\tadded",
            f"T7\tContent {_offsets('the budget was ready')}\tthe budget was ready",
            f"T8\tAttribution {_offsets('added')}\tadded",
            "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
            f"T9\tCue {_offsets('denied')}\tdenied",
            f"T10\tContent {_offsets('any delay')}\tany delay",
            f"T11\tAttribution-no-source {_offsets('denied')}\tdenied",
            "E3\tAttribution-no-source:T11 Content:T10 Cue:T9",
            f"T12\tDiscuss {_offsets('Flood')}\tFlood",
            "E4\tDiscuss:T12",
        ]
    )


def test_direct_quote_keeps_the_quoted_words_and_a_named_source() -> None:
    direct, reported, unsourced = (
        gold_items("a", item) for item in parse_annotations(_brat(), TEXT)
    )
    assert direct["kind"] == "direct"
    assert direct["parts"] == ["We need the dam repaired before the rains come back,"]
    assert (direct["speaker"], direct["speaker_named"]) == ("Mayor Ines Calder", True)
    assert (reported["kind"], reported["speaker_named"]) == ("reported", False)  # "She"
    assert reported["text"] == "the budget was ready"
    assert (unsourced["speaker"], unsourced["speaker_named"]) == ("", False)


def test_a_split_is_read_with_the_first_annotators_file(tmp_path: Path) -> None:
    for folder in ("text", "attributions"):
        (tmp_path / "data" / "dev" / folder).mkdir(parents=True)
    (tmp_path / "data" / "dev" / "text" / "story.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "data" / "dev" / "attributions" / "story_aaaa.ann").write_text(
        _brat(), encoding="utf-8"
    )
    (tmp_path / "data" / "dev" / "attributions" / "story_bbbb.ann").write_text("", encoding="utf-8")
    texts, gold = read_split(tmp_path, "dev")
    assert list(texts) == ["story"]
    assert [item["kind"] for item in gold] == ["direct", "reported", "reported"]
