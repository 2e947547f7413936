"""The briefing's two PDF editions, printed from the same executed notebooks by the same build.

- The brief, ``briefing.pdf``: the sections without any code, the file to forward (to a minister's office,
  in a mail). It ends by saying where the methods are: the methods edition's file, and the HTML's
  "Show method" toggles.
- The methods edition, ``briefing-methods.pdf``: the same sections followed by the methods appendix (every
  section's code, wrapped by ``report/printcode.py``) and the reproducibility stamp.

The brief keeps the name ``briefing.pdf`` that every earlier build gave its PDF: whoever forwards "the
briefing's PDF" out of habit, or through a link to that name, now sends the edition without code. The other
name says what it adds.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Edition:
    name: str          # "brief" or "methods"
    file: str          # the file the build writes, in the output folder
    methods: bool      # prints the methods appendix and the reproducibility stamp
    about: str         # one line for manifest.json


BRIEF = Edition("brief", "briefing.pdf", methods=False,
                about="the brief: every section, no code; its last page says where the methods are")
METHODS = Edition("methods", "briefing-methods.pdf", methods=True,
                  about="the methods edition: the brief's sections, then the code of every section and the reproducibility stamp")
PDF_EDITIONS = (BRIEF, METHODS)
HTML_FILE = "briefing.html"   # the screen edition: each section's code behind a "Show method" toggle
