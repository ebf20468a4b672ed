"""Settings: every one declared once, layered defaults < briefing.toml < environment < command line.

Each setting is one field of a frozen dataclass below, declared with :func:`setting`: its type
(the annotation), default, help text, command-line flags and check live in that one line. From
those declarations come the settings objects, the environment variable names
(``BRIEFING_<NAME>`` for the ``[brief]`` table, ``BRIEFING_<TABLE>_<NAME>`` for the others), the
command line's options and their help (``briefing.cli``), ``briefing config`` and the README's
settings table (``tests/test_config.py`` fails when the README's table drifts).

A value of ``None`` from a layer means "not given here", so a later layer overrides an earlier
one only with what it actually says. Relative paths in ``briefing.toml`` are relative to the
folder of that file, as in MkDocs, so ``briefing build --config desk/briefing.toml`` reads the
same inputs from anywhere.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from briefing.errors import InputError

SUMMARIZERS = ("lexrank", "lsa", "textrank", "luhn", "edmundson", "kl", "sumbasic", "reduction")
FORMATS = ("pdf", "html", "json")
TLS_MODES = ("none", "starttls", "ssl")
DEFAULT_CONFIG_FILE = Path("briefing.toml")
ENV_PREFIX = "BRIEFING_"

#: ``--since``: a day, or a duration before the brief's moment (``24h``, ``2d``).
Window = date | timedelta

_T = TypeVar("_T")
Check = Callable[[Any], str | None]


@dataclass(frozen=True)
class Spec:
    """How one setting is read, checked and shown. Made by :func:`setting`, kept in the field."""

    help: str
    flags: tuple[str, ...] = ()  # command-line flags; () when it is a file/environment setting
    check: Check | None = None
    choices: tuple[str, ...] = ()
    secret: bool = False
    default_text: str | None = None  # the default as the docs show it, when repr is not it
    key: str | None = None  # the TOML key, when it is not the field name (smtp "from")


def setting(
    default: _T,
    help: str,
    *,
    flags: Sequence[str] = (),
    check: Check | None = None,
    choices: Sequence[str] = (),
    secret: bool = False,
    default_text: str | None = None,
    key: str | None = None,
    factory: Callable[[], _T] | None = None,
) -> _T:
    """A dataclass field declaring one setting (see the module docstring)."""
    spec = Spec(
        help=help,
        flags=tuple(flags),
        check=check,
        choices=tuple(choices),
        secret=secret,
        default_text=default_text,
        key=key,
    )
    metadata = {"setting": spec}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


# -- checks -----------------------------------------------------------------------------------


def _at_least(minimum: float) -> Check:
    return lambda value: None if value >= minimum else f"must be at least {minimum:g}"


def _positive(value: float) -> str | None:
    return None if value > 0 else "must be positive"


def _not_negative(value: float) -> str | None:
    return None if value >= 0 else "must not be negative"


def _fraction(value: float) -> str | None:
    return None if 0.0 <= value <= 1.0 else "must be between 0 and 1"


def _one_of(choices: Sequence[str]) -> Check:
    def check(value: str) -> str | None:
        return None if value in choices else f"must be one of {', '.join(choices)}, not {value!r}"

    return check


def _formats(value: tuple[str, ...]) -> str | None:
    unknown = [name for name in value if name not in FORMATS]
    if unknown or not value:
        return f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(FORMATS)}"
    return None


def _folder_exists(value: Path | None) -> str | None:
    return None if value is None or value.is_dir() else f"the folder {value} does not exist"


def _port(value: int | None) -> str | None:
    return None if value is None or 0 < value < 65536 else "must be between 1 and 65535"


def _addresses(value: tuple[str, ...]) -> str | None:
    bad = [address for address in value if "@" not in address]
    return f"{', '.join(map(repr, bad))} is not an email address" if bad else None


def _address(value: str | None) -> str | None:
    return None if not value or "@" in value else f"{value!r} is not an email address"


def _time_of_day(value: str) -> str | None:
    return None if _TIME.match(value) else "must be a time of day like 07:00"


def _timezone(value: str) -> str | None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # only when a schedule is read

    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        return "is not a known IANA timezone (e.g. Europe/Brussels)"
    return None


_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def default_cache_dir() -> Path:
    """Where fetched pages are kept: $XDG_CACHE_HOME/briefing/fetch (~/.cache/...)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "briefing" / "fetch"


