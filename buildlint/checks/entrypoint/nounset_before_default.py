"""BL409 entrypoint-nounset-before-default: under `set -u` a variable is
used before the line that gives it a default."""

from __future__ import annotations

import re

from buildlint.engine import check
from buildlint.model.entrypoint import EntrypointScript

_DEFAULT = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?[-=]")
_PLAIN = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


def _code(line: str) -> str:
    """The line without single-quoted text and comments (good enough for `$VAR` scanning)."""
    out, i, n = [], 0, len(line)
    while i < n:
        c = line[i]
        if c == "'":
            j = line.find("'", i + 1)
            i = n if j < 0 else j + 1
            continue
        if c == "#" and (i == 0 or line[i - 1] in " \t;"):
            break
        if c == "\\":
            out.append(line[i:i + 2])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


@check("BL409", each=EntrypointScript)
def entrypoint_nounset_before_default(es: EntrypointScript, ctx):
    script = es.script
    on = script.set_options.get("u")
    if on is None:
        return
    lines = [_code(x) for x in script.lines]
    defaults: dict[str, int] = {}
    for n, text in enumerate(lines, 1):
        for m in _DEFAULT.finditer(text):
            defaults.setdefault(m.group(1), n)
    assigned: dict[str, int] = {}
    for n, text in enumerate(lines, 1):
        for m in re.finditer(r"(?:^|[;&|\s])(?:export\s+|local\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=", text):
            assigned.setdefault(m.group(1), n)
    reported = set()
    for n, text in enumerate(lines, 1):
        if n < on:
            continue
        for m in _PLAIN.finditer(text):
            name = m.group(1) or m.group(2)
            dline = defaults.get(name)
            if dline is None or dline <= n or name in reported:
                continue
            if assigned.get(name, dline) < n:
                continue  # set before this use
            reported.add(name)
            yield ctx.finding((es.path, n, m.start() + 1),
                              f"`set -u` is on and `${name}` is used before the `${{{name}:-...}}` that would "
                              f"give it a default: when `{name}` is unset the script stops with \"{name}: "
                              f"parameter not set\"; give the default first (`: \"${{{name}:=...}}\"`) or use "
                              f"`${{{name}:-...}}` here",
                              related=[((es.path, dline, "the default is given only here")),
                                       ((es.path, on, "`set -u` is enabled here"))])
