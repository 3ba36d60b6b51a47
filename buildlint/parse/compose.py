"""Compose files (``compose.yaml``, ``docker-compose.yml`` and overrides) and
the env files they name, read with ruamel.yaml so every key keeps its line and
column.

This module only reads: the project model resolves build contexts and the
rules judge. A broken YAML file gives an error entry, never an exception.
The ``Service`` accessors (``environment()``, ``ports()``, ``volumes()``,
``depends_on()``, ``env_files()``) accept every syntax the Compose
specification allows (short and long forms, mappings and lists) and return
plain values with 1-based lines; anything malformed is skipped, not raised.
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

    def has(self, *keys) -> bool:
        return self.get(*keys, default=_MISSING) is not _MISSING

    def where(self, *keys) -> tuple[int, int]:
        """(line, column) of a nested key; the deepest key found, else the service."""
        node, line, col = self.data, self.line, self.column
        for k in keys:
            if not isinstance(node, dict) or k not in node:
                break
            line, col = _line_of(node, k, line)
            node = node[k]
        return line, col

    @property
    def image(self) -> str | None:
        v = self.get("image")
        return scalar(v) if v is not None and not isinstance(v, (dict, list)) else None

    def environment(self) -> list["EnvVar"]:
        """``environment:`` as a mapping or a ``KEY=VALUE`` list; a bare ``KEY`` has value None."""
        env = self.get("environment")
        out: list[EnvVar] = []
        if isinstance(env, dict):
            for k, v in env.items():
                line, col = _line_of(env, k, self.line)
                out.append(EnvVar(str(k), None if v is None else scalar(v), line, col))
        elif isinstance(env, list):
            for i, item in enumerate(env):
                if isinstance(item, (dict, list)) or item is None:
                    continue
                line, col = _item_line(env, i, self.line)
                k, eq, v = str(item).partition("=")
                out.append(EnvVar(k.strip(), v if eq else None, line, col))
        return out

    def env_files(self) -> list["EnvFileRef"]:
        """``env_file:`` as a string, a list of strings or of ``{path, required}``."""
        raw = self.get("env_file")
        items = raw if isinstance(raw, list) else ([raw] if raw is not None else [])
        out = []
        for i, item in enumerate(items):
            if isinstance(raw, list):
                line, col = _item_line(raw, i, self.line)
            else:
                line, col = self.where("env_file")
            required = True
            if isinstance(item, dict):
                path = item.get("path")
                required = item.get("required", True) is not False
            else:
                path = item
            if path is None or isinstance(path, (dict, list)):
                continue
            out.append(EnvFileRef(str(path), line, col, required))
        return out

    def depends_on(self) -> list["Dependency"]:
        """``depends_on:`` as a list of names or a mapping name -> {condition, ...}."""
        raw = self.get("depends_on")
        out = []
        if isinstance(raw, list):
            for i, item in enumerate(raw):
                if isinstance(item, (dict, list)) or item is None:
                    continue
                line, col = _item_line(raw, i, self.line)
                out.append(Dependency(str(item), None, line, col))
        elif isinstance(raw, dict):
            for k, v in raw.items():
                line, col = _line_of(raw, k, self.line)
                cond = v.get("condition") if isinstance(v, dict) else None
                out.append(Dependency(str(k), str(cond) if cond is not None else None, line, col))
        return out

    def ports(self) -> list["Port"]:
        raw = self.get("ports")
        out = []
        if not isinstance(raw, list):
            return out
        for i, item in enumerate(raw):
            line, col = _item_line(raw, i, self.line)
            port = parse_port(item)
            if port is not None:
                port.line, port.column = line, col
                out.append(port)
        return out

    def volumes(self) -> list["Volume"]:
        raw = self.get("volumes")
        out = []
        if not isinstance(raw, list):
            return out
        for i, item in enumerate(raw):
            line, col = _item_line(raw, i, self.line)
            if isinstance(item, dict):
                tgt = item.get("target")
                if tgt is None:
                    continue
                src = item.get("source")
                tline, tcol = _line_of(item, "target", line)
                out.append(Volume(None if src is None else str(src), str(tgt), str(item.get("type") or ""),
                                  tline, tcol))
            elif item is not None and not isinstance(item, list):
                parts = str(item).split(":")
                if len(parts) == 1:
                    out.append(Volume(None, parts[0], "volume", line, col))
                else:
                    src, tgt = parts[0], parts[1]
                    kind = "bind" if src.startswith((".", "/", "~", "$")) else "volume"
                    out.append(Volume(src, tgt, kind, line, col))
        return out

    def has_healthcheck(self) -> bool:
        """A ``healthcheck:`` that tests something (not ``disable: true`` or ``test: ["NONE"]``)."""
        hc = self.get("healthcheck")
        if not isinstance(hc, dict):
            return False
        if hc.get("disable") is True:
            return False
        test = hc.get("test")
        if test is None:
            return False
        if isinstance(test, list):
            return bool(test) and str(test[0]).upper() != "NONE"
        return bool(str(test).strip())


@dataclass
class ComposeFile:
    path: str
    services: list[Service] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    data: object = None


_MISSING = object()


@dataclass
class EnvVar:
    key: str
    value: str | None  # as written (interpolation not applied); None for a bare ``KEY``
    line: int
    column: int = 1


@dataclass
class EnvFileRef:
    path: str  # as written, relative to the compose file's directory
    line: int
    column: int = 1
    required: bool = True


@dataclass
class Dependency:
    service: str
    condition: str | None  # None for the short (list) form
    line: int
    column: int = 1


@dataclass
class Port:
    host_ip: str | None  # None when not given: all interfaces
    published: str | None  # host port or range; None for an ephemeral port
    target: str  # container port or range
    protocol: str = "tcp"
    line: int = 1
    column: int = 1

    def targets(self) -> list[int]:
        return _port_range(self.target)


@dataclass
class Volume:
    source: str | None
    target: str
    kind: str  # "volume", "bind", "tmpfs", ... ("" when not given)
    line: int
    column: int = 1


def scalar(v) -> str:
    """A YAML scalar as Compose reads it: booleans ``true``/``false``, numbers as written."""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _port_range(text: str) -> list[int]:
    a, _, b = str(text).partition("-")
    try:
        lo = int(a)
        hi = int(b) if b else lo
    except ValueError:
        return []
    return list(range(lo, min(hi, lo + 1000) + 1))


def parse_port(item) -> Port | None:
    """One ``ports:`` entry, short (``[IP:][HOST:]CONTAINER[/PROTO]``) or long syntax."""
    if isinstance(item, dict):
        if item.get("target") is None:
            return None
        host_ip = item.get("host_ip")
        pub = item.get("published")
        return Port(None if host_ip is None else str(host_ip), None if pub is None else str(pub),
                    str(item["target"]), str(item.get("protocol") or "tcp"))
    if item is None or isinstance(item, (list, bool)):
        return None
    text = str(item).strip()
    proto = "tcp"
    if "/" in text:
        text, proto = text.rsplit("/", 1)
    host_ip = None
    m = re.match(r"^\[([^\]]*)\]:(.*)$", text)  # [::1]:5432:5432
    if m:
        host_ip, text = m.group(1), m.group(2)
    parts = text.split(":")
    if host_ip is None and len(parts) >= 3:
        host_ip, parts = ":".join(parts[:-2]), parts[-2:]
    if len(parts) == 1:
        return Port(host_ip, None, parts[0], proto)
    return Port(host_ip, parts[0] or None, parts[1], proto)


def parse_env_file(text: str | bytes) -> list[EnvVar]:
    """An env file (``KEY=VALUE`` lines, ``#`` comments, optional ``export``,
    single/double quotes) as Compose reads it."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    out = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[7:].lstrip()
        key, eq, value = line.partition("=")
        key = key.strip()
        if not key or not re.match(r"^[A-Za-z_][A-Za-z0-9_.-]*$", key):
            continue
        if not eq:
            out.append(EnvVar(key, None, n, raw.index(key[0]) + 1))
            continue
        value = value.strip()
        if value[:1] in ("'", '"'):
            q = value[0]
            end = value.find(q, 1)
            value = value[1:end] if end > 0 else value[1:]
        else:
            value = re.split(r"\s+#", value, 1)[0].strip()
        out.append(EnvVar(key, value, n, raw.index(key[0]) + 1))
    return out


