from datetime import date
from pathlib import Path

import pytest

from briefing.config import Settings, load_settings
from briefing.errors import InputError


def test_defaults_apply_when_no_layer_says_anything(tmp_path: Path) -> None:
    settings = load_settings(config_file=None, environ={})
    assert settings == Settings()


def test_config_file_then_environment_then_command_line(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text('[brief]\ntitle = "From file"\nsentences = 3\nsummarizer = "lsa"\n')
    settings = load_settings(
        {"sentences": 7, "title": None},
        config_file=config,
        environ={"BRIEFING_SENTENCES": "4", "BRIEFING_SUMMARIZER": "TextRank"},
    )
    assert settings.title == "From file"  # None on the command line means "not given"
    assert settings.summarizer == "textrank"  # the environment beats the file
    assert settings.sentences == 7  # the command line beats both


def test_config_file_unknown_key_is_named(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text("sentense = 3\n")
    with pytest.raises(InputError, match="unknown key 'sentense'"):
        load_settings(config_file=config, environ={})


def test_other_sections_of_the_config_file_are_left_to_their_commands(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text('title = "T"\n[smtp]\nhost = "mail.example.org"\n')
    assert load_settings(config_file=config, environ={}).title == "T"


def test_bad_environment_value_names_the_variable() -> None:
    with pytest.raises(InputError, match="BRIEFING_SENTENCES"):
        load_settings(environ={"BRIEFING_SENTENCES": "many"})


def test_invalid_toml_is_a_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text("title = \n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_settings(config_file=config, environ={})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sentences", 0, "at least 1"),
        ("summarizer", "gpt", "unknown summarizer"),
        ("formats", ("pdf", "docx"), "unknown format docx"),
        ("cluster_threshold", 1.5, "between 0 and 1"),
    ],
)
def test_invalid_settings_are_refused(field: str, value: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        Settings(**{field: value})  # type: ignore[arg-type]


def test_as_of_and_formats_parse_from_text() -> None:
    settings = load_settings(
        environ={"BRIEFING_AS_OF": "2024-03-31", "BRIEFING_FORMATS": "pdf, json"}
    )
    assert settings.as_of == date(2024, 3, 31)
    assert settings.formats == ("pdf", "json")


def test_switches_read_from_the_file_and_the_environment(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text("[brief]\nfollow_links = true\n")
    assert load_settings(config_file=config, environ={}).follow_links is True
    settings = load_settings(environ={"BRIEFING_FOLLOW_LINKS": "no", "BRIEFING_OFFLINE": "yes"})
    assert (settings.follow_links, settings.offline) == (False, True)
    with pytest.raises(InputError, match="BRIEFING_FOLLOW_LINKS"):
        load_settings(environ={"BRIEFING_FOLLOW_LINKS": "sometimes"})
