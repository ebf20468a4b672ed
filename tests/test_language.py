"""Language: English is read; an article in another language is skipped, naming it."""

from __future__ import annotations

from pathlib import Path

from briefing.language import detect_language, looks_english, unsupported_language
from briefing.readers import read_inputs

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

FRENCH = (
    "Le Conseil de sécurité des Nations unies s'est réuni mardi soir à New York pour examiner "
    "la situation au Haut-Karabakh, où l'Azerbaïdjan a lancé une opération militaire. Le "
    "secrétaire général a appelé à la cessation immédiate des hostilités et au respect du "
    "droit international humanitaire. Selon le porte-parole, des milliers de civils ont fui "
    "la région au cours des derniers jours, et les organisations humanitaires demandent un "
    "accès sans entrave aux populations touchées par les combats."
)
GERMAN = (
    "Der UN-Sicherheitsrat ist am Dienstagabend in New York zusammengekommen, um über die Lage "
    "in Bergkarabach zu beraten, wo Aserbaidschan einen Militäreinsatz begonnen hat. Der "
    "Generalsekretär rief zu einem sofortigen Ende der Kämpfe auf. Nach Angaben eines Sprechers "
    "sind in den vergangenen Tagen Tausende Zivilisten aus der Region geflohen, und "
    "Hilfsorganisationen fordern ungehinderten Zugang zu der betroffenen Bevölkerung."
)


def test_seed_articles_are_english() -> None:
    articles, skipped = read_inputs([SEEDS])
    assert skipped == [] and len(articles) == 5
    assert all(looks_english(article.text) for article in articles)


def test_french_and_german_are_detected() -> None:
    assert detect_language(FRENCH)[0] == "fr"
    assert detect_language(GERMAN)[0] == "de"
    assert not looks_english(FRENCH)


def test_an_article_in_another_language_is_skipped_with_the_language_named(
    tmp_path: Path,
) -> None:
    (tmp_path / "bergkarabach.txt").write_text("Lage in Bergkarabach\n\n" + GERMAN)
    (tmp_path / "karabakh-fr.txt").write_text("La situation au Haut-Karabakh\n\n" + FRENCH)
    articles, skipped = read_inputs([tmp_path, SEEDS / "002_ea40ac9fa0fa6313.txt"])
    assert [article.id for article in articles] == ["002_ea40ac9fa0fa6313"]
    reasons = {Path(item.path).name: item.error for item in skipped}
    assert reasons["bergkarabach.txt"].startswith("written in German (de")
    assert reasons["karabakh-fr.txt"].startswith("written in French (fr")
    assert all("briefing reads English articles only" in reason for reason in reasons.values())


def test_short_or_unsure_text_is_read_as_english() -> None:
    assert unsupported_language("Karabakh: Stepanakert, Baku, Yerevan.") is None
