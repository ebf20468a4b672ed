"""Shared fixtures: a hand-built brief for render tests, and the ``--update-golden`` flag."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from briefing.models import (
    Actor,
    Article,
    ArticleCopy,
    Brief,
    Incident,
    IncidentMark,
    Quote,
    Sentence,
    Skipped,
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current output instead of comparing with it",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


#: Article text that would run a script or fetch a remote image if it were not escaped.
HOSTILE = '<script>alert(1)</script><img src="http://example.com/x.png"> & <b>bold</b>'


@pytest.fixture
def sample_brief() -> Brief:
    """Three incidents, four actors, a collapsed copy, a skipped file, and hostile text."""
    quake = Article(
        id="quake-wire",
        path="news/quake-wire.txt",
        title="Strong earthquake hits coastal province",
        paragraphs=(
            "A magnitude 6.8 earthquake struck the coastal province early on Tuesday, "
            "killing at least 40 people.",
            '"We are still pulling people from the rubble," said Governor Ana Ruiz.',
        ),
        source="Wire",
        published=date(2024, 3, 12),
        date_confidence="high",
        date_basis="dateline",
        place="Port City",
        url="https://news.example/quake",
        copies=(
            ArticleCopy(
                id="quake-copy",
                path="news/quake-copy.txt",
                title="Quake kills 40",
                source="Daily Mirror Example",
            ),
        ),
    )
    quake_update = Article(
        id="quake-update",
        path="news/quake-update.txt",
        title="Death toll rises after coastal earthquake",
        paragraphs=(
            "The death toll rose to 72 on Wednesday as rescuers reached remote villages.",
            "Ruiz said that aid convoys would arrive by Thursday.",
        ),
        source="Gazette",
        published=date(2024, 3, 13),
        date_confidence="medium",
        date_basis="date in the text",
    )
    protest = Article(
        id="protest",
        path="news/protest.txt",
        title=f"Protest in the capital {HOSTILE}",
        paragraphs=(f"Thousands marched on Friday. {HOSTILE}",),
        source=None,
        published=None,
        date_confidence="low",
        date_basis="no year given",
    )
    quake_incident = Incident(
        id="incident-1",
        title="Strong earthquake hits coastal province",
        article_ids=("quake-wire", "quake-update"),
        start=date(2024, 3, 12),
        end=date(2024, 3, 13),
        places=("Port City",),
        summary=(
            Sentence(quake.paragraphs[0], "quake-wire", 0, 0),
            Sentence(quake_update.paragraphs[0], "quake-update", 0, 0),
        ),
        date_confidence="high",
    )
    protest_incident = Incident(
        id="incident-2",
        title=protest.title,
        article_ids=("protest",),
        start=None,
        end=None,
        places=(),
        summary=(Sentence(protest.paragraphs[0], "protest", 0, 0),),
        date_confidence="low",
    )
    ruiz_quotes = (
        Quote(
            "We are still pulling people from the rubble,",
            "Governor Ana Ruiz",
            "quake-wire",
            "direct",
            1,
            "Governor Ana Ruiz",
            "Governor",
            "incident-1",
        ),
        Quote(
            "aid convoys would arrive by Thursday",
            "Ruiz",
            "quake-update",
            "reported",
            1,
            "Ruiz",
            None,
            "incident-1",
        ),
    )
    verdict = Article(
        id="trial-verdict",
        path="news/trial-verdict.txt",
        title="Court convicts former minister of fraud",
        paragraphs=(
            "A court in the capital on Monday sentenced former finance minister "
            "Karl Weber to six years in prison for fraud.",
            '"Justice has been served," prosecutor Lena Ortiz told reporters.',
            "Weber's lawyer said that they would appeal the verdict.",
        ),
        source="Court Reporter",
        published=date(2024, 3, 11),
        date_confidence="low",
        date_basis="weekday in the text, no year",
        url="https://courts.example/weber",
    )
    trial_incident = Incident(
        id="incident-3",
        title="Court convicts former minister of fraud",
        article_ids=("trial-verdict",),
        start=date(2024, 3, 11),
        end=date(2024, 3, 11),
        places=("Capital",),
        summary=(Sentence(verdict.paragraphs[0], "trial-verdict", 0, 0),),
        date_confidence="low",
    )
    ortiz = Actor(
        "Lena Ortiz",
        ("prosecutor Lena Ortiz",),
        "prosecutor",
        (
            Quote(
                "Justice has been served,",
                "prosecutor Lena Ortiz",
                "trial-verdict",
                "direct",
                1,
                "prosecutor Lena Ortiz",
                "prosecutor",
                "incident-3",
            ),
        ),
    )
    weber_lawyer = Actor(
        "Weber's lawyer",
        (),
        None,
        (
            Quote(
                "they would appeal the verdict",
                "Weber's lawyer",
                "trial-verdict",
                "reported",
                2,
                "Weber's lawyer",
                None,
                "incident-3",
            ),
        ),
    )
    return Brief(
        title="Regional situation brief",
        as_of=date(2024, 3, 14),
        generated_at=datetime(2024, 3, 14, 6, 30, tzinfo=UTC),
        articles=(quake, quake_update, protest, verdict),
        incidents=(quake_incident, protest_incident, trial_incident),
        actors=(
            Actor("Ana Ruiz", ("Governor Ana Ruiz", "Ruiz"), "Governor", ruiz_quotes),
            Actor(
                "Protest organisers",
                (),
                None,
                (
                    Quote(
                        HOSTILE,
                        "Protest organisers",
                        "protest",
                        "direct",
                        0,
                        "organisers",
                        None,
                        "incident-2",
                    ),
                ),
            ),
            ortiz,
            weber_lawyer,
        ),
        skipped=(Skipped("news/broken.bin", "not text: the file holds binary data"),),
        since=date(2024, 3, 12),
        marks={
            "incident-1": IncidentMark("updated", ("quake-update",)),
            "incident-2": IncidentMark("new"),
            "incident-3": IncidentMark("continuing"),
        },
    )
