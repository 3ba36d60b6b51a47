"""The script an image starts, and what the build did to it.

:func:`entrypoint_of` follows the final stage's ``ENTRYPOINT``/``CMD`` (exec
and shell form, ``sh /app/entrypoint.sh``, ``./entrypoint.sh`` relative to
the ``WORKDIR``, ``tini -- /docker-entrypoint.sh``) to the file in the build
context through the ``COPY``/``ADD`` that put it there. It tracks the *last*
write to that image path in the stage's lineage (a later ``COPY . .``
replaces an earlier normalised copy) and the ``RUN`` steps after that write
that strip carriage returns (``sed -i 's/\\r$//'``, ``dos2unix``) or add the
run bit (``chmod +x``), plus ``COPY --chmod``.

The script is parsed once with :mod:`buildlint.parse.shell` through
``project.cached``. Rules take ``each=EntrypointScript``.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from buildlint.engine.runner import provides
from buildlint.model.project import ReadError
from buildlint.model.stages import copy_parts, expand, flag_value, has_flag

SHELLS = frozenset({"sh", "bash", "ash", "dash", "zsh", "ksh", "busybox"})
#: Directories of the default PATH of Debian/Alpine images.
PATH_DIRS = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
#: Directories every base image has; a COPY destination naming one without a
#: trailing slash still copies *into* it.
KNOWN_DIRS = frozenset({"/", "/usr/local/bin", "/usr/bin", "/bin", "/usr/local/sbin", "/usr/sbin", "/sbin",
                        "/opt", "/srv", "/tmp", "/etc", "/root", "/home", "/usr/src"})
#: Scripts larger than this are not analysed (reading one raises ReadError, which
#: the runner reports once as a file error instead of findings).
MAX_SCRIPT_BYTES = 1024 * 1024
_INIT_WRAPPERS = frozenset({"tini", "dumb-init", "catatonit", "s6-svscan", "gosu", "su-exec", "chpst", "setpriv"})


@dataclass
class Step:
    """A build instruction of the lineage with the WORKDIR and ENV in effect."""

    instr: object
    stage: object
    workdir: str
    env: dict


@dataclass
class EntrypointScript:
    dockerfile: object  # DockerfileModel
    stage: object  # the final Stage
    path: Path  # the file in the build context
    rel: str  # its context-relative path
    image_path: str  # where the image has it
    invoked_by: object  # the ENTRYPOINT or CMD instruction that starts it
    role: str  # "entrypoint" or "cmd"
    interpreter: str | None  # "sh" for `sh /app/entrypoint.sh`; None when executed directly
    write: object  # the last COPY/ADD that wrote image_path
    cmd: object | None = None  # the CMD paired with an ENTRYPOINT script (None: no CMD in effect)
    crlf_fix: object | None = None  # a RUN after the last write that strips \r
    earlier_crlf_fixes: list = field(default_factory=list)  # such RUNs before the last write
    chmod_fix: object | None = None  # COPY --chmod with x bits, or a later RUN chmod +x
    earlier_chmods: list = field(default_factory=list)
    runs_after: list = field(default_factory=list)  # Steps (RUN) after the last write
    steps: list = field(default_factory=list)  # every Step of the lineage

    @property
    def project(self):
        return self.dockerfile.project

    @property
    def data(self) -> bytes:
        self._check_size()
        return self.project.read_bytes(self.path)

    def _check_size(self) -> None:
        """Raise ReadError for a script too large to analyse (checked before it is read)."""
        try:
            size = os.stat(self.path).st_size
        except OSError:
            return  # read_bytes reports it
        if size > MAX_SCRIPT_BYTES:
            raise ReadError(f"entrypoint script {self.rel} is too large to analyse ({size // 1024} KiB; "
                            f"the limit is {MAX_SCRIPT_BYTES // 1024} KiB): it was not checked")

    @cached_property
    def script(self):
        """The parsed script (``buildlint.parse.shell.Script``), parsed once per file."""
        from buildlint.parse import shell

        self._check_size()
        return self.project.cached("shell", self.path, lambda: shell.parse(self.project.read_text(self.path)))

    @property
    def executed_directly(self) -> bool:
        return self.interpreter is None

    @property
    def has_crlf(self) -> bool:
        return b"\r\n" in self.data

    @property
    def context_mode(self) -> int:
        return os.stat(self.path).st_mode & 0o777

    @property
    def base_image(self) -> str:
        return self.stage.base_image

    def runs(self):
        """(instruction, parsed shell) of every RUN of the lineage, in build order."""
        for st in self.steps:
            if st.instr.keyword == "RUN":
                yield st.instr, self.dockerfile.shell(st.instr)


# --------------------------------------------------------------- paths
def _clean(p: str) -> str:
    out = posixpath.normpath(p)
    return "/" + out.lstrip("/") if not out.startswith("//") else out[1:]


def resolve(path: str, workdir: str) -> str:
    return _clean(path if path.startswith("/") else posixpath.join(workdir or "/", path))


def _unq(v: str) -> str:
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
        return v[1:-1]
    return v


def stage_steps(stage) -> list[Step]:
    """The Steps of the stage's own instructions, with the WORKDIR and ENV the
    lineage carries into them. Cached per stage and built on the parent's end
    state, so walking every stage of a long ``FROM`` chain stays linear."""
    cached = stage.__dict__.get("_bl_steps")
    if cached is not None:
        return cached[0]
    chain, seen, st = [], set(), stage
    while st is not None and id(st) not in seen and st.__dict__.get("_bl_steps") is None:
        seen.add(id(st))
        chain.append(st)
        st = st.parent
    if st is not None and id(st) not in seen:
        _, workdir, env = st.__dict__["_bl_steps"]
    else:
        workdir, env = "/", {}
    for st in reversed(chain):
        env = dict(env)
        out: list[Step] = []
        for instr in st.instructions:
            if instr.keyword == "WORKDIR" and instr.args:
                workdir = resolve(expand(instr.args[0], env), workdir)
            elif instr.keyword == "ENV":
                a = list(instr.args)
                for i in range(0, len(a) - 2, 3):
                    env[a[i]] = expand(_unq(a[i + 1]), env)
            elif instr.keyword == "ARG":
                for word in instr.args:
                    k, eq, v = word.partition("=")
                    env.setdefault(k, _unq(v) if eq else None)
            out.append(Step(instr, st, workdir, dict(env)))
        st.__dict__["_bl_steps"] = (out, workdir, env)
    return stage.__dict__["_bl_steps"][0]


def lineage_steps(stage) -> list[Step]:
    """Every Step of the stage's lineage, root first (see :func:`stage_steps`)."""
    out: list[Step] = []
    for st in reversed(stage.lineage()):
        out.extend(stage_steps(st))
    return out