# -- the settings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Everything that shapes a brief (the ``[brief]`` table). Build with :func:`load_settings`."""

    inputs: tuple[str, ...] = setting(
        ("seeds",),
        "Article files, folders (read recursively) and http(s) URLs of pages and feeds.",
        default_text="seeds",
    )
    out: Path = setting(
        Path("out"),
        "Folder the brief is written to (and, for send, the archive and the ledger).",
        flags=("--out", "-o"),
    )
    title: str = setting("Situation brief", "The brief's title.", flags=("--title",))
    as_of: date | None = setting(
        None, "The brief's date, YYYY-MM-DD.", flags=("--as-of",), default_text="today"
    )
    since: Window | None = setting(
        None,
        "Only articles dated in this window: a duration before the brief's time (24h, 2d) or a "
        "day (YYYY-MM-DD). An undated article is dated when it was first seen.",
        flags=("--since",),
        default_text="none; 24h for send and schedule",
    )
    until: date | None = setting(
        None, "Only articles dated on or before this day, YYYY-MM-DD.", flags=("--until",)
    )
    sentences: int = setting(
        5, "Summary sentences per incident.", flags=("--sentences", "-n"), check=_at_least(1)
    )
    summarizer: str = setting(
        "lexrank",
        "The sumy summarizer for incident summaries.",
        flags=("--summarizer",),
        choices=SUMMARIZERS,
        check=_one_of(SUMMARIZERS),
    )
    language: str = setting(
        "english", "The language summaries are made in.", check=_one_of(("english",))
    )
    template_dir: Path | None = setting(
        None,
        "A folder of templates looked up before the built-in ones.",
        flags=("--template-dir",),
        check=_folder_exists,
    )
    formats: tuple[str, ...] = setting(
        FORMATS,
        "Output formats, comma-separated or repeated.",
        flags=("--format", "-f"),
        choices=FORMATS,
        check=_formats,
        default_text="pdf,html,json",
    )
    cluster_window_days: int = setting(
        7,
        "Days within which dates never keep articles apart; past them more likeness is needed.",
        check=_not_negative,
    )
    max_incidents: int = setting(
        30,
        "Incidents shown in full, the most important first (sources, recency, figures); "
        "the rest are listed. 0: all.",
        flags=("--max-incidents",),
        check=_not_negative,
    )
    cluster_threshold: float = setting(
        0.12,
        "Mean similarity of their articles two dated groups need to be one incident.",
        check=_fraction,
    )
    workers: int = setting(
        1,
        "Worker processes for reading, summaries and quotes of 300 files or more.",
        flags=("--workers",),
        check=_at_least(1),
    )
    cache_dir: Path | None = setting(
        None,
        "Where fetched http(s) pages are kept between runs; off: keep none.",
        flags=("--cache-dir",),
        factory=default_cache_dir,
        default_text="~/.cache/briefing/fetch",
    )
    offline: bool = setting(
        False, "Read URLs from the cache only; never fetch.", flags=("--offline",)
    )
    fetch_timeout: float = setting(20.0, "Seconds a fetch may take.", check=_positive)
    fetch_max_age_hours: float = setting(
        20.0, "Hours a fetched page is used before it is fetched again.", check=_not_negative
    )
    follow_links: bool = setting(
        False,
        "Fetch and read the pages that feed entries and export items only link to.",
        flags=("--follow-links",),
    )
    history: bool = setting(
        True,
        "Remember every article seen in OUT/seen.sqlite3: undated articles are dated by the day "
        "first seen, incidents keep their ids from day to day (new, updated, continuing).",
        flags=("--history/--no-history",),
    )

    def __post_init__(self) -> None:
        _check_fields(self, "brief")
        if isinstance(self.since, date) and self.until and self.since > self.until:
            raise InputError(f"since ({self.since}) is after until ({self.until})")


