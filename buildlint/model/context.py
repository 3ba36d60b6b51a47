"""The build context as BuildKit sends it: a ``.dockerignore``-aware walk.

:func:`walk_context` reproduces the walk of BuildKit's context transfer
(``tonistiigi/fsutil`` ``Walk`` with the ``.dockerignore`` patterns as
``ExcludePatterns``):

* every entry is matched with the result carried down from its parent
  directory (``MatchesUsingParentResults``): a pattern that matched the parent
  counts as matching, a pattern that was *skipped* for the parent (an
  exclusion while the parent was already excluded, an exception while it was
  included) does not -- which is why ``a``, ``!a/b``, ``a`` still sends
  ``a/b/c`` while the per-path matcher says it is excluded;
* an excluded directory is skipped without being read when no ``!`` exception
  exists, or when every exception is a plain path (no ``*?[``) and none lies
  below the directory; as soon as one exception has a wildcard every excluded
  directory is entered (``full_walk_forced``);
* symlinks are sent as links, never followed (``follow_symlinks=True`` follows
  links to directories that stay inside the context, for analysis only).

The ``.dockerignore`` and ``Dockerfile`` get no special treatment: BuildKit's
context walk applies the patterns to them like to any file (the Dockerfile
frontend reads both separately, so excluding them does not break the build,
it only makes them unavailable to ``COPY``).

Speed: one ``os.scandir`` per directory entered, each directory's match state
is carried to its children, patterns that cannot match any child of a
directory are dropped for it, so most directories need no per-entry regex
work, and only files that are sent are ``stat``-ed.  Each directory gets a
small program (cached by match state): one answer for every child, or an
answer that depends on the child's name only (a dict lookup; ``**/*.md``
style tests are evaluated once per distinct name), or a per-path test.
Regular files (known from ``d_type``) take a short path.  Simple globs
(``*.log``, ``**/*.pyc``) are matched without ``re``, so the CLI below never
imports it.  On Linux a large context is walked by forked copies of the
process, one per CPU (up to 4; ``BUILDLINT_WALK_JOBS=1`` keeps it serial),
with the same result as the serial walk (see ``_parallel``).

``python -m buildlint.model.context DIR [--ignore FILE]`` prints the number of
files and bytes sent (``DIR/.dockerignore`` is used when ``--ignore`` is not
given).
"""

from __future__ import annotations

import os
import stat as _stat
import sys
TYPE_CHECKING = False  # (importing typing costs start-up time in the CLI)
if TYPE_CHECKING:  # pragma: no cover
    from buildlint.parse.dockerignore import IgnoreFile

__all__ = ["ContextWalk", "WalkWarning", "walk_context"]


class WalkWarning:
    """Something the walk could not handle normally (it never raises).

    ``kind``: ``unreadable_dir`` (``docker build`` would fail on it too),
    ``stat_failed``, ``symlink_loop``, ``symlink_outside`` (the link is sent,
    its target is not part of the context), ``dangling_symlink``.
    """

    __slots__ = ("path", "kind", "message")

    def __init__(self, path: str, kind: str, message: str):
        self.path = path
        self.kind = kind
        self.message = message

    def __eq__(self, other):
        if not isinstance(other, WalkWarning):
            return NotImplemented
        return (self.path, self.kind, self.message) == (other.path, other.kind, other.message)

    def __hash__(self):
        return hash((self.path, self.kind, self.message))

    def __repr__(self) -> str:
        return f"WalkWarning(path={self.path!r}, kind={self.kind!r}, message={self.message!r})"


class ContextWalk:
    """Result of :func:`walk_context`.

    ``files``            sorted context-relative ``/``-paths of everything sent
                         that is not a directory (regular files, symlinks,
                         other special files).
    ``file_count``       ``len(files)``.
    ``total_bytes``      sum of ``lstat().st_size`` of the files sent.
    ``warnings``         :class:`WalkWarning` list.
    ``excluded_dirs``    sorted directories skipped without being read.
    ``full_walk_forced`` a ``!`` exception with a wildcard made the walk enter
                         at least one excluded directory it would otherwise
                         have skipped.
    """

    def __init__(self, root, ignore, files, file_count, total_bytes, warnings, excluded_dirs, full_walk_forced, dirs):
        self.root = root
        self.ignore = ignore
        self.files: list[str] = files
        self.file_count: int = file_count
        self.total_bytes: int = total_bytes
        self.warnings: list[WalkWarning] = warnings
        self.excluded_dirs: list[str] = excluded_dirs
        self.full_walk_forced: bool = full_walk_forced
        # dir -> (cumulative bytes, cumulative files, dir itself excluded)
        self._dirs: dict[str, tuple[int, int, bool]] = dirs
        self._file_set: set[str] | None = None

    def __repr__(self) -> str:
        return f"ContextWalk(root={self.root!r}, files={self.file_count}, bytes={self.total_bytes})"

    def largest_dirs(self, n: int = 10) -> list[tuple[str, int, int]]:
        """The ``n`` directories carrying most bytes: ``(path, bytes, files)``.

        Figures are cumulative (a directory counts everything sent below it,
        at any depth), for every directory at every depth (so ``a`` and
        ``a/b`` can both be listed); the context root itself is not listed.
        Ties are broken by path.
        """
        rows = [(p, b, f) for p, (b, f, _) in self._dirs.items() if p and f > 0]
        rows.sort(key=lambda r: (-r[1], r[0]))
        return rows[:n]

    def _files(self) -> set[str]:
        if self._file_set is None:
            self._file_set = set(self.files)
        return self._file_set

    def is_sent(self, path: str) -> bool:
        """Is ``path`` in the transferred context?  (Directories: :meth:`dir_sent`.)"""
        p = _norm(path)
        if p is None:
            return False
        if p in self._files():
            return True
        return self.dir_sent(p)

    def dir_sent(self, path: str) -> bool:
        """Does directory ``path`` reach the builder?

        True for the root, for every directory that is not excluded and was
        walked, and for an excluded directory that contains something sent
        (BuildKit sends the parents of re-included files).
        """
        p = _norm(path)
        if p is None:
            return False
        if p == "":
            return True
        rec = self._dirs.get(p)
        if rec is None:
            return False
        return (not rec[2]) or rec[1] > 0

    def exists(self, path: str) -> bool:
        """Is ``path`` (file, directory, link) present in the context on disk?"""
        p = _norm(path)
        if p is None:
            return False
        if p == "":
            return os.path.isdir(self.root)
        try:
            os.lstat(os.path.join(self.root, p))
        except (OSError, ValueError):
            return False
        return True