# --------------------------------------------------------------- fixes
_CR_EXPR = re.compile(r"\\r|\\015|\\x0[dD]|\r")


def _arg_paths(cmd, step: Step) -> list[str]:
    out = []
    for w in cmd.args:
        v = w.value if w.value is not None else w.text
        if v.startswith("-"):
            continue
        out.append(resolve(expand(v, step.env), step.workdir))
    return out


def _covers(pattern: str, target: str, recursive: bool = False) -> bool:
    if pattern == target or fnmatch.fnmatchcase(target, pattern):
        return True
    if recursive and target.startswith(pattern.rstrip("/") + "/"):
        return True
    return False


def strips_cr(cmd, step: Step, target: str) -> bool:
    """Does this command remove carriage returns from ``target``?"""
    name = cmd.name
    vals = [w.value if w.value is not None else w.text for w in cmd.args]
    if name in ("dos2unix", "fromdos"):
        return any(_covers(p, target) for p in _arg_paths(cmd, step))
    if name in ("sed", "perl") and any(v.startswith("-i") or v in ("--in-place", "-pi") or v.startswith("-pi")
                                       for v in vals):
        if any(_CR_EXPR.search(v) for v in vals):
            return any(_covers(p, target) for p in _arg_paths(cmd, step))
    if name == "find" and any(_CR_EXPR.search(v) for v in vals) and any(v in ("sed", "dos2unix") for v in vals):
        roots = [resolve(v, step.workdir) for v in vals if not v.startswith("-")][:1]
        return any(_covers(r, target, recursive=True) for r in roots)
    return False


def _mode_adds_x(mode: str) -> bool:
    m = mode.strip()
    if re.fullmatch(r"[0-7]{3,4}", m):
        return bool(int(m, 8) & 0o111)
    return bool(re.search(r"[ugoa]*[+=][rwxXst]*x", m))


