"""Settings: defaults < briefing.toml < environment < command line.

A value of ``None`` from a layer means "not given here", so a later layer overrides an
earlier one only with what it actually says.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from briefing.errors import InputError

SUMMARIZERS = ("lexrank", "lsa", "textrank", "luhn", "edmundson", "kl", "sumbasic", "reduction")
FORMATS = ("pdf", "html", "json")
DEFAULT_CONFIG_FILE = Path("briefing.toml")
ENV_PREFIX = "BRIEFING_"


def default_cache_dir() -> Path:
    """Where fetched pages are kept: $XDG_CACHE_HOME/briefing/fetch (~/.cache/...)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing" / "fetch"


@dataclass(frozen=True)
class Settings:
    """Everything that shapes a brief. Build one with :func:`load_settings` or directly."""

    title: str = "Situation brief"
    as_of: date | None = None  # the brief's date; None means "today" at build time
    # Only articles dated in [since, until] make the brief; undated ones are kept (see README).
    since: date | None = None
    until: date | None = None
    sentences: int = 5  # summary sentences per incident
    summarizer: str = "lexrank"
    language: str = "english"
    template_dir: Path | None = None  # a user's templates, looked up before ours
    formats: tuple[str, ...] = FORMATS
    # Articles further apart in time than this are never one incident (see cluster.py).
    cluster_window_days: int = 7
    # Incidents shown in full (summary, quotes), the most reported first; the others are
    # listed. 0 shows every incident in full. A brief is read in minutes, not hours.
    max_incidents: int = 30
    # Content similarity two dated articles need to be one incident (see cluster.py).
    cluster_threshold: float = 0.12
    # Worker processes for reading, summaries and quotes when the input is large (see
    # pipeline.PARALLEL_MIN_INPUTS); 1 keeps everything in the calling process.
    workers: int = 1
    # Fetching http(s) inputs (see briefing.fetch): pages are kept in cache_dir and not
    # fetched again for fetch_max_age_hours; offline uses the cache only.
    cache_dir: Path | None = field(default_factory=lambda: default_cache_dir())
    offline: bool = False
    fetch_timeout: float = 20.0
    fetch_max_age_hours: float = 20.0
    # Fetch the page of a feed entry or export item that has only a headline and a link.
    # Off by default: the links are named by the feed, not by the user (see README).
    follow_links: bool = False

    def __post_init__(self) -> None:
        validate(self)


def validate(settings: Settings) -> None:
    """Raise InputError naming the first bad setting."""
    if settings.sentences < 1:
        raise InputError(f"sentences must be at least 1, got {settings.sentences}")
    if settings.summarizer not in SUMMARIZERS:
        raise InputError(
            f"unknown summarizer {settings.summarizer!r}; choose one of {', '.join(SUMMARIZERS)}"
        )
    unknown = [name for name in settings.formats if name not in FORMATS]
    if unknown or not settings.formats:
        raise InputError(
            f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}"
        )
    if settings.max_incidents < 0:
        raise InputError("max_incidents must not be negative (0 means no limit)")
    if settings.fetch_timeout <= 0:
        raise InputError(f"fetch_timeout must be positive, got {settings.fetch_timeout}")
    if settings.fetch_max_age_hours < 0:
        raise InputError("fetch_max_age_hours must not be negative")
    if settings.workers < 1:
        raise InputError(f"workers must be at least 1, got {settings.workers}")
    if settings.cluster_window_days < 0:
        raise InputError("cluster_window_days must not be negative")
    if not 0.0 <= settings.cluster_threshold <= 1.0:
        raise InputError("cluster_threshold must be between 0 and 1")
    if settings.since and settings.until and settings.since > settings.until:
        raise InputError(f"since ({settings.since}) is after until ({settings.until})")
    if settings.template_dir is not None and not settings.template_dir.is_dir():
        raise InputError(f"template folder {settings.template_dir} does not exist")


def _coerce(name: str, value: Any, source: str) -> Any:
    """Turn a TOML or environment value into the type the field needs."""
    try:
        if name in ("sentences", "cluster_window_days", "max_incidents", "workers"):
            return int(value)
        if name in ("cluster_threshold", "fetch_timeout", "fetch_max_age_hours"):
            return float(value)
        if name in ("offline", "follow_links"):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text not in ("1", "0", "true", "false", "yes", "no", "on", "off"):
                raise ValueError("expected true or false")
            return text in ("1", "true", "yes", "on")
        if name in ("as_of", "since", "until"):
            return value if isinstance(value, date) else date.fromisoformat(str(value))
        if name == "cache_dir" and str(value).strip().lower() in ("", "none", "off"):
            return None  # no cache: every run fetches
        if name in ("template_dir", "cache_dir"):
            return Path(str(value)).expanduser()
        if name == "formats":
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(item).strip().lower() for item in items if str(item).strip())
        if name in ("summarizer", "language"):
            return str(value).strip().lower()
        return str(value)
    except (TypeError, ValueError) as error:
        raise InputError(f"{source}: bad value {value!r} for {name!r} ({error})") from error


_FIELD_NAMES = tuple(field.name for field in fields(Settings))


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read config file {path}: {error.strerror}") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"config file {path} is not valid TOML: {error}") from error


def read_config_file(path: Path) -> dict[str, Any]:
    """The ``[brief]`` table (or the top level) of a briefing.toml, coerced and checked."""
    document = _load_toml(path)
    table = document.get("brief", document)
    values: dict[str, Any] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            continue  # other sections ([smtp], [schedule]) belong to other commands
        if key not in _FIELD_NAMES:
            raise InputError(
                f"config file {path}: unknown key {key!r}; known keys: {', '.join(_FIELD_NAMES)}"
            )
        values[key] = _coerce(key, value, f"config file {path}")
    return values


def read_config_table(path: Path | None, name: str) -> dict[str, Any]:
    """Another table of a briefing.toml (``[smtp]``, ``[schedule]``), or {} without one."""
    if path is None:
        if not DEFAULT_CONFIG_FILE.is_file():
            return {}
        path = DEFAULT_CONFIG_FILE
    document = _load_toml(path)
    table = document.get(name, {})
    if not isinstance(table, dict):
        raise InputError(f"config file {path}: [{name}] must be a table")
    return table


def read_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Settings from ``BRIEFING_<FIELD>`` variables, e.g. ``BRIEFING_SENTENCES=3``."""
    values: dict[str, Any] = {}
    for name in _FIELD_NAMES:
        raw = environ.get(ENV_PREFIX + name.upper())
        if raw is not None and raw != "":
            values[name] = _coerce(name, raw, f"environment variable {ENV_PREFIX}{name.upper()}")
    return values


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Merge defaults < config file < environment < ``overrides`` (``None`` values ignored).

    Without ``config_file``, ``./briefing.toml`` is read when it exists.
    """
    layers: dict[str, Any] = {}
    if config_file is not None:
        layers.update(read_config_file(config_file))
    elif DEFAULT_CONFIG_FILE.is_file():
        layers.update(read_config_file(DEFAULT_CONFIG_FILE))
    layers.update(read_environment(os.environ if environ is None else environ))
    for key, value in (overrides or {}).items():
        if value is not None:
            layers[key] = value
    return replace(Settings(), **layers)