def _norm(path: str) -> str | None:
    """Context-relative cleaned path; ``""`` for the root, ``None`` if outside."""
    from buildlint.parse.dockerignore import go_clean

    p = go_clean(os.fspath(path).replace(os.sep, "/")).lstrip("/")
    if p == ".":
        return ""
    if p == ".." or p.startswith("../"):
        return None
    return p


# -- per-directory matching program -------------------------------------------
#
# For the children of one directory each active pattern becomes one step:
#   FIXED  the directory matched it: the child matches it too;
#   CONST  evaluated -> always true for every child (e.g. ``foo/**`` in foo/);
#   a callable ``fn(path, name) -> bool``  must be evaluated per child;
# and patterns that cannot match any child of the directory are dropped (their
# answer is "no match" for every child).  A program without callables gives
# the same answer for every child, computed once.

_FIXED = 0
_CONST = 1


def _pattern_meta(active):
    """Per pattern: a position-independent child test, or ``None`` if it depends on the directory."""
    from buildlint.parse import dockerignore as di

    meta = []
    for p in active:
        k = p.kind
        fn = None
        if k == di.SUFFIX:
            rest = p.pattern[2:]
            if rest.startswith("/"):
                x = rest[1:]
                fn = _name_eq(x) if "/" not in x else _full(p)
            elif rest == "":
                fn = _CONST
            else:
                fn = _name_suffix(rest) if "/" not in rest else _full(p)
        elif k == di.REGEX and p.globs is None:
            if p.basename_glob is not None:
                fn = _name_glob(p.basename_glob)
            elif p.literal_prefix == "":
                fn = _full(p)
        meta.append(fn)
    return meta


def _dependent_step(p, dslash: str, dparts: tuple[str, ...]):
    """(child test or None, still alive for deeper descendants) for a directory-dependent pattern."""
    from buildlint.parse import dockerignore as di

    k = p.kind
    pat = p.pattern
    depth = len(dparts)
    if k == di.EXACT:
        if pat.startswith(dslash):
            rem = pat[len(dslash):]
            if "/" in rem:
                return None, True
            return (_name_eq(rem) if rem else None), False
        return None, False
    if k == di.PREFIX:
        lit = pat[:-2]
        if dslash.startswith(lit):
            return _CONST, True
        if lit.startswith(dslash):
            rem = lit[len(dslash):]
            if "/" in rem:
                return None, True
            return _name_prefix(rem), True
        return None, False
    if k == di.REGEX:
        globs = p.globs
        if globs is not None:
            if len(globs) <= depth or not all(_glob_fn(globs[j])(dparts[j]) for j in range(depth)):
                return None, False
            if len(globs) == depth + 1:
                return _name_glob(globs[depth]), False
            return None, True
        lit = p.literal_prefix
        if dslash.startswith(lit):
            return _full(p), True
        if lit.startswith(dslash):
            if "/" in lit[len(dslash):]:
                return None, True
            return _full(p), True
        return None, False
    return None, False