def adds_run_bit(cmd, step: Step, target: str) -> bool:
    if cmd.name != "chmod":
        return False
    vals = [w.value if w.value is not None else w.text for w in cmd.args]
    recursive = any(v in ("-R", "--recursive") for v in vals)
    pos = [v for v in vals if v not in ("-R", "--recursive", "-v", "-f", "-c", "--verbose")]
    if not pos or not _mode_adds_x(pos[0]):
        return False
    paths = [resolve(expand(p, step.env), step.workdir) for p in pos[1:]]
    return any(_covers(p, target, recursive=recursive) for p in paths)


# --------------------------------------------------------------- invocation
def _candidates(instr, df, workdir: str, env: dict):
    """(image path, interpreter or None) of scripts an ENTRYPOINT/CMD runs."""
    script = df.shell(instr)
    for cmd in script.commands:
        if cmd.in_substitution:
            continue
        w = cmd.name_word
        if w is None or w.value is None:
            continue
        name = cmd.name
        if name in SHELLS:
            args = [a.value for a in cmd.args]
            if not args or args[0] is None or args[0].startswith("-"):
                continue  # `sh -c '...'`: the body's commands come next
            yield _locate(args[0], workdir, env, via_shell=True), name
            continue
        if name in _INIT_WRAPPERS:
            continue
        v = expand(w.value, env)
        if "/" in v:
            yield [resolve(v, workdir)], None
        elif v.endswith(".sh"):
            yield [posixpath.join(d, v) for d in _path_dirs(env)], None


def _path_dirs(env: dict) -> list[str]:
    path = env.get("PATH")
    dirs = [d for d in (path or "").split(":") if d.startswith("/")]
    return dirs + [d for d in PATH_DIRS if d not in dirs]


def _locate(v: str, workdir: str, env: dict, via_shell: bool) -> list[str]:
    v = expand(v, env)
    if v.startswith("/") or "/" in v:
        return [resolve(v, workdir)]
    # `sh entrypoint.sh`: the current directory first, then PATH
    return [resolve(v, workdir)] + [posixpath.join(d, v) for d in _path_dirs(env)]


def _config(steps: list[Step]):
    """The ENTRYPOINT and CMD in effect at the end of the lineage (BuildKit's
    rule: an ENTRYPOINT resets a CMD not set in the same stage)."""
    entry = cmd = None
    current = None
    cmd_set = False
    for st in steps:
        if st.stage is not current:
            current, cmd_set = st.stage, False
        kw = st.instr.keyword
        if kw == "CMD":
            cmd, cmd_set = st, True
        elif kw == "ENTRYPOINT":
            entry = st
            if not cmd_set:
                cmd = None
    return entry, cmd


def _empty(instr) -> bool:
    return instr is None or not instr.args or (instr.json and not any(instr.args))


def entrypoint_of(df) -> EntrypointScript | None:
    """The final stage's entrypoint script (computed once per Dockerfile model)."""
    cache = df.__dict__
    if "_bl_entrypoint" not in cache:
        cache["_bl_entrypoint"] = _entrypoint_of(df)
    return cache["_bl_entrypoint"]


class _FileIndex:
    """Set and base-name index of the files a build context sends (built once per context)."""

    def __init__(self, files):
        self.order = files
        self.files = set(files)
        self._by_name: dict[str, list[str]] | None = None

    def named(self, name: str) -> list[str]:
        if self._by_name is None:
            by: dict[str, list[str]] = {}
            for f in self.order:
                by.setdefault(f.rsplit("/", 1)[-1], []).append(f)
            self._by_name = by
        return self._by_name.get(name, [])


def _file_index(bc) -> _FileIndex:
    idx = bc.__dict__.get("_bl_file_index")
    if idx is None:
        idx = bc.__dict__["_bl_file_index"] = _FileIndex(bc.walk.files)
    return idx


def _under(target: str, dest_abs: str) -> str | None:
    """``f`` with ``_clean(dest_abs + "/" + f) == target``, or None."""
    prefix = dest_abs if dest_abs.endswith("/") else dest_abs + "/"
    return target[len(prefix):] if target.startswith(prefix) and len(target) > len(prefix) else None