def _item_line(seq, index: int, default: int) -> tuple[int, int]:
    try:
        ln, col = seq.lc.item(index)
        return ln + 1, col + 1
    except Exception:
        return default, 1


def _line_of(mapping, key, default: int) -> tuple[int, int]:
    try:
        ln, col = mapping.lc.key(key)
        return ln + 1, col + 1
    except Exception:
        return default, 1


#: A compose file has hundreds of nodes; YAML aliases can make a small file
#: expand to billions ("billion laughs"), which every later walk would pay for.
MAX_NODES = 200_000


def _expanded_size(data, limit: int) -> int:
    """Nodes the document has with every alias expanded, counting up to ``limit + 1``."""
    count, stack = 0, [data]
    while stack:
        node = stack.pop()
        count += 1
        if count > limit:
            break
        if isinstance(node, dict):
            stack.extend(node.keys())
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    return count


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
        context = getattr(exc, "context", None) or ""
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if "quoted scalar" in context and getattr(exc, "context_mark", None) is not None:
            mark = exc.context_mark  # an unterminated string: where it starts, not the end of the file
        line = (mark.line + 1) if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f" ({context})" if context else ""
        out.errors.append((line, f"invalid YAML: {problem}{where}"))
        return out
    if _expanded_size(data, MAX_NODES) > MAX_NODES:
        out.errors.append((1, f"the file expands to more than {MAX_NODES} YAML nodes (aliases of aliases?); "
                              "not read further"))
        return out
    out.data = data
    if data is None:
        out.errors.append((1, "the compose file is empty (Compose refuses it: `empty compose file`)"))
        return out
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else f"a {type(data).__name__}"
        out.errors.append((1, f"a compose file must be a mapping at the top level, not {kind}"))
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
