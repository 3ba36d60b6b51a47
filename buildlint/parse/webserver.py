"""Minimal readers for web-server configs that may serve ``/_next/static``:
nginx ``.conf`` files, Caddyfiles and Traefik labels (of compose services).

Only what the cache-header rule needs: blocks (with the line of their
header), their directives and arguments. Pure functions of the text; never
raise (a broken file gives what could be read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NEXT_STATIC = "_next/static"
GOOD_MAX_AGE = 31536000


@dataclass
class Directive:
    name: str
    args: list[str]
    line: int
    children: list["Directive"] | None = None  # a block

    def find(self, name: str) -> list["Directive"]:
        return [d for d in self.children or () if d.name == name]


# ------------------------------------------------------------------ tokenizing
def _tokens(text: str, newline_ends: bool):
    """(token, line) with ``{``, ``}``, ``;`` and (Caddy) ``\\n`` as separators."""
    i, n, line = 0, len(text), 1
    while i < n:
        ch = text[i]
        if ch == "\n":
            if newline_ends:
                yield "\n", line
            line += 1
            i += 1
            continue
        if ch in " \t\r":
            i += 1
            continue
        if ch == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if ch == "{" and i + 1 < n and text[i + 1] not in " \t\r\n}":
            k = text.find("}", i)  # a placeholder such as {path}
            k = n - 1 if k == -1 else k
            yield text[i:k + 1], line
            i = k + 1
            continue
        if ch in "{};" and (ch != ";" or not newline_ends):
            yield ch, line
            i += 1
            continue
        if ch in "\"'`":
            q, j, buf = ch, i + 1, []
            while j < n and text[j] != q:
                if text[j] == "\\" and j + 1 < n:
                    buf.append(text[j + 1])
                    j += 2
                    continue
                if text[j] == "\n":
                    line += 1
                buf.append(text[j])
                j += 1
            yield "".join(buf), line
            i = j + 1
            continue
        j = i
        while j < n and text[j] not in " \t\r\n;{}\"'":
            j += 1
            if j < n and text[j] == "{" and text[j - 1] == "$":  # nginx ${var}
                k = text.find("}", j)
                j = (k + 1) if k != -1 else n
        if newline_ends and j < n and text[j] == ";":
            j += 1
            while j < n and text[j] not in " \t\r\n{}\"'":
                j += 1
        yield text[i:j], line
        i = j


def _build(tokens, newline_ends: bool) -> list[Directive]:
    root: list[Directive] = []
    stack = [root]
    cur: list[str] = []
    cur_line = None
    for tok, line in tokens:
        if tok == "{":
            d = Directive(cur[0] if cur else "", cur[1:], cur_line or line, [])
            stack[-1].append(d)
            stack.append(d.children)
            cur, cur_line = [], None
        elif tok == "}":
            if cur:
                stack[-1].append(Directive(cur[0], cur[1:], cur_line or line))
            cur, cur_line = [], None
            if len(stack) > 1:
                stack.pop()
        elif tok in (";", "\n"):
            if cur:
                stack[-1].append(Directive(cur[0], cur[1:], cur_line or line))
            cur, cur_line = [], None
        else:
            if cur_line is None:
                cur_line = line
            cur.append(tok)
    if cur:
        stack[-1].append(Directive(cur[0], cur[1:], cur_line or 1))
    return root


def parse_nginx(text: str) -> list[Directive]:
    return _build(_tokens(text, False), False)


def parse_caddyfile(text: str) -> list[Directive]:
    return _build(_tokens(text, True), True)


def walk(directives, parents=()):
    for d in directives:
        yield d, parents
        if d.children:
            yield from walk(d.children, parents + (d,))


# ------------------------------------------------------------------ Cache-Control
def cache_control_problem(value: str | None) -> str | None:
    """What a Cache-Control value for hashed static chunks lacks (None: fine)."""
    if value is None:
        return "sets no `Cache-Control` header"
    parts = {p.strip().split("=", 1)[0].lower(): p.strip() for p in value.split(",") if p.strip()}
    missing = [w for w in ("public", "immutable") if w not in parts]
    age = parts.get("max-age")
    try:
        secs = int(age.split("=", 1)[1]) if age else 0
    except ValueError:
        secs = 0
    if secs < GOOD_MAX_AGE:
        missing.append(f"max-age={GOOD_MAX_AGE}")
    if "no-cache" in parts or "no-store" in parts:
        missing.append("no `no-cache`/`no-store`")
    return f"sets `Cache-Control: {value}` (lacks {', '.join(missing)})" if missing else None


@dataclass
class StaticRoute:
    """A place a config serves ``/_next/static``."""

    line: int  # where the route is declared
    proxied: bool  # passed to an upstream (Next.js sets the header itself)
    header: str | None  # the Cache-Control value set there (None: none)
    header_line: int | None = None
    extra: dict = field(default_factory=dict)


def _nginx_headers(block: Directive) -> tuple[str | None, int | None, bool]:
    """(Cache-Control from add_header, its line, expires given) of one block."""
    value, line = None, None
    for d in block.find("add_header"):
        if d.args and d.args[0].lower() == "cache-control":
            value, line = (d.args[1] if len(d.args) > 1 else ""), d.line
    return value, line, bool(block.find("expires"))


def nginx_static_routes(text: str) -> list[StaticRoute]:
    out = []
    for d, parents in walk(parse_nginx(text)):
        if d.name != "location" or not d.children or not any(NEXT_STATIC in a for a in d.args):
            continue
        value, line, expires = _nginx_headers(d)
        if value is None and not d.find("add_header"):
            # add_header is inherited from the enclosing levels when this level has none
            for p in reversed(parents):
                v, ln, _e = _nginx_headers(p)
                if v is not None:
                    value, line = v, ln
                    break
                if p.find("add_header"):
                    break
        proxied = bool(d.find("proxy_pass") or d.find("fastcgi_pass") or d.find("uwsgi_pass"))
        hidden = any(x.args and x.args[0].lower() == "cache-control" for x in d.find("proxy_hide_header"))
        extra = {}
        if value is None and expires:
            exp = d.find("expires")[-1]
            extra = {"expires": " ".join(exp.args), "expires_line": exp.line}
        out.append(StaticRoute(d.line, proxied and not hidden, value, line, extra))
    return out


def caddy_static_routes(text: str) -> list[StaticRoute]:
    tree = parse_caddyfile(text)
    matchers: dict[str, int] = {}
    for d, _p in walk(tree):
        if d.name.startswith("@") and any(NEXT_STATIC in a for a in d.args + [x for c in d.children or ()
                                                                                for x in [c.name, *c.args]]):
            matchers[d.name] = d.line

    def is_static(arg: str) -> bool:
        return NEXT_STATIC in arg or arg in matchers

    def header_in(directives, static_only: bool):
        for d, _p in walk(directives):
            if d.name != "header":
                continue
            args = list(d.args)
            if static_only:
                if not args or not is_static(args[0]):
                    continue
            if args and (args[0].startswith("/") or args[0].startswith("@") or args[0] == "*"):
                args = args[1:]
            if args and args[0].lstrip("+").lower() == "cache-control":
                return " ".join(args[1:]), d.line
            for c in d.children or ():
                if c.name.lstrip("+").lower() == "cache-control":
                    return " ".join(c.args), c.line
        return None

    out = []
    for d, parents in walk(tree):
        if d.name in ("handle", "handle_path", "route") and d.args and is_static(d.args[0]):
            h = header_in(d.children or [], False)
            proxied = any(x.name == "reverse_proxy" for x, _ in walk(d.children or []))
            if h is None:
                site = parents[0].children if parents else tree
                h = header_in(site, True)
            out.append(StaticRoute(d.line, proxied, h[0] if h else None, h[1] if h else None))
    if not out:
        for d, parents in walk(tree):
            if d.name == "header" and d.args and is_static(d.args[0]):
                h = header_in([d], True)
                out.append(StaticRoute(d.line, False, h[0] if h else None, h[1] if h else None))
    return out


_TR_ROUTER = re.compile(r"^traefik\.http\.routers\.([^.]+)\.(rule|middlewares)$", re.I)
_TR_HEADER = re.compile(r"^traefik\.http\.middlewares\.([^.]+)\.headers\.customresponseheaders\.cache-control$", re.I)


def traefik_static_routes(labels: dict[str, tuple[str, int]]) -> list[StaticRoute]:
    """Routers whose rule matches ``/_next/static``, from labels ``{key: (value, line)}``."""
    rules, mws, headers = {}, {}, {}
    for k, (v, line) in labels.items():
        m = _TR_ROUTER.match(k)
        if m:
            (rules if m.group(2).lower() == "rule" else mws)[m.group(1)] = (v, line)
        m = _TR_HEADER.match(k)
        if m:
            headers[m.group(1)] = (v, line)
    out = []
    for router, (rule, line) in rules.items():
        if NEXT_STATIC not in rule:
            continue
        names = [n.strip().split("@", 1)[0] for n in mws.get(router, ("", 0))[0].split(",") if n.strip()]
        h = next((headers[n] for n in names if n in headers), None)
        out.append(StaticRoute(line, True, h[0] if h else None, h[1] if h else None, {"router": router}))
    return out


def is_nginx_name(name: str) -> bool:
    return name.endswith(".conf") or name in ("nginx.conf",) or name.endswith(".nginx")


def is_caddyfile_name(name: str) -> bool:
    return name == "Caddyfile" or name.startswith("Caddyfile.") or name.endswith((".caddyfile", ".Caddyfile"))