def _program(active, meta, d: str, dparts: tuple[str, ...], info: tuple[bool, ...], alive: tuple[int, ...], cache: dict):
    """The matching program for the children of directory ``d``.

    Returns ``(mode, table, default, steps, alive for subdirs, intern,
    fmode, xset)``:

    * mode 0 -- every child gets the same answer: ``table`` is ``matched``,
      ``default`` the child info;
    * mode 1 -- the answer depends on the child's name only: ``table`` maps
      names to ``(matched, info)``; names not in it get ``default`` or, when
      that is ``None``, are evaluated with ``steps`` (and remembered);
    * mode 2 -- per-child evaluation of ``steps`` with the child's path;

    and, for the children that are regular files (only ``matched`` counts),
    ``fmode`` 0: all sent, 1: all excluded, 2: excluded if the name is in
    ``xset`` (an ``==``-only program's few special names), 4: excluded unless
    it is in ``xset``, 3: per file as above.
    """
    key = None
    if all(meta[i] is not None for i in alive):
        key = (info, alive)
        hit = cache.get(key)
        if hit is not None:
            return hit
    dslash = d + "/" if d else ""
    steps = []
    child_alive = []
    alive_set = set(alive)
    for i, p in enumerate(active):
        if info and info[i]:
            steps.append((i, p.negated, _FIXED))
            continue
        if i not in alive_set:
            continue
        fn = meta[i]
        if fn is not None:
            child_alive.append(i)
        else:
            fn, deeper = _dependent_step(p, dslash, dparts)
            if deeper:
                child_alive.append(i)
        if fn is not None:
            steps.append((i, p.negated, fn))
    n = len(active)
    calive = tuple(child_alive)
    if all(s[2] is _FIXED or s[2] is _CONST for s in steps):
        m, hits = _run(steps, "", "")
        res = (0, m, _info_from(n, hits), None, calive, None, 1 if m else 0, None)
    elif all(s[2] is _FIXED or s[2] is _CONST or hasattr(s[2], "eq") for s in steps):
        # only "name == x" tests (``**/node_modules``, ``.git`` ...): the answer
        # is one of a few, looked up by name
        m, hits = _run(steps, "", "\0")
        default = (m, _info_from(n, hits))
        # a name is touched only by the name-independent steps and its own `==` steps:
        # run just those (in order), and build the per-pattern info only when a
        # directory of that name is entered (a file needs ``matched`` alone), so a
        # file of thousands of plain names stays linear
        base = [s_ for s_ in steps if s_[2] is _FIXED or s_[2] is _CONST]
        groups: dict = {}
        for s_ in steps:
            x = getattr(s_[2], "eq", None)
            if x is not None:
                groups.setdefault(x, []).append(s_)
        by_name = {}
        for x, own in groups.items():
            relevant = own if not base else sorted(base + own, key=lambda s_: s_[0])
            m, hits = _run(relevant, "", x)
            by_name[x] = _NameAnswer(m, n, hits)
        # a file is excluded iff its name is one of the few whose answer is
        # not the default's (or, by default excluded, is not one of them)
        xset = {x for x, r in by_name.items() if r[0] != default[0]}
        if default[0]:
            fmode = 4 if xset else 1
        else:
            fmode = 2 if xset else 0
        res = (1, by_name, default, steps, calive, None, fmode, xset)
    elif all(s[2] is _FIXED or s[2] is _CONST or getattr(s[2], "name_only", False) for s in steps):
        # name tests only (``**/*.md`` ...): evaluated once per distinct name
        res = (1, {}, None, steps, calive, {}, 3, None)
    else:
        res = (2, None, None, steps, calive, None, 3, None)
    if key is not None:
        cache[key] = res
    return res


_MEMO_MAX = 1 << 15  # names remembered per name-only program


def _name_eval(steps, n, name, table, intern):
    """Mode 1 miss: evaluate a name-only program for ``name`` (and remember it)."""
    m, hits = _run(steps, "", name)
    k = (m, tuple(hits))
    r = intern.get(k)
    if r is None:
        r = intern[k] = (m, _info_from(n, hits))
    if len(table) < _MEMO_MAX:
        table[name] = r
    return r


def _run(steps, path, name):
    matched = False
    hits = []
    for i, neg, fn in steps:
        if fn is _FIXED:
            matched = not neg
            hits.append(i)
            continue
        if neg != matched:
            continue
        if fn is _CONST or fn(path, name):
            matched = not neg
            hits.append(i)
    return matched, hits


class _NameAnswer:
    """``(matched, info)`` for one name, with ``info`` made on first use."""

    __slots__ = ("m", "n", "hits", "_info")

    def __init__(self, m, n, hits):
        self.m, self.n, self.hits, self._info = m, n, hits, None

    def __getitem__(self, k):
        if k == 0:
            return self.m
        if self._info is None:
            self._info = _info_from(self.n, self.hits)
        return self._info


def _info_from(n, hits):
    info = [False] * n
    for i in hits:
        info[i] = True
    return tuple(info)


# child tests ``fn(path, name) -> bool``; ``name_only``: ``path`` is not used

def _name_eq(x):
    def f(path, name):
        return name == x

    f.eq = x
    f.name_only = True
    return f


def _name_prefix(x):
    def f(path, name):
        return name.startswith(x)

    f.name_only = True
    return f


def _name_suffix(x):
    def f(path, name):
        return name.endswith(x)

    f.name_only = True
    return f


def _name_glob(g):
    m = _glob_fn(g)
    if g == "*":
        return _CONST  # any name: no test needed
    if "?" not in g and g.count("*") == 1:
        a, b = g.split("*")
        if not a:
            return _name_suffix(b)
        if not b:
            return _name_prefix(a)

    def f(path, name):
        return m(name)

    f.name_only = True
    return f


_GLOBS: dict = {}


