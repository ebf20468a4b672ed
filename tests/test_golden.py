"""The seeds brief, rendered, against stored golden files (refresh: ``make golden``)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from briefing import Settings, build_brief
from briefing.render import render_html
from briefing.serialize import brief_to_json

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
NOW = datetime(2023, 9, 30, 7, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    # Relative input, so that article paths in the output do not depend on the checkout's place.
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(ROOT)
        brief = build_brief(
            [Path("seeds")], Settings(title="Caucasus brief", as_of=date(2023, 9, 30)), now=NOW
        )
    return {"seeds-brief.html": render_html(brief), "seeds-brief.json": brief_to_json(brief)}


@pytest.mark.parametrize("name", ["seeds-brief.html", "seeds-brief.json"])
def test_seeds_brief_matches_golden(
    rendered: dict[str, str], name: str, update_golden: bool
) -> None:
    golden = GOLDEN / name
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered[name], encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: run `make golden`"
    assert rendered[name] == golden.read_text(encoding="utf-8"), (
        f"{name} changed; if intended, refresh with `make golden` and review the diff"
    )