def copy_source_for(step: Step, bc, target: str, index: _FileIndex | None = None) -> str | None:
    """The context file this COPY/ADD writes to image path ``target`` (the last one
    when several do), or None
    (dict/set lookups instead of a scan of the context)."""
    instr = step.instr
    if instr.keyword not in ("COPY", "ADD") or has_flag(instr, "from"):
        return None
    srcs, dest = copy_parts(instr)
    if dest is None or not srcs:
        return None
    index = index or _file_index(bc)
    dest = expand(dest, step.env)
    dest_abs = resolve(dest, step.workdir)
    dest_is_dir = dest.endswith("/") or dest in (".", "./") or len(srcs) > 1 or dest_abs in KNOWN_DIRS \
        or dest_abs == step.workdir
    rel = _under(target, dest_abs)
    for raw in reversed(srcs):
        if raw.startswith("<<") or "://" in raw:
            continue
        src = bc.rel(expand(raw, step.env))
        if src in ("", "."):
            if rel is not None and rel in index.files:
                return rel
            continue
        if any(c in src for c in "*?["):
            if rel is None or "/" in rel:
                continue
            hits = [f for f in index.named(rel) if f.count("/") == src.count("/") and fnmatch.fnmatchcase(f, src)]
            if hits:
                return hits[-1]
            continue
        if (bc.root / src).is_dir():
            if rel is not None and src + "/" + rel in index.files:
                return src + "/" + rel
            continue
        if (bc.root / src).is_file() and bc.is_sent(src):
            t = _clean(dest_abs + "/" + src.rsplit("/", 1)[-1]) if dest_is_dir else dest_abs
            if t == target:
                return src
    return None


def _last_write(steps: list[Step], bc, target: str) -> tuple[int, str] | None:
    index = _file_index(bc)
    for idx in range(len(steps) - 1, -1, -1):
        src = copy_source_for(steps[idx], bc, target, index)
        if src is not None:
            return idx, src
    return None


def _entrypoint_of(df) -> EntrypointScript | None:
    stage = df.final_stage
    if stage is None:
        return None
    bc = df.context
    steps = lineage_steps(stage)
    entry, cmd = _config(steps)
    final_wd = steps[-1].workdir if steps else "/"
    final_env = steps[-1].env if steps else {}
    order = []
    if entry is not None and not _empty(entry.instr):
        order.append(("entrypoint", entry))
    if cmd is not None and not _empty(cmd.instr) and (entry is None or not _script_like(entry, df)):
        order.append(("cmd", cmd))
    for role, inv in order:
        for paths, interp in _candidates(inv.instr, df, final_wd, final_env):
            for p in paths:
                hit = _last_write(steps, bc, p)
                if hit is None:
                    continue
                idx, src = hit
                return _build(df, stage, steps, idx, src, p, inv.instr, role, interp,
                              cmd.instr if role == "entrypoint" and cmd is not None and not _empty(cmd.instr)
                              else None)
    return None


def _script_like(entry: Step, df) -> bool:
    return any(True for _ in _candidates(entry.instr, df, entry.workdir, entry.env))


def _build(df, stage, steps, idx, src, target, invoked_by, role, interp, cmd) -> EntrypointScript:
    write = steps[idx].instr
    es = EntrypointScript(dockerfile=df, stage=stage, path=df.context.root / src, rel=src, image_path=target,
                          invoked_by=invoked_by, role=role, interpreter=interp, write=write, cmd=cmd,
                          steps=steps)
    chmod = flag_value(write, "chmod")
    if chmod and _mode_adds_x(chmod):
        es.chmod_fix = write
    for i, st in enumerate(steps):
        if st.instr.keyword != "RUN":
            continue
        script = df.shell(st.instr)
        after = i > idx
        if after:
            es.runs_after.append(st)
        for c in script.commands:
            if strips_cr(c, st, target):
                if after:
                    es.crlf_fix = st.instr
                else:
                    es.earlier_crlf_fixes.append(st.instr)
            if adds_run_bit(c, st, target):
                if after:
                    es.chmod_fix = es.chmod_fix or st.instr
                else:
                    es.earlier_chmods.append(st.instr)
    return es


@provides(EntrypointScript)
def _entrypoint_scripts(project):
    for df in project.dockerfiles:
        try:
            df.parsed
            es = entrypoint_of(df)
        except (ReadError, OSError):
            continue
        if es is None or not es.path.is_file():
            continue
        yield es, {"dockerfile": df, "build_context": df.context, "stage": es.stage, "path": df.path}


# ------------------------------------------------------------ compose
def compose_services_building(project, df) -> list[tuple[object, object]]:
    """(compose file path, ComposeFile, Service) of every compose service that builds ``df``."""
    return project.services_building(df.path)


# ------------------------------------------------------- script questions
#: Long-running servers an entrypoint typically ends with.
SERVERS = frozenset({"gunicorn", "uvicorn", "daphne", "hypercorn", "uwsgi", "waitress-serve", "granian",
                     "celery", "node", "nginx", "httpd", "apache2-foreground", "php-fpm", "supervisord",
                     "java", "puma", "rails", "flask", "caddy", "redis-server", "postgres", "mysqld",
                     "bundle", "npm", "yarn", "pnpm", "next", "streamlit", "php", "dotnet"})
