from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app, command_entries, option_help
from briefing.config import Settings, entries, entry, load_settings, settings_markdown
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
        ("summarizer", "gpt", "summarizer must be one of lexrank"),
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


ROOT = Path(__file__).resolve().parent.parent


def test_a_misspelt_table_is_an_error_with_a_suggestion(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text('[smpt]\nhost = "mail.example.org"\n')
    with pytest.raises(InputError, match=r"unknown table \[smpt\]; did you mean 'smtp'\?"):
        load_settings(config_file=config, environ={})


def test_an_unknown_key_in_any_table_is_an_error_even_for_build(tmp_path: Path) -> None:
    config = tmp_path / "briefing.toml"
    config.write_text('[brief]\ntitle = "T"\n[schedule]\ntimezone = "UTC"\n')
    with pytest.raises(InputError, match=r"unknown key 'timezone' in \[schedule\]"):
        load_settings(config_file=config, environ={})


def test_paths_in_the_file_are_relative_to_its_folder(tmp_path: Path) -> None:
    project = tmp_path / "desk"
    (project / "templates").mkdir(parents=True)
    config = project / "briefing.toml"
    config.write_text(
        'inputs = ["news/", "https://example.org/feed.xml"]\nout = "out"\n'
        'template_dir = "templates"\n'
    )
    settings = load_settings(config_file=config, environ={})
    assert settings.inputs == (str(project / "news"), "https://example.org/feed.xml")
    assert settings.out == project / "out"
    assert settings.template_dir == project / "templates"


def test_since_is_a_day_or_a_duration_everywhere(tmp_path: Path) -> None:
    assert load_settings(environ={"BRIEFING_SINCE": "24h"}).since == timedelta(hours=24)
    assert load_settings({"since": timedelta(days=2)}, environ={}).since == timedelta(days=2)
    config = tmp_path / "briefing.toml"
    config.write_text("since = 2024-03-01\n")  # a TOML date
    assert load_settings(config_file=config, environ={}).since == date(2024, 3, 1)
    with pytest.raises(InputError, match="BRIEFING_SINCE"):
        load_settings(environ={"BRIEFING_SINCE": "yesterday"})


def test_the_summarizer_names_are_those_the_summarizer_stage_knows() -> None:
    from briefing.summarize import SUMMARIZERS as stage_names

    assert set(entry("brief", "summarizer").spec.choices) == set(stage_names)


def test_the_readme_settings_table_is_made_from_the_declarations() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("<!-- settings-table")
    start = readme.index("\n", start) + 1
    end = readme.index("<!-- end of settings-table -->")
    assert readme[start:end] == settings_markdown(), (
        "README.md's settings table is out of date: run scripts/settings-table.py"
    )
    for item in entries():
        assert item.env in readme


def test_every_option_help_comes_from_the_table() -> None:
    runner = CliRunner()
    commands = {
        "build": ("brief",),
        "serve": ("brief",),
        "send": ("brief", "send"),
        "schedule": ("brief", "send", "schedule"),
    }
    for command, tables in commands.items():
        result = runner.invoke(app, [command, "--help"], terminal_width=2000)
        assert result.exit_code == 0, result.output
        text = " ".join(result.output.split())
        for item in command_entries(*tables):
            for flag in (part for flags in item.spec.flags for part in flags.split("/")):
                assert flag in text, (command, flag)
            assert " ".join(option_help(item).split()) in text, (command, item.name)
