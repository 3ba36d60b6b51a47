"""Compose files (``compose.yaml``, ``docker-compose.yml`` and overrides), read
with ruamel.yaml so every key keeps its line and column.

This module only reads: the project model resolves build contexts and the
rules judge. A broken YAML file gives an error entry, never an exception.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

COMPOSE_NAME = re.compile(r"^(docker-)?compose(\.[\w.-]+)?\.ya?ml$")


def is_compose_name(name: str) -> bool:
    return bool(COMPOSE_NAME.match(name))


@dataclass
class Build:
    context: str  # as written, relative to the compose file's directory
    dockerfile: str | None  # as written, relative to the context
    line: int
    context_line: int
    dockerfile_line: int | None
    dockerfile_inline: bool = False


@dataclass
class Service:
    name: str
    line: int
    column: int
    data: object  # the ruamel mapping (CommentedMap) of the service
    build: Build | None = None

    def key_line(self, *keys: str) -> int | None:
        """1-based line of a nested key (``key_line("deploy", "resources")``)."""
        node = self.data
        line = None
        for k in keys:
            if not hasattr(node, "lc") or not isinstance(node, dict) or k not in node:
                return None
            try:
                line = node.lc.key(k)[0] + 1
            except Exception:
                line = self.line
            node = node[k]
        return line

    def get(self, *keys, default=None):
        node = self.data
        for k in keys:
            if not isinstance(node, dict) or k not in node:
                return default
            node = node[k]
        return node


@dataclass
class ComposeFile:
    path: str
    services: list[Service] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    data: object = None


def _line_of(mapping, key, default: int) -> tuple[int, int]:
    try:
        ln, col = mapping.lc.key(key)
        return ln + 1, col + 1
    except Exception:
        return default, 1


def parse(text: str | bytes, path: str = "compose.yaml") -> ComposeFile:
    from ruamel.yaml import YAML

    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    out = ComposeFile(path=path)
    yaml = YAML(typ="rt", pure=True)
    try:
        data = yaml.load(text)
    except Exception as exc:  # ruamel has a zoo of exception types
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + 1) if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        out.errors.append((line, f"invalid YAML: {problem}"))
        return out
    out.data = data
    if data is None:
        return out
    if not isinstance(data, dict):
        out.errors.append((1, "a compose file must be a mapping at the top level"))
        return out
    services = data.get("services")
    if services is None:
        return out
    if not isinstance(services, dict):
        line, _ = _line_of(data, "services", 1)
        out.errors.append((line, "'services' must be a mapping"))
        return out
    for name, svc in services.items():
        line, col = _line_of(services, name, 1)
        service = Service(name=str(name), line=line, column=col, data=svc if isinstance(svc, dict) else {})
        if isinstance(svc, dict) and "build" in svc:
            service.build = _read_build(svc, line)
        out.services.append(service)
    return out


def _read_build(svc, default_line: int) -> Build | None:
    b = svc["build"]
    bline, _ = _line_of(svc, "build", default_line)
    if isinstance(b, str):
        return Build(context=b, dockerfile=None, line=bline, context_line=bline, dockerfile_line=None)
    if not isinstance(b, dict):
        return None
    ctx = b.get("context", ".")
    cline, _ = _line_of(b, "context", bline) if "context" in b else (bline, 1)
    df = b.get("dockerfile")
    dline = _line_of(b, "dockerfile", bline)[0] if "dockerfile" in b else None
    inline = "dockerfile_inline" in b
    return Build(context=str(ctx) if ctx is not None else ".",
                 dockerfile=str(df) if df is not None else None,
                 line=bline, context_line=cline, dockerfile_line=dline,
                 dockerfile_inline=inline)


def is_remote_context(context: str) -> bool:
    c = context.strip()
    if not c:
        return False
    if re.match(r"^[a-z][a-z0-9+.-]*://", c) or c.startswith("git@") or c.endswith(".git"):
        return True
    first = PurePosixPath(c).parts[:1]
    return bool(first) and ":" in first[0] and not re.match(r"^[A-Za-z]:", first[0])