@dataclass(frozen=True)
class SendSettings:
    """How ``send`` and ``schedule`` deliver (the ``[send]`` table)."""

    to: tuple[str, ...] = setting(
        (), "Recipient addresses, comma-separated or repeated.", flags=("--to",), check=_addresses
    )
    separate: bool = setting(
        True,
        "One message per recipient (true), or one message with the recipients in Bcc (false).",
    )
    always: bool = setting(
        False,
        "Send even when the brief has nothing new since the last brief sent.",
        flags=("--always",),
    )
    list_id: str | None = setting(
        None, "The List-Id header, e.g. 'Morning brief <brief.desk.example.org>'."
    )
    unsubscribe: str | None = setting(
        None, "The address of the List-Unsubscribe header (mailto:).", check=_address
    )


@dataclass(frozen=True)
class ScheduleSettings:
    """When ``schedule`` sends (the ``[schedule]`` table)."""

    at: str = setting("07:00", "Time of day, HH:MM.", flags=("--at",), check=_time_of_day)
    tz: str = setting("UTC", "IANA timezone of the time of day.", flags=("--tz",), check=_timezone)


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send (the ``[smtp]`` table). ``password`` never appears in repr or logs."""

    host: str = setting("", "The SMTP server.")
    port: int | None = setting(None, "Its port.", check=_port, default_text="25, 587 or 465 by tls")
    sender: str = setting("", "The sender address.", key="from")
    tls: str = setting(
        "starttls", "none, starttls or ssl.", choices=TLS_MODES, check=_one_of(TLS_MODES)
    )
    user: str | None = setting(None, "Login, when the server wants one.")
    password: str | None = field(
        default=None, repr=False, metadata={"setting": Spec("Its password.", secret=True)}
    )
    timeout: float = setting(30.0, "Seconds to wait for the server.", check=_positive)

    def __post_init__(self) -> None:
        _check_fields(self, "smtp")

    @property
    def effective_port(self) -> int:
        return self.port or {"none": 25, "starttls": 587, "ssl": 465}[self.tls]

    @classmethod
    def from_sources(
        cls, config: Mapping[str, object] | None, environ: Mapping[str, str]
    ) -> SmtpSettings:
        """From an ``[smtp]`` table (already parsed) and ``BRIEFING_SMTP_*``; checked for use."""
        layers = Layers(files={"smtp": dict(config or {})}, environ=environ)
        return require_smtp(layers.build(cls))


#: The tables of briefing.toml, in the order the docs show them, and the class of each.
TABLES: dict[str, type[Any]] = {
    "brief": Settings,
    "send": SendSettings,
    "schedule": ScheduleSettings,
    "smtp": SmtpSettings,
}


@dataclass(frozen=True)
class Entry:
    """One setting as the table declares it."""

    table: str
    name: str  # the field name
    key: str  # the TOML key
    type_name: str
    default: Any
    spec: Spec

    @property
    def env(self) -> str:
        prefix = ENV_PREFIX if self.table == "brief" else f"{ENV_PREFIX}{self.table.upper()}_"
        return prefix + self.key.upper()

    @property
    def default_text(self) -> str:
        if self.spec.default_text is not None:
            return self.spec.default_text
        return show(self.default) or "none"


def entries(table: str | None = None) -> Iterator[Entry]:
    """Every setting of one table (or of all tables), in declaration order."""
    for name, cls in TABLES.items():
        if table is not None and name != table:
            continue
        for item in fields(cls):
            spec = item.metadata.get("setting")
            if not isinstance(spec, Spec):
                continue
            if item.default is not dataclasses.MISSING:
                default = item.default
            elif item.default_factory is not dataclasses.MISSING:
                default = item.default_factory()
            else:  # pragma: no cover - every setting has a default
                default = None
            yield Entry(name, item.name, spec.key or item.name, str(item.type), default, spec)


def entry(table: str, name: str) -> Entry:
    """The declaration of one setting, by table and field name."""
    for candidate in entries(table):
        if candidate.name == name:
            return candidate
    raise KeyError(f"{table}.{name}")


def _check_fields(instance: object, table: str) -> None:
    for item in entries(table):
        if item.spec.check is None:
            continue
        problem = item.spec.check(getattr(instance, item.name))
        if problem:
            raise InputError(f"{item.key} {problem}")


# -- reading values ----------------------------------------------------------------------------

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([hd])\s*$", re.IGNORECASE)
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _words(value: Any) -> list[str]:
    items = value.split(",") if isinstance(value, str) else list(value)
    return [str(item).strip() for item in items if str(item).strip()]


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text not in _TRUE + _FALSE:
        raise ValueError("expected true or false")
    return text in _TRUE


def _day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError("not a date like 2024-03-31") from None


def parse_window(value: Any) -> Window:
    """``24h``, ``2d`` (a duration) or ``2024-03-31`` (a day)."""
    if isinstance(value, date | timedelta):
        return value
    match = _DURATION.match(str(value))
    if match:
        amount, unit = float(match.group(1)), match.group(2).lower()
        return timedelta(hours=amount) if unit == "h" else timedelta(days=amount)
    try:
        return _day(value)
    except ValueError:
        raise ValueError("not a duration like 24h or 2d, nor a day like 2024-03-31") from None


def _number(kind: Callable[[str], _T]) -> Callable[[Any], _T]:
    def parse(value: Any) -> _T:
        if isinstance(value, bool):  # TOML true is not a number
            raise ValueError("expected a number")
        try:
            return kind(str(value).strip())
        except ValueError:
            raise ValueError("expected a number") from None

    return parse


def _path(value: Any) -> Path:
    return Path(str(value).strip()).expanduser()


def _optional_path(value: Any) -> Path | None:
    if str(value).strip().lower() in ("", "none", "off"):
        return None
    return _path(value)


def _optional_text(value: Any) -> str | None:
    return str(value).strip() or None


def _lower(value: Any) -> str:
    return str(value).strip().lower()


#: How a value from TOML, the environment or the command line becomes a field's type.
PARSERS: dict[str, Callable[[Any], Any]] = {
    "str": lambda value: str(value).strip(),
    "str | None": _optional_text,
    "int": _number(int),
    "int | None": _number(int),
    "float": _number(float),
    "bool": _boolean,
    "date | None": _day,
    "Window | None": parse_window,
    "Path": _path,
    "Path | None": _optional_path,
    "tuple[str, ...]": lambda value: tuple(_words(value)),
}
#: Choices compare in lower case: "TextRank" is textrank.
_LOWERED = {("brief", "summarizer"), ("brief", "language"), ("smtp", "tls"), ("brief", "formats")}


def parse_value(item: Entry, value: Any) -> Any:
    """``value`` as the type of ``item``; ValueError saying what was expected."""
    parsed = PARSERS[item.type_name](value)
    if (item.table, item.name) in _LOWERED:
        parsed = tuple(map(_lower, parsed)) if isinstance(parsed, tuple) else _lower(parsed)
    return parsed


def show(value: Any, *, secret: bool = False) -> str:
    """A value as a user writes it (``24h``, ``pdf,html``, ``2024-03-31``); secrets masked."""
    if value is None or value == ():
        return ""
    if secret:
        return "********"
    if isinstance(value, timedelta):
        hours = value.total_seconds() / 3600
        # A day is said as 24h, as the docs and the default say it; 2d, 3d... as days.
        return f"{hours / 24:g}d" if hours % 24 == 0 and hours >= 48 else f"{hours:g}h"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(map(str, value))
    if isinstance(value, Path):
        home = str(Path.home())
        text = str(value)
        return "~" + text[len(home) :] if text.startswith(home + os.sep) else text
    return str(value)


def toml_value(value: Any, *, secret: bool = False) -> str | None:
    """A value as briefing.toml writes it (``"24h"``, ``["news"]``, ``5``, ``false``); None
    when it is not set. Secrets are masked."""
    if value is None:
        return None
    if secret:
        return '"********"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | date):
        return value.isoformat() if isinstance(value, date) else repr(value)
    if isinstance(value, tuple):
        return "[" + ", ".join(toml_value(item) or '""' for item in value) + "]"
    # Paths and durations as the user writes them; a JSON string is a valid TOML string.
    return json.dumps(show(value) if isinstance(value, Path | timedelta) else str(value))


def brief_moment(settings: Settings, now: datetime) -> datetime:
    """The moment a brief is made for: ``now``, or its time of day on ``settings.as_of``."""
    if settings.as_of is None:
        return now
    return datetime.combine(settings.as_of, now.timetz())


def window_start(since: Window | None, moment: datetime) -> date | None:
    """The first day of the ``--since`` window for a brief made at ``moment``."""
    if since is None or isinstance(since, date):
        return since
    return (moment - since).date()


# -- the layers ----------------------------------------------------------------------------------


def _did_you_mean(word: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(known)}"


def read_config_document(path: Path) -> dict[str, dict[str, Any]]:
    """The tables of a briefing.toml, every key checked: unknown ones are errors.

    Keys of the ``[brief]`` table may also stand at the top level.
    """
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read config file {path}: {error.strerror}") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"config file {path} is not valid TOML: {error}") from error
    tables: dict[str, dict[str, Any]] = {name: {} for name in TABLES}
    brief_keys = [item.key for item in entries("brief")]
    for key, value in document.items():
        if isinstance(value, dict):
            if key not in TABLES:
                hint = _did_you_mean(key, list(TABLES))
                raise InputError(f"config file {path}: unknown table [{key}]{hint}")
            tables[key].update(value)
        elif key in brief_keys:
            tables["brief"][key] = value
        else:
            hint = _did_you_mean(key, brief_keys)
            raise InputError(f"config file {path}: unknown key {key!r}{hint}")
    _check_keys(tables, f"config file {path}")
    return tables


def _check_keys(tables: Mapping[str, Mapping[str, Any]], where: str) -> None:
    for name, table in tables.items():
        keys = [item.key for item in entries(name)]
        for key, value in table.items():
            if key not in keys:
                hint = _did_you_mean(key, keys)
                raise InputError(f"{where}: unknown key {key!r} in [{name}]{hint}")
            if isinstance(value, dict):
                raise InputError(f"{where}: [{name}] {key} must be a value, not a table")


def find_config_file(config_file: Path | None) -> Path | None:
    """``config_file``, or ./briefing.toml when it exists, or None."""
    if config_file is not None:
        return config_file
    return DEFAULT_CONFIG_FILE if DEFAULT_CONFIG_FILE.is_file() else None


@dataclass
class Resolved:
    """One setting's effective value and where it came from."""

    entry: Entry
    value: Any
    source: str