_PY_SERVER_MODULES = frozenset({"gunicorn", "uvicorn", "daphne", "hypercorn", "celery", "flask", "granian",
                                "streamlit", "http.server", "waitress"})
_JS_START = frozenset({"start", "serve", "run"})


def django_command(cmd):
    """(subcommand, remaining Words) of ``python manage.py X``, ``django-admin X``,
    ``python -m django X``; None otherwise."""
    from buildlint.parse.shell import python_module_invocation

    name = cmd.name
    if name in ("django-admin", "django-admin.py") or (name or "").endswith("manage.py"):
        words = list(cmd.args)
    else:
        inv = python_module_invocation(cmd)
        if inv is None:
            return None
        mod, words = inv
        if not (mod == "django" or mod.endswith("manage.py")):
            return None
        words = list(words)
    while words and words[0].value is not None and words[0].value.startswith("-"):
        words = words[1:]
    if not words or words[0].value is None:
        return None
    return words[0].value, words[1:]


def server_name(cmd) -> str | None:
    """The server a command starts (``gunicorn``, ``manage.py runserver``), or None."""
    name = cmd.name
    if name is None:
        return None
    vals = [w.value for w in cmd.args]
    dj = django_command(cmd)
    if dj is not None:
        return "manage.py runserver" if dj[0] in ("runserver", "runserver_plus", "runworker") else None
    from buildlint.parse.shell import python_module_invocation

    inv = python_module_invocation(cmd)
    if inv is not None:
        mod = inv[0]
        return f"python -m {mod}" if mod in _PY_SERVER_MODULES else None
    if name not in SERVERS:
        return None
    if name in ("npm", "yarn", "pnpm"):
        return f"{name} start" if vals and vals[0] in _JS_START else None
    if name == "bundle":
        return "bundle exec" if vals[:1] == ["exec"] else None
    if name in ("rails", "flask", "next"):
        return f"{name} {vals[0]}" if vals and vals[0] in ("server", "s", "run", "start") else None
    if name == "celery":
        return "celery" if any(v in ("worker", "beat") for v in vals) else None
    if name == "php":
        return "php -S" if "-S" in vals else None
    if name == "nginx":
        return "nginx" if any(v and "daemon off" in v for v in vals) else None
    if name in ("node", "java", "dotnet"):
        return name if vals else None
    return name


def is_top_level(cmd) -> bool:
    return not (cmd.in_substitution or cmd.via or cmd.in_function or cmd.in_subshell)


_OPEN = re.compile(r"^\s*(if|case|while|until|for)\b")
_CLOSE = re.compile(r"^\s*(fi|esac|done)\b|[;&]\s*(fi|esac|done)\s*$")


def branch_lines(script) -> set[int]:
    """Lines inside an ``if``/``case`` body (commands that run only sometimes).

    A line-based approximation: the shell parser marks conditions
    (``in_condition``) but not the commands of the branches they guard."""
    cached = script.__dict__.get("_branch_lines")
    if cached is not None:
        return cached
    inside: set[int] = set()
    depth: list[str] = []
    for n, line in enumerate(script.lines, 1):
        text = line.split(" #", 1)[0]
        m = _OPEN.match(text)
        if m and m.group(1) in ("if", "case"):
            if not re.search(r"\b(fi|esac)\s*$", text):
                depth.append(m.group(1))
            inside.add(n)
            continue
        if m:
            if not re.search(r"\bdone\s*$", text):
                depth.append("loop")
            continue
        c = _CLOSE.search(text)
        if c:
            if depth:
                depth.pop()
            continue
        if any(d in ("if", "case") for d in depth):
            inside.add(n)
    script.__dict__["_branch_lines"] = inside
    return inside


def guarded(cmd, script, commands=None) -> bool:
    """Does the command run only under a condition (an ``if`` branch, ``a && cmd``,
    the left side of ``||``)?"""
    if cmd.in_condition or cmd.line in branch_lines(script):
        return True
    return cmd.operator_before in ("&&", "||")


def uses_args(script) -> bool:
    """Does the script pass its arguments on (``"$@"``, ``$*``)?"""
    return any(re.search(r"\$(\{)?[@*]", w.text) for c in script.commands for w in c.words)