def _glob_fn(g: str):
    """``name -> bool`` for one simple glob component (literals, ``*``, ``?``).

    The same answer as the pattern's component regex (``*`` -> ``[^/]*``,
    ``?`` -> ``[^/]``, anchored at both ends) for a path component (no
    ``/``), without ``re``: the context walk never needs to import or compile
    a regular expression for such patterns.
    """
    fn = _GLOBS.get(g)
    if fn is None:
        fn = _GLOBS[g] = _make_glob_fn(g)
    return fn


def _make_glob_fn(g: str):
    segs = g.split("*")
    if len(segs) == 1:
        if "?" not in g:
            return lambda s: s == g
        return lambda s: len(s) == len(g) and _fixed_at(s, 0, g)
    if all(x == "" for x in segs):
        return lambda s: True
    if "?" not in g and len(segs) == 2:
        a, b = segs
        lab = len(a) + len(b)
        return lambda s: len(s) >= lab and s.startswith(a) and s.endswith(b)
    first, mid, last = segs[0], segs[1:-1], segs[-1]
    minlen = sum(len(x) for x in segs)
    lf, ll = len(first), len(last)

    def match(s):
        n = len(s)
        if n < minlen or not _fixed_at(s, 0, first):
            return False
        end = n - ll
        if not _fixed_at(s, end, last):
            return False
        pos = lf
        for seg in mid:
            # leftmost occurrence in s[pos:end] (greedy is exact for globs)
            if "?" not in seg:
                k = s.find(seg, pos, end)
            else:
                k = -1
                for j in range(pos, end - len(seg) + 1):
                    if _fixed_at(s, j, seg):
                        k = j
                        break
            if k < 0:
                return False
            pos = k + len(seg)
        return True

    return match


def _fixed_at(s: str, i: int, seg: str) -> bool:
    """``seg`` (literals and ``?``) matches ``s[i:i + len(seg)]``."""
    if len(s) < i + len(seg):
        return False
    for j, c in enumerate(seg):
        if c != "?" and s[i + j] != c:
            return False
    return True


def _full(p):
    m = p.match
    return lambda path, name: m(path)


def walk_context(root, ignore: IgnoreFile | None = None, *, follow_symlinks: bool = False, keep_files: bool = True) -> ContextWalk:
    """Walk the build context at ``root`` as BuildKit does (see module doc).

    ``ignore`` is a parsed ``.dockerignore`` (``None``: send everything).
    ``keep_files=False`` skips collecting ``files`` (counts and sizes only).
    Never raises for problems inside the tree; they become ``warnings``.
    """
    root = os.fspath(root)
    if isinstance(root, bytes):
        root = os.fsdecode(root)
    root_abs = os.path.abspath(root)
    real_root = os.path.realpath(root_abs)
    warnings: list[WalkWarning] = []
    files: list[str] = []
    excluded_dirs: list[str] = []
    forced = False
    total_bytes = 0
    file_count = 0

    active = ignore._active if ignore is not None else []
    n = len(active)
    use_match = n > 0
    always_skip = wild = False
    entered: set = set()
    prefixes: tuple = ()
    if use_match:
        # ``ignore.dir_skipped`` for plain-path exceptions, as a set: an excluded
        # directory is entered when an exception lies below it (or is it)
        always_skip = not ignore.has_exceptions
        wild = ignore.has_wildcard_exception
        prefixes = ignore._exception_prefixes
        for x in prefixes:
            k = x.find("/")
            while k >= 0:
                entered.add(x[:k])
                k = x.find("/", k + 1)
    # dir records: [rel, parent index, bytes, files, excluded]
    recs: list[list] = [["", -1, 0, 0, False]]
    # follow_symlinks: (dev, ino) of the directories on the current path, to
    # spot loops (a directory reached twice by different links is fine)
    anc_root: tuple = ()
    if follow_symlinks:
        try:
            st = os.stat(root_abs)
            anc_root = ((st.st_dev, st.st_ino),)
        except OSError:
            pass

    meta = _pattern_meta(active)
    pcache: dict = {}
    if use_match:
        from buildlint.parse.dockerignore import NEVER

        alive0 = tuple(i for i, p in enumerate(active) if p.kind != NEVER)
    else:
        alive0 = ()
    # (the last item: 0, or in a forked walker the parent's pid, see _child)
    env = (active, meta, pcache, n, use_match, always_skip, wild, entered, prefixes, keep_files, follow_symlinks, real_root, 0)
    # stack entries: (rel, abs, parts, info, alive patterns, record index, ancestors)
    stack = [("", root_abs, (), (), alive0, 0, anc_root)]
    jobs = _walk_jobs()
    if jobs > 1:
        # breadth first until enough directories wait, then split them among
        # forked walkers (a small context never gets that far)
        total_bytes, file_count, forced = _scan(stack, env, recs, files, warnings, excluded_dirs, max(_FRONTIER, jobs))
        if stack:
            b, c, f = _parallel(stack, jobs, env, recs, files, warnings, excluded_dirs)
            total_bytes += b
            file_count += c
            forced = forced or f
            stack = []
    b, c, f = _scan(stack, env, recs, files, warnings, excluded_dirs)
    total_bytes += b
    file_count += c
    forced = forced or f

    # cumulative figures: children were appended after their parents
    for k in range(len(recs) - 1, 0, -1):
        r = recs[k]
        parent = recs[r[1]]
        parent[2] += r[2]
        parent[3] += r[3]
    dirs = {r[0]: (r[2], r[3], r[4]) for r in recs}
    files.sort()
    excluded_dirs.sort()
    warnings.sort(key=_warning_key)
    return ContextWalk(root, ignore, files, file_count, total_bytes, warnings, excluded_dirs, forced, dirs)


