"""Inline suppressions.

``# buildlint: ignore=BL110,BL200 -- reason`` on the comment lines directly
above an instruction (Dockerfile) or a line (any other file with ``#``
comments) suppresses those rules there; in non-Dockerfiles the comment may
also trail the line itself. ``# buildlint: ignore-file=BL110`` anywhere
suppresses a rule in the whole file. ``# hadolint ignore=DL3008`` is
honoured through the rules' aliases. A suppression that suppressed nothing
is itself reported (BL003) when the rule it names was run; a hadolint comment
never is (hadolint may still need it, and most of its codes are not ours).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_MARK = re.compile(r"#\s*(buildlint|hadolint)\s*:?\s*(ignore-file|ignore)\s*=\s*([A-Za-z0-9_,\- ]+?)"
                   r"(?:\s+(?:--\s*)?(.*))?\s*$")


@dataclass
class Suppression:
    line: int  # where the comment is
    column: int
    rules: tuple[str, ...]  # as written
    first: int  # the lines it covers
    last: int
    whole_file: bool = False
    reason: str = ""
    used: set = field(default_factory=set)
    tool: str = "buildlint"  # or "hadolint": its codes are honoured, never reported as unused


def _tokens(raw: str) -> tuple[str, ...]:
    return tuple(t for t in re.split(r"[,\s]+", raw.strip()) if t)


def scan(lines: list[str], spans: list[tuple[int, int]] | None = None) -> list[Suppression]:
    """Find suppressions in ``lines``. ``spans`` are (start, end) line ranges of
    Dockerfile instructions; a comment above one covers that whole range, and
    comments inside a span (heredoc bodies) are not comments."""
    inside: set[int] = set()
    starts: dict[int, int] = {}
    if spans is not None:
        for s, e in spans:
            starts[s] = e
            if e > s:
                inside.update(range(s + 1, e + 1))
    out: list[Suppression] = []
    for i, text in enumerate(lines, start=1):
        if i in inside or "#" not in text:
            continue
        pos = text.find("#")
        m = _MARK.search(text, pos)
        if not m:
            continue
        full_line = text[:m.start()].strip() == ""
        if spans is not None and not full_line:
            continue  # a '#' after an instruction's text is part of its arguments
        kind = m.group(2)
        tool = m.group(1).lower()
        rules = _tokens(m.group(3))
        reason = (m.group(4) or "").strip()
        if kind == "ignore-file":
            out.append(Suppression(i, m.start() + 1, rules, 1, len(lines) or 1, True, reason, tool=tool))
            continue
        if not full_line:
            out.append(Suppression(i, m.start() + 1, rules, i, i, False, reason, tool=tool))
            continue
        # a comment line: it covers the next non-comment, non-blank line (or instruction)
        j = i + 1
        while j <= len(lines) and (not lines[j - 1].strip() or lines[j - 1].lstrip().startswith("#")):
            if not lines[j - 1].strip():
                break  # a blank line ends the comment block
            j += 1
        if j > len(lines) or not lines[j - 1].strip():
            out.append(Suppression(i, m.start() + 1, rules, i, i, False, reason, tool=tool))
            continue
        end = starts.get(j, j) if spans is not None else j
        out.append(Suppression(i, m.start() + 1, rules, j, end, False, reason, tool=tool))
    return out


def covers(sup: Suppression, rule_id: str, rule_aliases, line: int) -> bool:
    if not (sup.first <= line <= sup.last):
        return False
    names = {rule_id.upper(), *(a.upper() for a in rule_aliases)}
    return any(t.upper() in names or t.upper() == "ALL" for t in sup.rules)
