"""BL205 dockerignore-matches-nothing: a pattern that matches nothing in the build context."""

from __future__ import annotations

import fnmatch
import os
import re

from buildlint.engine import check
from buildlint.model.project import BuildContext

_INLINE = re.compile(r"\s#")
_MAX_ENTRIES = 200_000  # give up (report nothing) on contexts larger than this


def _last_component(pattern: str) -> str:
    p = pattern
    while p.startswith("**/"):
        p = p[3:]
    while p.endswith("/**"):
        p = p[:-3]
    return p.rsplit("/", 1)[-1]


def _expected_absent(pattern: str, names) -> bool:
    last = _last_component(pattern)
    return any(last == n or fnmatch.fnmatchcase(last, n) for n in names)


def _depth(p) -> float:
    return float("inf") if "**" in p.pattern else p.pattern.count("/") + 1


def unmatched(root, patterns) -> list:
    """The patterns that match no path (file or directory) on disk under ``root``."""
    left = list(patterns)
    if not left:
        return []
    max_depth = max(_depth(p) for p in left)
    stack = [("", 0)]
    seen = 0
    while stack and left:
        rel, depth = stack.pop()
        try:
            with os.scandir(os.path.join(root, rel) if rel else root) as it:
                entries = list(it)
        except OSError:
            continue
        for e in entries:
            seen += 1
            if seen > _MAX_ENTRIES:
                return []
            path = f"{rel}/{e.name}" if rel else e.name
            left = [p for p in left if not p.match(path)]
            try:
                is_dir = e.is_dir(follow_symlinks=False)
            except OSError:
                is_dir = False
            if is_dir and depth + 1 < max_depth:
                stack.append((path, depth + 1))
        if left:
            max_depth = max(_depth(p) for p in left)
    return left


@check("BL205", each=BuildContext)
def dockerignore_matches_nothing(bc: BuildContext, ctx):
    ign = bc.ignore
    if ign is None:
        return
    names = tuple(ctx.options.get("expected_absent") or ())
    todo = [p for p in ign.active_patterns
            if p.error is None and not _expected_absent(p.pattern, names)
            and not _INLINE.search(p.text) and not p.raw.strip().startswith("#")]  # BL204's findings
    shown = bc.project.display(bc.root)
    for p in unmatched(bc.root, todo):
        what = "re-includes" if p.negated else "excludes"
        yield ctx.finding((bc.ignore_path, p.line, p.col),
                          f"`{p.text}` {what} nothing: no path in the build context `{shown}` matches it "
                          "(patterns are anchored at the context root); fix the path or remove the line")
