"""Reading inputs: files, folders and URLs in, Articles out, and every unusable input explained.

The rooms, each with one job (imports run down this list, never up):

- ``batch``: :func:`read_inputs`, the loop over every input, and links followed after it;
- ``links``: the pages that feed entries and export items only point to;
- ``inputs``: walking folders and naming each input (:func:`collect_inputs`);
- ``registry``: the kinds of input, and :func:`read_document` with the reader for a kind;
- ``text``, ``html``, ``json``, ``feed``, ``email``: one reader each, declaring its ``KIND``
  (``common``: what the structured ones share; ``dateline``: the dateline they all read);
- ``fetch``: http(s) inputs into Documents, through a cache;
- ``content``: sniffing the kind from bytes, decoding text, gunzip;
- ``document``: the :class:`Document` every reader takes, and what it gives back.

The kind comes from the content when the content says so clearly (gzip, HTML, a feed, JSON,
an email, binary data) and from the extension otherwise, so a page saved as ``.txt`` is still
read as HTML. One broken input becomes a :class:`~briefing.models.Skipped` entry and a
warning; the rest still make the brief. This module is only the package's public face.
"""

from __future__ import annotations

from briefing.readers.batch import read_file, read_files, read_input, read_inputs
from briefing.readers.content import MAX_GZIP_MEMBERS, decode_document, decode_text
from briefing.readers.document import MAX_FILE_BYTES, Document, Kind, Pointer
from briefing.readers.inputs import InputFile, collect_inputs, is_url
from briefing.readers.registry import KINDS, MAX_ARTICLE_CHARS, read_document

__all__ = [
    "KINDS",
    "MAX_ARTICLE_CHARS",
    "MAX_FILE_BYTES",
    "MAX_GZIP_MEMBERS",
    "Document",
    "InputFile",
    "Kind",
    "Pointer",
    "collect_inputs",
    "decode_document",
    "decode_text",
    "is_url",
    "read_document",
    "read_file",
    "read_files",
    "read_input",
    "read_inputs",
]