# Parallel walk.  A large context is walked by forked copies of this process
# (threads do not help: the GIL costs more than the ``lstat`` they would
# overlap).  The walk goes breadth first until ``_FRONTIER`` directories wait,
# deals them out in turn to ``jobs`` walkers and merges what the children send
# back in an anonymous file (``memfd``, ``marshal``).  The result is the same as the serial
# walk's; a child that fails is replaced by walking its share here.
_FRONTIER = 64
_MAX_JOBS = 4
_MAX_FD = 1 << 20  # closerange's end (it uses close_range(2))
# what a walker dies of as the rest of the process group does (see _child)
_SIGNALS = (2, 15, 1, 3)  # SIGINT, SIGTERM, SIGHUP, SIGQUIT (Linux numbers; the walk forks on Linux only)


def _walk_jobs() -> int:
    """How many walkers: ``BUILDLINT_WALK_JOBS``, else the usable CPUs (up to 4).

    1 (serial) where forking is not safe: not Linux, no ``os.fork``, or other
    threads are running in this process (any thread, also those started by C
    code or ``_thread``: ``/proc/self/task`` counts them all).  A value of
    ``BUILDLINT_WALK_JOBS`` that is not a plain number >= 1 is ignored.
    """
    if not sys.platform.startswith("linux") or not hasattr(os, "fork") or not hasattr(os, "memfd_create"):
        return 1
    if _other_threads():
        return 1
    v = os.environ.get("BUILDLINT_WALK_JOBS", "").strip()
    if v.isascii() and v.isdigit() and 0 < len(v) <= 6 and int(v) >= 1:
        return min(int(v), 16)
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, _MAX_JOBS))


def _signal_module():
    """``_signal``: what ``signal`` offers here without its ~2 ms of ``enum`` at start-up."""
    try:
        import _signal

        return _signal
    except ImportError:  # pragma: no cover
        import signal

        return signal


def _other_threads() -> bool:
    try:
        return len(os.listdir("/proc/self/task")) > 1
    except OSError:
        threading = sys.modules.get("threading")
        return threading is not None and threading.active_count() > 1


def _parallel(stack: list, jobs: int, env: tuple, recs: list, files: list, warnings: list, excluded_dirs: list) -> tuple[int, int, bool]:
    """Walk ``stack`` with ``jobs`` walkers: this process and ``jobs - 1`` forks.

    Every result file and child is recorded in ``walkers`` while all signals
    are blocked, so a signal handler that raises (Ctrl-C) at any point finds
    them there: the cleanup kills and reaps the children and closes the files.
    A child never waits for this process, so even a cleanup that never ran
    leaves no walker behind once it has finished.
    """
    sig = _signal_module()
    shares = [stack[k::jobs] for k in range(jobs)]
    base = len(recs)
    walkers: list = []  # [pid, result file, share]; None once reaped / closed / never made
    me = os.getpid()
    _leftovers()
    live = (me, walkers)
    _LIVE.append(live)  # (in case even the cleanup below is interrupted)
    try:
        for share in shares[1:]:
            if not share:
                continue
            # nothing can interrupt this block: no handler runs between the fork
            # and the child's own handling of signals (it would run the caller's
            # code in the child), nor before the parent has recorded the child
            orig = _block_signals(sig)
            try:
                rec = [None, None, share]
                walkers.append(rec)
                try:
                    # the child writes its result into an anonymous file and exits:
                    # it never waits for this process (a pipe could leave it blocked)
                    rec[1] = os.memfd_create("buildlint-walk")
                    pid = os.fork()
                except OSError as exc:  # no memfd or no fork: this process walks the share
                    _close(rec)
                    if exc.errno is None:  # (raised by a signal handler, not by the call)
                        raise
                    continue
                if pid == 0:  # pragma: no cover (runs in the child; tested through its results)
                    _child(rec[1], share, env[:-1] + (me,), recs, base, orig)
                rec[0] = pid
            finally:
                if os.getpid() == me:
                    sig.pthread_sigmask(sig.SIG_SETMASK, orig)
        total_bytes, file_count, forced = _scan(shares[0], env, recs, files, warnings, excluded_dirs)
        for rec in walkers:
            data = _collect(rec, sig) if rec[0] is not None else None
            if data is None:
                # the fork failed or the child did: walk its share here
                b, c, f = _scan(rec[2], env, recs, files, warnings, excluded_dirs)
            else:
                cfiles, cwarn, cexcl, newrecs, touched, b, c, f = data
                files.extend(cfiles)
                warnings.extend(WalkWarning(*w) for w in cwarn)
                excluded_dirs.extend(cexcl)
                for i, vb, vf in touched:
                    recs[i][2] += vb
                    recs[i][3] += vf
                # the child numbered its new records from ``base``; ours go on from here
                shift = len(recs) - base
                for r in newrecs:
                    if r[1] >= base:
                        r[1] += shift
                    recs.append(r)
            total_bytes += b
            file_count += c
            forced = forced or f
        _LIVE.remove(live)
        return total_bytes, file_count, forced
    except BaseException:
        # interrupted (Ctrl-C) or failed here: stop the children, leave no zombies
        _abandon(walkers)
        if live in _LIVE:
            _LIVE.remove(live)
        raise


