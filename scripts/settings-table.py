"""Rewrite the settings table in README.md from the declarations in briefing/config.py."""

from pathlib import Path

from briefing.config import settings_markdown

readme = Path(__file__).resolve().parent.parent / "README.md"
text = readme.read_text(encoding="utf-8")
start = text.index("\n", text.index("<!-- settings-table")) + 1
end = text.index("<!-- end of settings-table -->")
readme.write_text(text[:start] + settings_markdown() + text[end:], encoding="utf-8")
