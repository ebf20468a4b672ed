"""Bylines, photo captions, credits and print furniture: paragraphs that are not the story.

Readers call :func:`remove_furniture` on an article's paragraphs once they have found them.
It goes by the shape of a line, as printed by news sites and wire services anywhere, not by
the wording of one site:

* **captions**: a paragraph ending in a picture credit, in brackets ("... on Monday. (AFP/Getty
  Images)", "(AP Photo/Name)") or as a wire photographer's credit ("... REUTERS/Name Surname"),
  or opening like a caption ("Image caption", "Enlarge this image", "Photo:");
* **print and desk furniture**: "This item appears on page 20 of the ... issue.", "A version
  of this article appears in print ...", "Updated at 9:50 p.m. ET", "Reporting by ...;
  Editing by ..." (a whole paragraph, or the bracketed tail of the last one);
* **bylines**: a short paragraph "By Name Surname[ and Name Surname][, role]", and a byline
  glued to the first sentence by a scraper that lost the line break ("Ann Lee and Bo Park A
  powerful earthquake ..."): two or more names, or "By" and a name, directly followed by a
  sentence opening with an article.

What is kept of a paragraph is always an exact slice of it (a byline or a credit cut off its
start or end), so summaries stay verbatim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["remove_furniture"]

#: A byline paragraph has at most this many words,
MAX_BYLINE_WORDS = 14
#: and a caption (a paragraph ending in a picture credit) at most this many.
MAX_CAPTION_WORDS = 60

_NAME_WORD = r"[A-Z][a-zà-ÿ'’-]+"
# A person's name: two or three capitalised words, maybe with an initial between them.
_NAME = rf"{_NAME_WORD}(?:\s[A-Z]\.)?(?:\s{_NAME_WORD}){{1,2}}"
_NAMES = rf"{_NAME}(?:(?:,\s*|\s+and\s+){_NAME})*"

# A picture credit in brackets at the end: "(AFP/Getty Images)", "(AP Photo/Jane Doe)",
# "(Photo: Name)", "(Reuters)" after a caption's last stop.
_BRACKETED_CREDIT = re.compile(
    r"""[.!?…]["'”’]*\s*\(\s*(?:
        [^()]{0,60}/[^()]{1,60}                          # Agency/Name, Name/Agency
      | (?:photo|photograph|image|picture|file|credit)s?\b[^()]{0,60}
      | [^()]*\b(?:images|photos?|pictures)\b[^()]*      # "Getty Images", "EPA Photos"
      | (?-i:[A-Z][A-Za-z]{1,10})                        # a bare agency name: "(Reuters)"
    )\s*\)$""",
    re.IGNORECASE | re.VERBOSE,
)
# A wire photographer's credit ending a caption: "REUTERS/Umit Bektas", "AFP/Getty Images".
_SLASHED_CREDIT = re.compile(
    rf"(?:^|[.!?]\s+)[A-Z]{{2,}}(?:\s[A-Z]{{2,}})*\s?/\s?{_NAME_WORD}"
    rf"(?:\s{_NAME_WORD}){{0,3}}\.?$"
)
_CAPTION_START = re.compile(
    r"^(?:image|media|photo|video)\s+caption\b|^enlarge\s+this\s+image\b|^toggle\s+caption\b|"
    r"^(?:photo|photograph|picture|image|caption|pictured|file\s+photo)\s*:",
    re.IGNORECASE,
)
# Whole paragraphs of print and desk furniture.
_PRINT_FURNITURE = re.compile(
    r"""^(?:
        this\s+(?:item|article|story)\s+(?:appears|appeared)\s+(?:on\s+page|in\s+(?:the\s+)?print)
      | a\s+version\s+of\s+this\s+(?:article|story)\s+(?:appears|appeared)\s+in\s+print
      | (?:updated|posted|published)\s+(?:at|on)\s+\d{1,2}[:.]\d\d
      | \(?\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|edited)\s+by\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# "... (Reporting by Name; Editing by Name)" closing the last paragraph of wire copy.
_DESK_TAIL = re.compile(
    r"\s*\(\s*(?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by\b[^()]*\)\s*$",
    re.IGNORECASE,
)
_BYLINE = re.compile(rf"^By\s+{_NAMES}(?:\s*[,|]\s*[^.!?]{{0,60}})?$")
# A byline glued to the first sentence: "By Name Surname A ..." or "Name One and Name Two The ...".
_GLUED_BYLINE = re.compile(
    rf"^(?:By\s+{_NAMES}|{_NAME}(?:(?:,\s*|\s+and\s+){_NAME})+)\s+(?=(?:A|An|The)\s+[a-z])"
)


def remove_furniture(paragraphs: Sequence[str]) -> list[str]:
    """The paragraphs without furniture (module docstring), in order; the others unchanged
    but for a glued byline cut off the first and a desk credit cut off the last."""
    kept: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        text = paragraph.strip()
        if not text or _is_furniture(text):
            continue
        if not kept:
            glued = _GLUED_BYLINE.match(text)
            if glued and len(text) > glued.end():
                text = text[glued.end() :]
        if index == len(paragraphs) - 1:
            text = _DESK_TAIL.sub("", text)
        if text:
            kept.append(text)
    return kept


def _is_furniture(text: str) -> bool:
    """True for a paragraph that is a caption, a byline or print and desk furniture."""
    if _CAPTION_START.search(text) or _PRINT_FURNITURE.search(text):
        return True
    if len(text.split()) <= MAX_BYLINE_WORDS and _BYLINE.match(text):
        return True
    if len(text.split()) > MAX_CAPTION_WORDS:
        return False
    return bool(_BRACKETED_CREDIT.search(text) or _SLASHED_CREDIT.search(text))