# the walkers of every parallel walk not yet over; what a cleanup interrupted by
# a further signal left behind is killed and reaped at the next walk or at exit
_LIVE: list = []
_ATEXIT = False


def _leftovers() -> None:
    global _ATEXIT
    if not _ATEXIT:
        import atexit

        atexit.register(_leftovers)
        _ATEXIT = True
    while _LIVE:
        owner, w = _LIVE.pop()
        if owner == os.getpid():  # (not in a process forked from that one)
            _abandon(w)


_ALL_SIGNALS: set | None = None


def _block_signals(sig):
    """Block every signal and return the mask to restore.

    A signal that arrived just before is handled first (its handler may raise:
    then nothing stays blocked), so that no handler can run until the mask is
    restored.
    """
    global _ALL_SIGNALS
    if _ALL_SIGNALS is None:
        _ALL_SIGNALS = set(sig.valid_signals())
    orig = sig.pthread_sigmask(sig.SIG_BLOCK, ())  # (changes nothing)
    try:
        sig.pthread_sigmask(sig.SIG_BLOCK, _ALL_SIGNALS)
        _handlers_due()
    except BaseException:
        sig.pthread_sigmask(sig.SIG_SETMASK, orig)
        raise
    return orig


def _handlers_due() -> None:
    """(A Python call: the interpreter runs the signal handlers that are due.)"""


def _close(rec: list) -> None:
    if rec[1] is not None:
        try:
            os.close(rec[1])
        except OSError:
            pass
        rec[1] = None


def _abandon(walkers: list) -> None:
    """Kill and reap every child still recorded and close every result file; a further
    Ctrl-C meanwhile does not stop it."""
    sig = _signal_module()
    orig = None
    for _ in range(100):
        try:
            orig = _block_signals(sig)
            break
        except BaseException:  # another signal, handled as the mask was set: go on
            continue
    try:
        for rec in walkers:
            _close(rec)
            if rec[0] is not None:
                try:
                    os.kill(rec[0], sig.SIGKILL)
                except OSError:
                    pass
                try:
                    os.waitpid(rec[0], 0)
                except OSError:
                    pass
                rec[0] = None
    finally:
        if orig is not None:
            sig.pthread_sigmask(sig.SIG_SETMASK, orig)


def _child(out: int, share: list, env: tuple, recs: list, base: int, mask) -> None:  # pragma: no cover
    """In a forked walker: walk ``share``, write the result to ``out``, never return.

    Every signal is blocked on entry.  The walker takes the default action for
    Ctrl-C, SIGTERM, SIGHUP and SIGQUIT (it dies with the rest of the process
    group) unless the caller ignores them, ignores every other signal the
    caller handles, and never returns to the caller's code.  It keeps no file
    descriptor of the caller's but ``out`` (its standard streams go to
    ``/dev/null``), and it stops when the parent is gone (``env``'s last item
    is the parent's pid, checked for every directory).
    """
    code = 1
    try:
        sig = _signal_module()
        for s in _ALL_SIGNALS or ():
            try:
                h = sig.getsignal(s)
            except (OSError, ValueError):
                continue
            if callable(h):  # a Python handler of the caller's: never run it here
                sig.signal(s, sig.SIG_DFL if s in _SIGNALS else sig.SIG_IGN)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            if fd != null:
                os.dup2(null, fd)
        keep = sorted({0, 1, 2, out})
        for lo, hi in zip(keep, keep[1:] + [_MAX_FD]):
            os.closerange(lo + 1, hi)
        sig.pthread_sigmask(sig.SIG_SETMASK, mask)
        import marshal

        files: list = []
        warns: list = []
        excl: list = []
        # the share's own records were empty when the walk was split
        mine = [e[5] for e in share]
        b, c, f = _scan(share, env, recs, files, warns, excl)  # (empties ``share``)
        touched = [(i, recs[i][2], recs[i][3]) for i in mine]
        data = marshal.dumps((files, [(w.path, w.kind, w.message) for w in warns], excl, recs[base:], touched, b, c, f))
        view = memoryview(data)
        while view:
            view = view[os.write(out, view):]
        code = 0
    except BaseException:
        pass
    finally:
        os._exit(code)


def _collect(rec: list, sig):
    """What a child walker wrote, or ``None`` if it failed.  Reaps it and closes
    its file (``rec`` says what is left to do if this is interrupted)."""
    pid = rec[0]
    waited = True
    try:
        # until the child is done, without reaping it (its pid stays its own)
        os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    except ChildProcessError:
        waited = False  # reaped by someone else (SIGCHLD ignored): the data tells
    except OSError as exc:
        if exc.errno is None:  # (raised by a signal handler, not by the call)
            raise
        waited = False
    orig = _block_signals(sig)
    try:
        status = 0
        if waited:
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                pass
            except OSError:
                status = -1
        rec[0] = None
        try:
            raw = _read_all(rec[1])
        except OSError:
            raw = None
        _close(rec)
    finally:
        sig.pthread_sigmask(sig.SIG_SETMASK, orig)
    if raw is None or status != 0:
        return None
    import marshal

    try:
        data = marshal.loads(raw)
    except (ValueError, EOFError, TypeError):
        return None
    if not isinstance(data, tuple) or len(data) != 8:
        return None
    return data


