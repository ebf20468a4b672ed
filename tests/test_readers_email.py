"""Reading newsletters saved as email: the sample .eml files and constructed messages."""

from __future__ import annotations

import textwrap
import tracemalloc
from datetime import date
from email import policy
from email.message import EmailMessage
from pathlib import Path

import pytest

from briefing.errors import ArticleError
from briefing.models import Article
from briefing.readers import Document, read_document, read_inputs
from briefing.readers.email import read_email

ROOT = Path(__file__).resolve().parent.parent
EMAIL = ROOT / "tests" / "data" / "email"

STORY = (
    "Negotiators from both sides returned to the table in Geneva on Tuesday, the first "
    "meeting since talks broke down in January over prisoner exchanges, the mediators said. "
    "They expect a first agreement on the exchange of wounded prisoners within a week."
)


def _read(path: Path) -> Article:
    [article] = read_email(Document(str(path), path.name, path.read_bytes(), path.stem))
    assert isinstance(article, Article)
    return article


def _message(subject: str = "Talks resume in Geneva", **headers: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Desk Digest <digest@news.example>"
    message["Subject"] = subject
    message["Date"] = "Tue, 12 Mar 2024 07:00:00 +0000"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    return message


def _read_message(message: EmailMessage, name: str = "digest.eml") -> Article:
    [article] = read_email(Document(name, name, message.as_bytes(policy=policy.default), "d"))
    assert isinstance(article, Article)
    return article


def test_html_part_is_preferred_and_the_newsletter_chrome_left_out() -> None:
    article = _read(EMAIL / "newsletter-alternative.eml")
    assert article.title == "Floodwaters force 12,000 from their homes in the Varda delta"
    assert article.source == "Harbor Times Briefing"
    assert article.published == date(2024, 3, 5)
    assert article.url == "https://harbortimes.example/newsletter/2024-03-05"
    assert article.paragraphs[0].startswith("Emergency crews evacuated about 12,000 people")
    assert len(article.paragraphs) == 5
    assert "“The water rose faster" in article.text  # the HTML part's curly quotes
    assert "plain-text edition" not in article.text
    for chrome in ("View this email", "Unsubscribe", "receiving this email", "Quay Street"):
        assert chrome not in article.text


def test_latin1_quoted_printable_forward_takes_the_forwarded_sender_and_date() -> None:
    article = _read(EMAIL / "forwarded-latin1-qp.eml")
    assert article.title == ("Avalanche closes the Gotthard road; 30 skiers rescued near Andermatt")
    assert article.source == "Alpine Dispatch"  # not the colleague who forwarded it
    assert article.published == date(2024, 3, 6)
    assert article.place == "Andermatt"
    assert "said Jérôme Müller, a spokesman" in article.text
    assert article.paragraphs[-1].startswith("Zoë Brändli, who runs a hotel in Hospental")
    for left_out in ("FYI", "Forwarded message", "renee@desk.example", "Abmelden"):
        assert left_out not in article.text


def test_attachments_are_never_read() -> None:
    article = _read(EMAIL / "with-attachment.eml")
    assert article.title == "Cholera cases rise in Marrow district camps"
    assert article.source == "reliefweb-digest.example"  # no display name: the domain
    assert article.url == "https://reliefweb-digest.example/archive"  # List-Post is mailto:
    assert len(article.paragraphs) == 3
    assert "ATTACHMENT TEXT" not in article.text
    assert "fake situation report" not in article.text


def test_email_with_only_an_attachment_is_skipped_naming_it() -> None:
    articles, skipped = read_inputs([EMAIL / "only-attachment.eml"])
    assert articles == []
    [entry] = skipped
    assert entry.path == str(EMAIL / "only-attachment.eml")
    assert entry.error == "no article text: the email holds only attachments (weekly-sitrep.pdf)"


def test_email_with_an_empty_body_is_refused() -> None:
    message = _message()
    message.set_content("\n\n")
    with pytest.raises(ArticleError, match="no article text: the email's body is empty"):
        _read_message(message)


def test_headers_saved_as_txt_are_read_as_an_email() -> None:
    message = _message()
    message.set_content(STORY)
    data = message.as_bytes(policy=policy.default)
    [article] = read_document(Document("saved.txt", "saved.txt", data, "saved"))
    assert isinstance(article, Article)
    assert (article.title, article.source) == ("Talks resume in Geneva", "Desk Digest")


def test_a_digest_of_several_stories_stays_one_article_without_table_markup() -> None:
    stories = [
        STORY,
        "Ships carrying 300,000 tonnes of grain left the port on Monday, the largest convoy "
        "since the corridor reopened, the shipping ministry said.",
        "Emergency crews evacuated about 12,000 people from villages along the lower Varda "
        "river on Monday night after two days of torrential rain.",
    ]
    rows = "".join(
        f"<tr><td><h2>Story {number}</h2><p>{story}</p><p><a href='u{number}'>Read more</a>"
        "</p></td></tr>"
        for number, story in enumerate(stories)
    )
    message = _message()
    message.set_content("plain version")
    message.add_alternative(
        "<html><body><table><tr><td><a href='v'>View in browser</a></td></tr>"
        f"{rows}<tr><td><p>Unsubscribe | Manage preferences</p></td></tr>"
        "</table></body></html>",
        subtype="html",
    )
    article = _read_message(message)
    assert article.paragraphs == tuple(stories)
    assert "|" not in article.text


def test_html_declared_latin1_is_read_as_windows_1252() -> None:
    html = f"<html><body><p>“We will not leave,” she said. {STORY}</p></body></html>"
    message = _message()
    message.set_content(html.encode("cp1252"), "text", "html", cte="quoted-printable")
    message.set_param("charset", "iso-8859-1")
    article = _read_message(message)
    assert article.text.startswith("“We will not leave,” she said.")


def test_html_part_without_text_falls_back_to_the_plain_part() -> None:
    message = _message()
    message.set_content(STORY)
    message.add_alternative(
        "<html><body><img src='cid:banner' alt=''></body></html>", subtype="html"
    )
    assert _read_message(message).text == STORY


def test_a_closing_signature_is_cut_but_a_separator_between_stories_is_not() -> None:
    message = _message()
    message.set_content(f"{STORY}\n\n-- \nAna Petrova\nDesk editor, +41 22 555 0101\n")
    assert _read_message(message).text == STORY
    later = (
        "Ships carrying 300,000 tonnes of grain left the port on Monday, the largest convoy "
        "since the corridor reopened, the shipping ministry said. " * 5
    ).strip()
    message = _message()
    message.set_content(f"{STORY}\n\n--\n\n{later}\n")
    assert _read_message(message).paragraphs == (STORY, later)


@pytest.mark.parametrize(
    ("subject", "title"),
    [
        ("Fwd: [Geneva Watch] RE: Talks resume in Geneva", "Talks resume in Geneva"),
        ("FW: Talks resume in Geneva", "Talks resume in Geneva"),
        ("[Daily] Talks resume in Geneva", "Talks resume in Geneva"),
        ("=?utf-8?q?Gespr=C3=A4che_in_Genf?=", "Gespräche in Genf"),
    ],
)
def test_subject_prefixes_are_not_part_of_the_title(subject: str, title: str) -> None:
    message = _message(subject)
    message.set_content(STORY)
    assert _read_message(message).title == title


def test_without_a_subject_the_title_comes_from_the_text() -> None:
    message = _message()
    del message["Subject"]
    message.set_content(STORY)
    assert _read_message(message).title.startswith("Negotiators from both sides")


def test_web_address_from_an_http_list_post_header() -> None:
    message = _message(List_Post="<https://geneva.example/p/talks-resume>")
    message.set_content(STORY)
    assert _read_message(message).url == "https://geneva.example/p/talks-resume"


def _with_folded_subject(message: EmailMessage, subject: str) -> bytes:
    """The message's bytes with ``subject`` folded into lines of at most 78 characters, as
    the email package folds it: its own folding takes a quarter of a minute over a megabyte."""
    folded = textwrap.wrap(
        f"Subject: {subject}",
        width=78,
        subsequent_indent=" ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    data = message.as_bytes(policy=policy.default)
    return data.replace(b"Subject: -\n", "\n".join(folded).encode() + b"\n", 1)


def test_a_subject_folded_by_hand_is_folded_as_the_email_package_would() -> None:
    subject = ("Flood warning for the valley " * 200).strip()
    message = _message("-")
    message.set_content(STORY)
    expected = _message(subject)
    expected.set_content(STORY)
    assert _with_folded_subject(message, subject) == expected.as_bytes(policy=policy.default)


@pytest.mark.parametrize("length", [5_000, 1_000_000])
def test_a_subject_longer_than_any_headline_is_refused_without_parsing_it(length: int) -> None:
    subject = ("Flood warning for the valley " * (length // 29 + 1))[:length].strip()
    message = _message("-")
    message.set_content("Emergency crews evacuated the valley on Monday. " * 10)
    data = _with_folded_subject(message, subject)
    tracemalloc.start()
    try:
        with pytest.raises(ArticleError) as raised:
            read_email(Document("long.eml", "long.eml", data, "long"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(raised.value).startswith("the title is ")
    assert str(raised.value).endswith("a headline has at most 1,000 (the Subject)")
    # Parsing a megabyte-long header builds objects hundreds of times its size.
    assert peak < 20 * len(data) + 10 * 2**20


def test_a_sender_name_longer_than_a_name_is_not_the_source() -> None:
    message = _message()
    message.replace_header("From", f"{'Desk ' * 200}<digest@news.example>")
    message.set_content("Emergency crews evacuated the valley on Monday. " * 10)
    assert _read_message(message).source == "news.example"