class Layers:
    """The layers settings come from: defaults, a briefing.toml, the environment, the CLI.

    ``files`` are the file's tables (read and checked); ``options`` the command line's values
    by table and field name, already parsed (None: not given).
    """

    def __init__(
        self,
        *,
        config_file: Path | None = None,
        files: Mapping[str, Mapping[str, Any]] | None = None,
        environ: Mapping[str, str] | None = None,
        options: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> None:
        self._files_given = files
        self.config_file = find_config_file(config_file) if files is None else config_file
        if files is not None:
            self.files = {name: dict(files.get(name, {})) for name in TABLES}
            _check_keys(self.files, "settings")
        elif self.config_file is not None:
            self.files = read_config_document(self.config_file)
        else:
            self.files = {name: {} for name in TABLES}
        self.environ = os.environ if environ is None else environ
        self.options = {name: dict((options or {}).get(name, {})) for name in TABLES}

    def reload(self) -> Layers:
        """The same layers with briefing.toml read again (the preview, after an edit)."""
        return Layers(
            config_file=self.config_file,
            files=self._files_given,
            environ=self.environ,
            options=self.options,
        )

    def resolve(self, table: str) -> list[Resolved]:
        """Each setting of ``table`` with its value and source, the later layer winning."""
        resolved = []
        base = self.config_file.parent if self.config_file is not None else Path()
        where = f"{self.config_file}" if self.config_file is not None else "briefing.toml"
        for item in entries(table):
            value, source = item.default, "default"
            if item.key in self.files[table]:
                raw = self.files[table][item.key]
                value = self._parse(item, raw, f"config file {where}: [{table}] {item.key}")
                value = _relative_to(base, item, value)
                source = f"{where} [{table}]"
            raw_env = self.environ.get(item.env)
            if raw_env is not None and raw_env.strip() != "":
                value = self._parse(item, raw_env, f"environment variable {item.env}")
                source = f"environment {item.env}"
            given = self.options[table].get(item.name)
            if given is not None:
                flag = item.spec.flags[0] if item.spec.flags else item.name.upper()
                value, source = given, f"command line {flag}"
            resolved.append(Resolved(item, value, source))
        return resolved

    def build(self, cls: type[_T]) -> _T:
        """An instance of a settings class from the layers; InputError names the bad source."""
        table = next(name for name, known in TABLES.items() if known is cls)
        resolved = self.resolve(table)
        values = {item.entry.name: item.value for item in resolved}
        try:
            return cls(**values)
        except InputError as error:
            # Name where the bad value came from.
            key = str(error).split(" ", 1)[0]
            for item in resolved:
                if item.entry.key == key and item.source != "default":
                    raise InputError(f"{item.source}: {error}") from None
            raise

    @staticmethod
    def _parse(item: Entry, raw: Any, source: str) -> Any:
        try:
            return parse_value(item, raw)
        except (TypeError, ValueError) as error:
            raise InputError(f"{source}: bad value {raw!r} ({error})") from error


def _relative_to(base: Path, item: Entry, value: Any) -> Any:
    """Paths written in briefing.toml are relative to its folder."""
    if isinstance(value, Path) and not value.is_absolute():
        return base / value
    if item.name == "inputs" and isinstance(value, tuple):
        return tuple(
            entry if "://" in entry or Path(entry).is_absolute() else str(base / entry)
            for entry in value
        )
    return value


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Merge defaults < config file < environment < ``overrides`` (``None`` values ignored).

    Without ``config_file``, ``./briefing.toml`` is read when it exists.
    """
    layers = Layers(config_file=config_file, environ=environ, options={"brief": overrides or {}})
    return layers.build(Settings)


def require_smtp(smtp: SmtpSettings) -> SmtpSettings:
    """``smtp`` when it can send: a server, a sender, a user only with a password."""

    def named(key: str) -> str:
        item = entry("smtp", "sender" if key == "from" else key)
        return f"{item.env} (or {item.key} in the [smtp] table)"

    if not smtp.host:
        raise InputError(f"no SMTP server: set {named('host')}")
    if "@" not in smtp.sender:
        problem = f"{smtp.sender!r} is not an email address" if smtp.sender else "missing"
        raise InputError(f"sender address {problem}: set {named('from')}")
    if smtp.user and smtp.password is None:
        raise InputError(f"{named('user')} is set but no password: set {named('password')}")
    if smtp.password and smtp.user is None:
        raise InputError(f"an SMTP password is set but no user: set {named('user')}")
    return smtp


def require_recipients(delivery: SendSettings) -> SendSettings:
    """``delivery`` when it names someone to send to; InputError saying where to set it."""
    if not delivery.to:
        item = entry("send", "to")
        raise InputError(
            f"no recipients: give --to ADDRESS, or set {item.key} in the [send] table "
            f"(or {item.env})"
        )
    return delivery


def describe(layers: Layers) -> list[Resolved]:
    """Every setting of every table with its effective value and source (``briefing config``)."""
    return [item for table in TABLES for item in layers.resolve(table)]


__all__ = [
    "FORMATS",
    "SUMMARIZERS",
    "TABLES",
    "Entry",
    "Layers",
    "ScheduleSettings",
    "SendSettings",
    "Settings",
    "SmtpSettings",
    "Spec",
    "describe",
    "entries",
    "load_settings",
    "parse_window",
    "show",
    "toml_value",
    "window_start",
]


def settings_markdown() -> str:
    """The README's settings table, made from the declarations (scripts/settings-table.py)."""
    lines = [
        "| setting | environment | option | default | meaning |",
        "| --- | --- | --- | --- | --- |",
    ]
    for item in entries():
        name = f"`{item.key}`" if item.table == "brief" else f"`[{item.table}] {item.key}`"
        flags = ", ".join(f"`{flag}`" for flag in item.spec.flags) or "—"
        meaning = item.spec.help.replace("|", "\\|")
        default = item.default_text.replace("|", "\\|")
        lines.append(f"| {name} | `{item.env}` | {flags} | {default} | {meaning} |")
    return "\n".join(lines) + "\n"