def _read_all(fd: int) -> bytes:
    size = os.fstat(fd).st_size
    chunks = []
    off = 0
    while off < size:
        chunk = os.pread(fd, min(size - off, 1 << 24), off)
        if not chunk:
            break
        chunks.append(chunk)
        off += len(chunk)
    return b"".join(chunks)



class _Orphaned(Exception):
    """A forked walker whose parent is gone."""


def _warning_key(w: WalkWarning):
    return (w.path, w.kind, w.message)


def _scan(stack: list, env: tuple, recs: list, files: list, warnings: list, excluded_dirs: list, frontier: int = 0) -> tuple[int, int, bool]:
    """Walk the directories on ``stack`` (the loop of :func:`walk_context`).

    Depth first; with ``frontier`` > 0 breadth first instead, stopping as soon
    as ``frontier`` directories wait on ``stack`` (they are left there, each
    with its record already in ``recs``).  Appends to ``recs``, ``files``,
    ``warnings`` and ``excluded_dirs``; returns ``(bytes, files, forced)``.
    """
    active, meta, pcache, n, use_match, always_skip, wild, entered, prefixes, keep, follow_symlinks, real_root, ppid = env
    scandir = os.scandir
    total_bytes = file_count = 0
    forced = False
    # no ignore file: every child of every directory is sent (mode 0)
    mode, table, default, steps, calive, intern, fmode, xset = 0, False, (), None, (), None, 0, None
    while stack:
        if frontier:
            if len(stack) >= frontier:
                break
            rel, absdir, parts, info, alive, ri, anc = stack.pop(0)
        else:
            rel, absdir, parts, info, alive, ri, anc = stack.pop()
            if ppid and os.getppid() != ppid:
                raise _Orphaned
        try:
            with scandir(absdir) as it:
                entries = list(it)
        except OSError as exc:
            if exc.errno is None:  # raised by a signal handler (a timeout), not by scandir
                raise
            warnings.append(
                WalkWarning(rel or ".", "unreadable_dir", f"cannot read directory {rel or '.'}: {exc.strerror or exc} (docker build fails on it)")
            )
            continue
        prefix = rel + "/" if rel else ""
        if use_match:
            prog = pcache.get((info, alive))
            if prog is None:
                prog = _program(active, meta, rel, parts, info, alive, pcache)
            mode, table, default, steps, calive, intern, fmode, xset = prog
        # mode 0: one answer for all children
        m = table
        cinfo = default
        if mode == 1:
            tget = table.get
        rec = recs[ri]
        dbytes = 0
        dfiles = 0
        for e in entries:
            # fast path: a regular file (``d_type``, no system call)
            try:
                isreg = e.is_file(follow_symlinks=False)
            except OSError as exc:
                if exc.errno is None:  # (a signal handler's, see above)
                    raise
                isreg = False
            if isreg:
                if fmode:
                    if fmode == 1:
                        continue
                    if fmode == 2:
                        if e.name in xset:
                            continue
                    elif fmode == 4:
                        if e.name not in xset:
                            continue
                    elif mode == 1:
                        r = tget(e.name)
                        if r is None:
                            r = _name_eval(steps, n, e.name, table, intern)
                        if r[0]:
                            continue
                    else:
                        name = e.name
                        path = prefix + name
                        m = False
                        for _i, neg, fn in steps:
                            if fn is _FIXED:
                                m = not neg
                            elif neg == m and (fn is _CONST or fn(path, name)):
                                m = not neg
                        if m:
                            continue
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError as exc:
                    if exc.errno is None:  # (a signal handler's, see above)
                        raise
                    path = prefix + e.name
                    warnings.append(WalkWarning(path, "stat_failed", f"cannot stat {path}: {exc.strerror or exc}"))
                    continue
                dbytes += st.st_size
                dfiles += 1
                if keep:
                    files.append(prefix + e.name)
                continue
            # directories, symlinks, special files
            try:
                isdir = e.is_dir(follow_symlinks=False)
            except OSError as exc:
                if exc.errno is None:  # (a signal handler's, see above)
                    raise
                isdir = False
            if mode == 1:
                r = tget(e.name, default)
                if r is None:
                    r = _name_eval(steps, n, e.name, table, intern)
                m = r[0]
            elif mode:
                name = e.name
                if isdir:
                    m, hits = _run(steps, prefix + name, name)
                    cinfo = _info_from(n, hits)
                else:
                    # inline the common case: no info needed for files
                    path = prefix + name
                    m = False
                    for _i, neg, fn in steps:
                        if fn is _FIXED:
                            m = not neg
                        elif neg == m and (fn is _CONST or fn(path, name)):
                            m = not neg
            if not isdir:
                if m:
                    continue
                if follow_symlinks and _link_to_dir(e, real_root, prefix, warnings):
                    isdir = True
                    if mode == 2:
                        m, hits = _run(steps, prefix + e.name, e.name)
                        cinfo = _info_from(n, hits)
                else:
                    try:
                        st = e.stat(follow_symlinks=False)
                    except OSError as exc:
                        if exc.errno is None:  # (a signal handler's, see above)
                            raise
                        path = prefix + e.name
                        warnings.append(WalkWarning(path, "stat_failed", f"cannot stat {path}: {exc.strerror or exc}"))
                        continue
                    if st.st_mode & 0o170000 == 0o120000 and not follow_symlinks:  # S_ISLNK
                        _check_link(e.path, real_root, prefix + e.name, warnings)
                    dbytes += st.st_size
                    dfiles += 1
                    if keep:
                        files.append(prefix + e.name)
                    continue
            # a directory
            if mode == 1:
                cinfo = r[1]
            name = e.name
            path = prefix + name
            if m:
                if always_skip or (not wild and path not in entered):
                    excluded_dirs.append(path)
                    continue
                if wild and not forced and not any(x.startswith(path + "/") for x in prefixes):
                    forced = True
            cur = anc
            if follow_symlinks:
                try:
                    st = os.stat(e.path)
                    key = (st.st_dev, st.st_ino)
                    if key in anc:
                        warnings.append(WalkWarning(path, "symlink_loop", f"{path}: symlink loop (points back to a parent directory), not entered"))
                        continue
                    cur = anc + (key,)
                except OSError:
                    pass
            recs.append([path, ri, 0, 0, m])
            stack.append((path, e.path, parts + (name,), cinfo, calive, len(recs) - 1, cur))
        rec[2] += dbytes
        rec[3] += dfiles
        total_bytes += dbytes
        file_count += dfiles
    return total_bytes, file_count, forced


