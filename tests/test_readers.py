"""Reading inputs: the seeds' chrome and datelines, constructed pages, and broken files."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest

from briefing.errors import ArticleError, InputError
from briefing.models import Article
from briefing.readers import MAX_ARTICLE_CHARS, Document, decode_text, read_inputs
from briefing.readers.dateline import parse_dateline
from briefing.readers.document import Part
from briefing.readers.text import read_text_article

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CHROME = ("Show news feed", "All news", "A+ A-", "pic.twitter.com", "Read more", "Also read")


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    articles, skipped = read_inputs([SEEDS])
    assert skipped == []
    return {article.id[:3]: article for article in articles}


def test_seed_with_dateline_gives_place_source_and_date(seeds: dict[str, Article]) -> None:
    article = seeds["000"]
    assert article.place == "New York"
    assert article.source == "TDI"
    assert article.published == date(2023, 9, 22)
    assert article.date_confidence == "high"
    assert article.paragraphs[0].startswith("The UN Assistant Secretary-General")


def test_page_header_date_without_year_is_not_the_article_date(seeds: dict[str, Article]) -> None:
    article = seeds["001"]
    assert article.published is None
    assert article.not_before == date(2020, 11, 9)
    assert article.title.startswith("The UN welcomes the ceasefire")


def test_embedded_post_dates_an_undated_page(seeds: dict[str, Article]) -> None:
    article = seeds["002"]
    assert article.title == "Russia, UN call for cessation of hostilities in Nagorno-Karabakh"
    assert article.published == date(2023, 9, 19)
    assert article.date_confidence == "medium"


def test_wire_dateline_without_year(seeds: dict[str, Article]) -> None:
    article = seeds["003"]
    assert article.title == (
        "UN Secretary General calls for de-escalation of Armenian-Azerbaijani conflict"
    )
    assert (article.source, article.place) == ("TASS", "United Nations")
    assert article.published is None
    assert article.date_confidence == "low"


def test_repeated_headline_and_widgets_are_dropped(seeds: dict[str, Article]) -> None:
    article = seeds["004"]
    assert article.title == "Major powers call for restraint in Karabakh"
    assert article.published is None
    assert article.paragraphs[0].startswith("The US , Russia, the EU")


def test_no_chrome_survives_in_any_seed(seeds: dict[str, Article]) -> None:
    for article in seeds.values():
        for paragraph in article.paragraphs:
            for chrome in CHROME:
                assert chrome not in paragraph, (article.id, paragraph)


@pytest.mark.parametrize(
    ("opening", "place", "source", "when"),
    [
        ("KYIV (Reuters) - Russian drones hit", "KYIV".title(), "Reuters", None),
        ("WASHINGTON (AP) — The Senate voted", "Washington", "AP", None),
        ("LONDON, March 3, 2024 (AFP) - Strikes spread", "London", "AFP", date(2024, 3, 3)),
        ("Geneva, 4 May 2024 (UN News): Aid agencies", "Geneva", "UN News", date(2024, 5, 4)),
        ("BEIRUT, Aug. 5. /TASS/. Protests grew", "Beirut", "TASS", None),
        ("PARIS, 3 March 2024 — The minister resigned", "Paris", None, date(2024, 3, 3)),
    ],
)
def test_dateline_shapes(opening: str, place: str, source: str | None, when: date | None) -> None:
    dateline = parse_dateline(opening)
    assert dateline is not None
    assert (dateline.place, dateline.source) == (place, source)
    assert (dateline.date.full_date if dateline.date else None) == when
    assert opening[dateline.length :][0].isupper()


def test_dateline_place_is_checked_against_the_gazetteer_and_the_date_kept() -> None:
    accented = parse_dateline("SAO PAULO, 3 March 2024 (Wire) - Rain fell")
    assert accented is not None and accented.place == "São Paulo"
    qualified = parse_dateline("OFER PRISON, West Bank (AP) — A court heard")
    assert qualified is not None and qualified.place == "Ofer Prison, West Bank"
    demonym = parse_dateline("Israeli, 3 March 2024 (Wire) - Talks resumed")
    assert demonym is not None and demonym.place is None
    assert demonym.date is not None and demonym.date.full_date == date(2024, 3, 3)


def test_ordinary_sentences_are_not_datelines() -> None:
    assert parse_dateline("Paris, where the talks were held, was calm - for now.") is None
    assert parse_dateline("The president (who was absent) said nothing.") is None


def test_wire_story_with_cookie_banner_and_related_links() -> None:
    text = (
        "Skip to content\nMenu\nWe use cookies to improve your experience\nAccept all\n\n"
        "Floods displace thousands in delta\n\n"
        "DHAKA, 14 July 2024 (Reuters) - Monsoon floods have forced more than 30,000 people "
        "from their homes in the delta, officials said on Sunday. Read more: Rains hit region\n\n"
        '"The water is still rising," said relief official Karim Ahmed.\n\n'
        "Related: Cyclone warning issued\nShare\nCopyright 2024 Reuters. All rights reserved.\n"
    )
    article = read_text_article(Path("floods.txt"), text, "floods")
    assert article.title == "Floods displace thousands in delta"
    assert (article.place, article.source, article.published) == (
        "Dhaka",
        "Reuters",
        date(2024, 7, 14),
    )
    assert article.paragraphs == (
        "Monsoon floods have forced more than 30,000 people from their homes in the delta, "
        "officials said on Sunday.",
        '"The water is still rising," said relief official Karim Ahmed.',
    )


def test_article_without_headline_gets_a_short_derived_title() -> None:
    text = (
        "The regional parliament voted on Tuesday to dissolve itself and call early elections "
        "after months of deadlock over the budget and a string of resignations.\n\n"
        "The vote passed 61 to 12."
    )
    article = read_text_article(Path("x.txt"), text, "x")
    assert article.title.endswith("…")
    assert len(article.title.split()) <= 15
    assert article.paragraphs[0].startswith("The regional parliament voted")


def test_hard_wrapped_text_is_joined_into_paragraphs() -> None:
    text = (
        "Court adjourns corruption case\n\n"
        "The high court adjourned the corruption trial of the former mayor until\n"
        "next month after the defence asked for more time to study thousands of\n"
        "pages of new evidence submitted by the prosecution on Monday morning.\n\n"
        "The mayor denies all charges."
    )
    article = read_text_article(Path("c.txt"), text, "c")
    assert len(article.paragraphs) == 2
    assert "until next month" in article.paragraphs[0]


def test_only_chrome_is_an_article_error() -> None:
    with pytest.raises(ArticleError):
        read_text_article(Path("c.txt"), "All news\nShare\nA+ A-\n", "c")


def test_decoding_utf8_bom_and_legacy_encodings() -> None:
    assert decode_text("Köln – Straße".encode("utf-8-sig")) == "Köln – Straße"
    assert decode_text("Città di Pécs".encode("utf-16")) == "Città di Pécs"
    legacy = "Le président a déclaré à la presse qu'il était très inquiet. " * 5
    assert decode_text(legacy.encode("cp1252")) == legacy
    with pytest.raises(ArticleError, match="empty"):
        decode_text(b"  \n")
    with pytest.raises(ArticleError, match="binary"):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)


def test_named_unsupported_file_is_reported_but_one_in_a_folder_is_ignored(
    tmp_path: Path,
) -> None:
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "story.txt").write_text("A headline here\n\nThe body of the story goes on.")
    articles, skipped = read_inputs([tmp_path])
    assert [a.id for a in articles] == ["story"] and skipped == []
    _, skipped = read_inputs([tmp_path / "photo.jpg"])
    assert skipped[0].error == "not an article: the file is a JPEG image"
    (tmp_path / "notes.odt").write_bytes(b"some words that are not an article kind")
    _, skipped = read_inputs([tmp_path / "notes.odt"])
    assert "unsupported kind of file .odt" in skipped[0].error


def test_missing_input_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_inputs([tmp_path / "nowhere"])


def test_symlink_loop_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "story.txt").write_text("A headline here\n\nThe body of the story goes on.")
    (tmp_path / "a" / ".hidden.txt").write_text("Hidden headline\n\nShould never be read at all.")
    os.symlink(tmp_path, tmp_path / "a" / "loop")
    articles, skipped = read_inputs([tmp_path])
    assert [a.id for a in articles] == ["story"]
    assert skipped == []


def test_same_stem_in_two_folders_gets_unique_ids(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(
            f"Headline {folder}\n\nThe body of the story from folder {folder}."
        )
    articles, _ = read_inputs([tmp_path])
    assert [a.id for a in articles] == ["story", "story-2"]


def test_an_export_entry_and_a_file_never_share_an_id(tmp_path: Path) -> None:
    # The export "wire" numbers its items wire-1, wire-2; a file may be called wire-1 too.
    export = ROOT / "tests" / "data" / "json" / "wire-export.jsonl"
    (tmp_path / "wire.jsonl").write_bytes(export.read_bytes())
    (tmp_path / "wire-1.txt").write_bytes((SEEDS / "001_a0eaa70c8f8bf943.txt").read_bytes())
    articles, _ = read_inputs([tmp_path])
    ids = [article.id for article in articles]
    assert ids == ["wire-1", "wire-1-2", "wire-2", "wire-3", "wire-4"]
    assert articles[1].path == str(tmp_path / "wire.jsonl")  # the export's, read second


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Headline\n\nBody text of the story here.")
    path.chmod(0)
    _, skipped = read_inputs([tmp_path])
    assert "cannot read" in skipped[0].error


def test_file_deleted_while_reading_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "gone.txt").write_text("Headline\n\nBody text of the story here.")
    (tmp_path / "kept.txt").write_text("Headline\n\nBody text of another story here.")
    real_open = Path.open

    def vanishing_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "gone.txt":
            raise FileNotFoundError(2, "No such file or directory")
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", vanishing_open)
    articles, skipped = read_inputs([tmp_path])
    assert [a.id for a in articles] == ["kept"]
    assert "disappeared" in skipped[0].error


def test_an_unforeseen_reader_failure_skips_that_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import briefing.readers.registry as registry

    (tmp_path / "a.txt").write_text((SEEDS / "003_b5c0204ef33dd5d7.txt").read_text())
    (tmp_path / "b.txt").write_text((SEEDS / "004_f6e65570923bf8cb.txt").read_text())
    real_reader = registry.READERS["text"]

    def flaky_reader(document: Document) -> Sequence[Part]:
        if document.name == "a.txt":
            raise KeyError("surprise")
        return real_reader(document)

    monkeypatch.setitem(registry.READERS, "text", flaky_reader)
    articles, skipped = read_inputs([tmp_path])
    assert [article.id for article in articles] == ["b"]
    assert skipped[0].path == str(tmp_path / "a.txt")
    assert "KeyError" in skipped[0].error and "bug in briefing" in skipped[0].error


def test_a_utf16_declaration_on_single_byte_text_is_not_believed() -> None:
    page = b'<html><head><meta charset="utf-16"></head><body>Caf\xe9 owners protest.</body></html>'
    assert "Café owners protest." in decode_text(page)


@contextmanager
def _nested_folders(top: Path, names: Sequence[str], story: bytes) -> Iterator[None]:
    """Folders ``names`` nested in each other under ``top``, ``story.txt`` in the deepest.

    Made and removed through folder descriptors, one level at a time: a path may end longer
    than the system accepts, and shutil.rmtree (as pytest's clean-up) recurses once a level.
    """
    descriptors = [os.open(top, os.O_RDONLY | os.O_DIRECTORY)]
    try:
        for name in names:
            os.mkdir(name, dir_fd=descriptors[-1])
            descriptors.append(os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=descriptors[-1]))
        handle = os.open("story.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=descriptors[-1])
        os.write(handle, story)
        os.close(handle)
        yield
    finally:
        if len(descriptors) == len(names) + 1:
            os.unlink("story.txt", dir_fd=descriptors[-1])
        while len(descriptors) > 1:
            os.close(descriptors.pop())
            os.rmdir(names[len(descriptors) - 1], dir_fd=descriptors[-1])
        os.close(descriptors.pop())


def test_a_folder_tree_a_thousand_levels_deep_is_walked(tmp_path: Path) -> None:
    story = (SEEDS / "003_b5c0204ef33dd5d7.txt").read_bytes()
    with _nested_folders(tmp_path, ["d"] * 1_100, story):
        articles, skipped = read_inputs([tmp_path])
    assert [article.id for article in articles] == ["story"]
    assert skipped == []


def test_a_folder_that_cannot_be_listed_is_a_skipped_input(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_bytes((SEEDS / "003_b5c0204ef33dd5d7.txt").read_bytes())
    # Past the system's limit on a path's length (4,096 bytes on Linux) a folder cannot be
    # listed by its path, even by root.
    names = [f"{level:02d}" + "x" * 248 for level in range(20)]
    with _nested_folders(tmp_path, names, b"Headline\n\nBody text of another story here."):
        articles, skipped = read_inputs([tmp_path])
    assert [article.id for article in articles] == ["story"]
    [unlisted] = skipped
    assert unlisted.error == "cannot list this folder (File name too long); its files are not read"
    assert len(unlisted.path) > 4096 - 250


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists unreadable folders")
def test_a_folder_without_read_permission_is_a_skipped_input(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_bytes((SEEDS / "003_b5c0204ef33dd5d7.txt").read_bytes())
    (tmp_path / "private").mkdir()
    (tmp_path / "private" / "other.txt").write_text("Headline\n\nBody text of the story here.")
    (tmp_path / "private").chmod(0)
    try:
        _, skipped = read_inputs([tmp_path])
    finally:
        (tmp_path / "private").chmod(0o755)
    assert [(Path(item.path).name, item.error) for item in skipped] == [
        ("private", "cannot list this folder (Permission denied); its files are not read")
    ]


def _page(*lines: str) -> Article:
    return read_text_article(Path("page.txt"), "\n\n".join(lines), "page")


_BODY = (
    "The regional court sentenced the former mayor to six years in prison for taking "
    "bribes from the builders of the new harbour, in a trial that lasted four months."
)


def test_a_publication_line_under_the_headline_dates_a_plain_text_page() -> None:
    article = _page(
        "Former mayor jailed for harbour bribes",
        "By Ana Ruiz",
        "PUBLISHED : Wednesday, 20 September, 2017",
        _BODY,
    )
    assert (article.published, article.date_confidence, article.date_basis) == (
        date(2017, 9, 20),
        "high",
        "publication line",
    )
    assert not any("PUBLISHED" in paragraph for paragraph in article.paragraphs)


def test_a_date_line_in_capitals_above_the_text_dates_the_page() -> None:
    article = _page("FRIDAY AUGUST 11 2017", "Former mayor jailed for harbour bribes", _BODY)
    assert (article.published, article.date_confidence) == (date(2017, 8, 11), "medium")
    assert article.title == "Former mayor jailed for harbour bribes"


def test_the_day_the_lead_gives_dates_a_page_without_any_other_date() -> None:
    article = _page(
        "Former mayor jailed for harbour bribes",
        "On January 19, 2025, the regional court sentenced the former mayor to six years "
        "in prison for taking bribes from the builders of the new harbour.",
    )
    assert (article.published, article.date_confidence, article.date_basis) == (
        date(2025, 1, 19),
        "medium",
        "date in the lead",
    )


def test_a_date_line_inside_the_body_is_not_the_page_date() -> None:
    article = _page(
        "Former mayor jailed for harbour bribes",
        _BODY,
        "12 March 2019",
        "The appeal will be heard next year, his lawyer said after the hearing.",
    )
    assert (article.published, article.date_confidence) == (None, "none")


def test_an_article_longer_than_the_budget_is_cut_and_the_cut_reported(tmp_path: Path) -> None:
    sentence = "The council met on Monday and agreed a budget for the harbour and its quays. "
    paragraphs = [f"Meeting {number:03d}. " + (sentence * 40).strip() for number in range(200)]
    path = tmp_path / "long.txt"
    path.write_text("Harbour budget agreed\n\n" + "\n\n".join(paragraphs))
    [article], [note] = read_inputs([path])
    assert sum(map(len, article.paragraphs)) <= MAX_ARTICLE_CHARS
    assert article.paragraphs[0] == paragraphs[0]
    last = len(article.paragraphs) - 1
    assert paragraphs[last].startswith(article.paragraphs[-1] + " ")  # cut at a space
    assert note.path == str(path)
    total = sum(map(len, paragraphs))
    assert note.error.startswith(
        f"its text after the first {MAX_ARTICLE_CHARS:,} characters (of {total:,}) is not read"
    )


def test_a_first_line_of_two_huge_words_makes_no_huge_title(tmp_path: Path) -> None:
    path = tmp_path / "words.txt"
    story = (SEEDS / "003_b5c0204ef33dd5d7.txt").read_text(encoding="utf-8")
    path.write_text(("x" * 600 + " ") * 2 + "\n\n" + story)
    [article], _ = read_inputs([path])
    assert len(article.title) < 1000