def _inside(real_root: str, target: str) -> bool:
    return target == real_root or target.startswith(real_root.rstrip("/") + "/")


def _check_link(abspath: str, real_root: str, rel: str, warnings: list) -> None:
    """Warnings for a symlink that is sent as a link (rare: cost is fine)."""
    try:
        os.stat(abspath)
    except OSError as exc:
        import errno

        if exc.errno == errno.ELOOP:
            warnings.append(WalkWarning(rel, "symlink_loop", f"{rel}: symlink loop (sent as a link)"))
        else:
            warnings.append(WalkWarning(rel, "dangling_symlink", f"{rel}: symlink target does not exist (sent as a link)"))
        return
    target = os.path.realpath(abspath)
    if not _inside(real_root, target):
        warnings.append(
            WalkWarning(rel, "symlink_outside", f"{rel}: symlink points outside the build context (sent as a link; the target is not sent)")
        )


def _link_to_dir(e, real_root, prefix, warnings):
    """follow_symlinks=True: is the entry a link to a directory that is followed?"""
    try:
        is_link = e.is_symlink()
    except OSError:
        is_link = False
    return is_link and _follow_dir(e.path, real_root, prefix + e.name, warnings) is not None


def _follow_dir(abspath, real_root, rel, warnings):
    """follow_symlinks=True: the real directory a link points to, if allowed."""
    try:
        st = os.stat(abspath)
    except OSError as exc:
        import errno

        if exc.errno == errno.ELOOP:
            warnings.append(WalkWarning(rel, "symlink_loop", f"{rel}: symlink loop (not followed)"))
        else:
            warnings.append(WalkWarning(rel, "dangling_symlink", f"{rel}: symlink target does not exist"))
        return None
    if not _stat.S_ISDIR(st.st_mode):
        return None
    target = os.path.realpath(abspath)
    if not _inside(real_root, target):
        warnings.append(WalkWarning(rel, "symlink_outside", f"{rel}: symlink points outside the build context (not followed)"))
        return None
    return target


def _main(argv: list[str]) -> int:
    usage = "usage: python -m buildlint.model.context DIR [--ignore FILE] [--no-ignore]"
    args = list(argv)
    ignore_path = None
    no_ignore = False
    root = None
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--ignore" and i + 1 < len(args):
            ignore_path = args[i + 1]
            i += 2
            continue
        if a.startswith("--ignore="):
            ignore_path = a.split("=", 1)[1]
        elif a == "--no-ignore":
            no_ignore = True
        elif a in ("-h", "--help"):
            print(usage)
            return 0
        elif root is None:
            root = a
        else:
            print(usage)
            return 2
        i += 1
    if root is None:
        print(usage)
        return 2
    ign = None
    if not no_ignore:
        if ignore_path is None and os.path.isfile(os.path.join(root, ".dockerignore")):
            ignore_path = os.path.join(root, ".dockerignore")
        if ignore_path is not None:
            import buildlint.parse as _parse_pkg

            _parse_pkg._lazy_pathspec = True  # this process never needs pathspec
            from buildlint.parse.dockerignore import parse_file

            ign = parse_file(ignore_path)
            for err in ign.errors:
                print(f"{ignore_path}:{err.line}: {err.docker_error}")
    w = walk_context(root, ign, keep_files=False)
    print(f"files {w.file_count}")
    print(f"bytes {w.total_bytes}")
    if w.warnings:
        print(f"warnings {len(w.warnings)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(_main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
