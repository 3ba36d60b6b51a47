"""The parallel walk (forked walkers) gives exactly the serial walk's answer.

``_FRONTIER = 1`` makes the walk split as soon as ``jobs`` directories wait,
so even the small oracle trees are walked by several processes here.  Every test that
relies on a split checks that a fork really happened.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import consistent_paths

from buildlint.model import context as ctx
from buildlint.model.context import walk_context
from buildlint.parse.dockerignore import parse

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the walk forks on Linux only")

DATA = Path(__file__).resolve().parent.parent / "data" / "dockerignore"
TREES = json.loads((DATA / "dockerignore_walk.json").read_text(encoding="utf-8"))["trees"]


def snapshot(w):
    return (
        w.files,
        w.file_count,
        w.total_bytes,
        dict(w._dirs),
        [(x.path, x.kind, x.message) for x in w.warnings],
        w.excluded_dirs,
        w.full_walk_forced,
    )


class Forks:
    """Counts the forks of the walk (and checks every child was waited for)."""

    def __init__(self, monkeypatch):
        self.pids: list[int] = []
        real = os.fork

        def fork():
            pid = real()
            if pid:
                self.pids.append(pid)
            return pid

        monkeypatch.setattr(ctx.os, "fork", fork)

    def all_reaped(self) -> bool:
        for pid in self.pids:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                continue
            return False
        return True


def serial(root, ign=None, **kw):
    old = ctx._walk_jobs
    ctx._walk_jobs = lambda: 1
    try:
        return walk_context(root, ign, **kw)
    finally:
        ctx._walk_jobs = old


@pytest.fixture
def split(monkeypatch):
    """Walk with ``jobs`` walkers, splitting at once; returns the fork counter."""

    def setup(jobs: int = 2, frontier: int = 1) -> Forks:
        monkeypatch.setattr(ctx, "_FRONTIER", frontier)
        monkeypatch.setattr(ctx, "_walk_jobs", lambda: jobs)
        return Forks(monkeypatch)

    return setup


def mk(root: Path, files: dict) -> Path:
    for rel, data in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data if isinstance(data, bytes) else data.encode())
    return root


def wide_tree(root: Path, dirs: int = 12, files: int = 5) -> Path:
    """Sizes differ per file so that a lost or doubled file changes the totals."""
    for d in range(dirs):
        for f in range(files):
            p = root / f"d{d}" / f"sub{f % 2}" / f"file{f}.txt"
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(b"x" * (d * 10 + f + 1))
    (root / "top.txt").write_bytes(b"top")
    return root


@pytest.mark.parametrize("jobs", [2, 3])
@pytest.mark.parametrize("tree", TREES, ids=[t["id"] for t in TREES])
def test_oracle_trees_split(tmp_path, split, tree, jobs):
    for rel in tree["files"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(b"x" * (len(rel) % 7))
    (tmp_path / ".dockerignore").write_bytes("\n".join(tree["patterns"]).encode("utf-8") + b"\n")
    ign = parse((tmp_path / ".dockerignore").read_bytes())
    want = serial(tmp_path, ign)
    forks = split(jobs)
    got = walk_context(tmp_path, ign)
    assert snapshot(got) == snapshot(want)
    files = set(got.files)
    files.discard(".dockerignore")
    assert files == set(tree["sent"])  # BuildKit's own walk
    # the root's walked subdirectories are queued together: enough of them split the walk
    top = sum(1 for p in want._dirs if p and "/" not in p)
    if top >= jobs:
        assert forks.pids
    assert forks.all_reaped()


def test_a_split_really_forks_and_adds_up(tmp_path, split):
    wide_tree(tmp_path)
    want = serial(tmp_path)
    # worked out by hand: 12 dirs x 5 files of d*10+f+1 bytes, plus "top"
    assert want.total_bytes == sum(d * 10 + f + 1 for d in range(12) for f in range(5)) + 3 == 3483
    assert want.file_count == 61
    for jobs in (2, 3, 4):
        forks = split(jobs)
        got = walk_context(tmp_path, None)
        assert snapshot(got) == snapshot(want)
        assert len(forks.pids) == jobs - 1
        assert forks.all_reaped()
    assert got.largest_dirs(2) == [("d11", 565, 5), ("d10", 515, 5)]  # 110*5+1+..+5, 100*5+15


def test_default_threshold_leaves_small_contexts_serial(tmp_path, monkeypatch):
    wide_tree(tmp_path, dirs=10)  # 10 + 20 directories: under the frontier of 64
    monkeypatch.setattr(ctx, "_walk_jobs", lambda: 2)
    forks = Forks(monkeypatch)
    walk_context(tmp_path, None)
    assert forks.pids == []
    wide_tree(tmp_path, dirs=40)  # 40 + 80: the breadth-first phase reaches 64
    got = walk_context(tmp_path, None)
    assert len(forks.pids) == 1 and forks.all_reaped()
    assert snapshot(got) == snapshot(serial(tmp_path))


def test_more_than_a_pipe_buffer_comes_back(tmp_path, split):
    # ~3,000 long names in the child's share: far more than 64 KiB of results
    for d in range(2):
        for f in range(1500):
            p = tmp_path / f"dir{d}" / (f"{'n' * 60}{f}.txt")
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(b"1")
    want = serial(tmp_path)
    forks = split(2)
    got = walk_context(tmp_path, None)
    assert len(forks.pids) == 1
    assert got.file_count == 3000 and snapshot(got) == snapshot(want)


def test_ignore_rules_and_full_walk_flag_survive_the_split(tmp_path, split):
    wide_tree(tmp_path)
    mk(tmp_path, {"d3/node_modules/x/index.js": "1", "d7/node_modules/y.md": "1", "d9/a.md": "1"})
    texts = ("**/node_modules\n**/sub1\n", "**/node_modules\n!**/*.md\n", "d*\n!d3/sub0\n", "*\n!top.txt\n")
    for i, text in enumerate(texts):
        ign = parse(text)
        want = serial(tmp_path, ign)
        forks = split(2)
        got = walk_context(tmp_path, ign)
        assert snapshot(got) == snapshot(want), text
        # the last two leave one directory at a time (d3, d3/sub0) or none: nothing to split
        assert bool(forks.pids) == (i < 2)
    assert got.files == ["top.txt"]


def test_warnings_found_by_children_are_reported_in_order(tmp_path, split, monkeypatch):
    outside = mk(tmp_path / "outside", {"s": "1"})
    root = wide_tree(tmp_path / "ctx")
    for d in (2, 5, 8, 11):
        os.symlink(outside, root / f"d{d}" / "sub0" / "out")
        os.symlink("..", root / f"d{d}" / "up")
        os.symlink(f"loop{d}", root / f"d{d}" / f"loop{d}")
    real = os.scandir
    bad = {str(root / "d4" / "sub1"), str(root / "d9")}

    def scandir(path="."):
        if os.fspath(path) in bad:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(ctx.os, "scandir", scandir)
    for follow in (False, True):
        want = serial(root, follow_symlinks=follow)
        forks = split(3)
        got = walk_context(root, None, follow_symlinks=follow)
        assert forks.pids
        assert snapshot(got) == snapshot(want)
        kinds = [(x.path, x.kind) for x in got.warnings]
        assert ("d4/sub1", "unreadable_dir") in kinds and ("d9", "unreadable_dir") in kinds
        assert ("d11/loop11", "symlink_loop") in kinds
        assert kinds == sorted(kinds)


def test_a_failing_child_is_replaced(tmp_path, split, monkeypatch):
    wide_tree(tmp_path)
    want = serial(tmp_path)
    parent = os.getpid()
    real_scan = ctx._scan

    def crash(*a, **kw):
        if os.getpid() != parent:
            raise RuntimeError("child crashed")
        return real_scan(*a, **kw)

    monkeypatch.setattr(ctx, "_scan", crash)
    forks = split(3)
    assert snapshot(walk_context(tmp_path, None)) == snapshot(want)
    assert len(forks.pids) == 2 and forks.all_reaped()

    def killed(*a, **kw):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_scan(*a, **kw)

    monkeypatch.setattr(ctx, "_scan", killed)
    assert snapshot(walk_context(tmp_path, None)) == snapshot(want)


@pytest.mark.parametrize("damage", ["truncated", "garbage", "wrong shape"])
def test_damaged_results_are_not_trusted(tmp_path, split, monkeypatch, damage):
    import marshal

    wide_tree(tmp_path)
    want = serial(tmp_path)
    real = marshal.dumps
    parent = os.getpid()

    def dumps(obj, *a):
        data = real(obj, *a)
        if os.getpid() == parent:
            return data
        if damage == "truncated":
            return data[: len(data) // 2]
        if damage == "garbage":
            return b"\xff" * 100
        return real((1, 2, 3))

    monkeypatch.setattr(marshal, "dumps", dumps)
    forks = split(2)
    assert snapshot(walk_context(tmp_path, None)) == snapshot(want)
    assert forks.pids and forks.all_reaped()


@pytest.mark.parametrize("what", ["fork", "memfd_create"])
def test_no_fork_or_pipe_means_serial(tmp_path, split, monkeypatch, what):
    wide_tree(tmp_path)
    want = serial(tmp_path)
    split(3)

    def fail(*a):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(ctx.os, what, fail)
    assert snapshot(walk_context(tmp_path, None)) == snapshot(want)


def test_walk_jobs(monkeypatch):
    monkeypatch.delenv("BUILDLINT_WALK_JOBS", raising=False)
    monkeypatch.setattr(ctx.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3, 4, 5, 6, 7}, raising=False)
    assert ctx._walk_jobs() == 4  # capped
    monkeypatch.setattr(ctx.os, "sched_getaffinity", lambda pid: {0})
    assert ctx._walk_jobs() == 1
    monkeypatch.setattr(ctx.os, "sched_getaffinity", lambda pid: {0, 3})
    assert ctx._walk_jobs() == 2
    for value, jobs in (("1", 1), ("3", 3), ("64", 16), ("0", 2), ("two", 2), ("", 2), (" 5 ", 5)):
        monkeypatch.setenv("BUILDLINT_WALK_JOBS", value)
        assert ctx._walk_jobs() == jobs, value
    monkeypatch.setenv("BUILDLINT_WALK_JOBS", "3")
    monkeypatch.setattr(ctx.sys, "platform", "darwin")
    assert ctx._walk_jobs() == 1


def test_no_fork_while_other_threads_run(tmp_path, monkeypatch):
    monkeypatch.setenv("BUILDLINT_WALK_JOBS", "2")
    assert ctx._walk_jobs() == 2
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert ctx._walk_jobs() == 1
        wide_tree(tmp_path)
        monkeypatch.setattr(ctx, "_FRONTIER", 1)
        forks = Forks(monkeypatch)
        walk_context(tmp_path, None)
        assert forks.pids == []
    finally:
        stop.set()
        t.join()


_seg = st.sampled_from(["a", "b", "node_modules", "x.md", "y.py", ".git", "c.log", "d"])
_files = st.lists(st.lists(_seg, min_size=1, max_size=4).map("/".join), min_size=1, max_size=30)
_pat = st.one_of(
    st.lists(st.sampled_from(["a", "b", "*", "?", "**", "node_modules", "*.md", "x.md", ".git", "d"]), min_size=1, max_size=3).map("/".join),
    st.sampled_from(["**/node_modules", "**/*.md", "a**", "*/b/**", ".git/HEAD", "a/b"]),
)
_lines = st.lists(st.tuples(st.booleans(), _pat), min_size=0, max_size=5)


@settings(max_examples=60, deadline=None)
@given(_files, _lines, st.integers(min_value=2, max_value=3), st.integers(min_value=1, max_value=3))
def test_split_equals_serial_on_random_trees(files, lines, jobs, frontier):
    files = consistent_paths(files)
    ign = parse("\n".join(("!" if neg else "") + p for neg, p in lines)) if lines else None
    root = Path(tempfile.mkdtemp())
    old = ctx._FRONTIER, ctx._walk_jobs
    try:
        for i, f in enumerate(files):
            p = root / f
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(b"1" * i)
        want = serial(root, ign)
        ctx._FRONTIER, ctx._walk_jobs = frontier, (lambda: jobs)
        got = walk_context(root, ign)
        assert snapshot(got) == snapshot(want)
    finally:
        ctx._FRONTIER, ctx._walk_jobs = old
        shutil.rmtree(root)


def _fds() -> set[str]:
    return set(os.listdir("/proc/self/fd"))


@pytest.mark.parametrize("where", ["own share", "waiting", "reaping"])
def test_interrupted_walk_leaves_no_children_or_fds(tmp_path, split, monkeypatch, where):
    big = {f"d{d}/f{f}": "x" * 10 for d in range(6) for f in range(3000)}  # > 64 KiB back from each child
    mk(tmp_path, big)
    forks = split(3)
    before = _fds()
    parent = os.getpid()
    calls = []
    if where == "own share":
        real = ctx._scan

        def scan(stack, *a, **kw):
            if os.getpid() == parent:
                calls.append(1)
                if len(calls) == 2:  # after the breadth-first phase: its own share
                    raise KeyboardInterrupt
            return real(stack, *a, **kw)

        monkeypatch.setattr(ctx, "_scan", scan)
    else:
        name = "waitid" if where == "waiting" else "waitpid"
        real = getattr(os, name)

        def interrupted(*a):
            if os.getpid() == parent and not calls:  # once: Ctrl-C is pressed once
                calls.append(1)
                raise KeyboardInterrupt
            return real(*a)

        monkeypatch.setattr(ctx.os, name, interrupted)
    with pytest.raises(KeyboardInterrupt):
        walk_context(tmp_path, None)
    monkeypatch.undo()  # (the real waitpid again, for the check)
    assert len(forks.pids) == 2 and forks.all_reaped()
    assert _fds() == before


def test_child_reaped_elsewhere_still_counts(tmp_path, split, monkeypatch):
    wide_tree(tmp_path)
    want = serial(tmp_path)
    forks = split(2)
    real = os.waitpid

    def reaped_already(pid, options):
        real(pid, options)
        raise ChildProcessError(10, "No child processes")

    monkeypatch.setattr(ctx.os, "waitpid", reaped_already)
    assert snapshot(walk_context(tmp_path, None)) == snapshot(want)
    assert forks.pids


def test_many_walks_leak_no_descriptors(tmp_path, split):
    wide_tree(tmp_path)
    split(3)
    before = _fds()
    for _ in range(50):
        walk_context(tmp_path, None)
    assert _fds() == before


def test_odd_job_counts_are_ignored(monkeypatch):
    monkeypatch.setattr(ctx.os, "sched_getaffinity", lambda pid: {0, 1})
    for value in ("\u00b2", "\u00b9", "1" * 4301, "9999999", "\u0661", "+2", "2.5", "-3"):
        monkeypatch.setenv("BUILDLINT_WALK_JOBS", value)
        assert ctx._walk_jobs() == 2, ascii(value)


def test_threads_unknown_to_threading_keep_the_walk_serial(tmp_path, monkeypatch):
    import _thread

    monkeypatch.setenv("BUILDLINT_WALK_JOBS", "2")
    stop = threading.Event()
    done = threading.Event()

    def run():
        stop.wait()
        done.set()

    _thread.start_new_thread(run, ())
    try:
        assert threading.active_count() == 1  # threading does not know it
        assert ctx._walk_jobs() == 1
    finally:
        stop.set()
        done.wait(5)
    import time

    for _ in range(100):  # the thread is gone once /proc says so
        if len(os.listdir("/proc/self/task")) == 1:
            break
        time.sleep(0.01)
    assert ctx._walk_jobs() == 2


def test_ctrl_c_just_after_the_fork_never_runs_the_callers_code_in_the_child(tmp_path, split, monkeypatch, capfd):
    wide_tree(tmp_path)
    want = serial(tmp_path)
    forks = split(3)
    real = ctx.os.fork  # (the counting wrapper)

    def fork():
        pid = real()
        if pid == 0:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C lands in the child at once
        return pid

    monkeypatch.setattr(ctx.os, "fork", fork)
    parent = os.getpid()
    escaped = tmp_path.parent / (tmp_path.name + "-escaped")
    try:
        got = walk_context(tmp_path, None)
    except BaseException:  # pragma: no cover - the failure this test is about
        if os.getpid() != parent:  # a child got back here: record it, and never run pytest on
            escaped.write_text("a KeyboardInterrupt reached the caller's code in a child")
            os._exit(99)
        raise
    assert not escaped.exists()
    assert snapshot(got) == snapshot(want)  # the children died; their shares were walked here
    assert len(forks.pids) == 2 and forks.all_reaped()
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_a_child_writes_nothing_to_the_parents_streams(tmp_path, split, monkeypatch, capfd):
    wide_tree(tmp_path)
    parent = os.getpid()
    real = os.scandir

    def noisy(path="."):
        if os.getpid() != parent:
            os.write(1, b"child on stdout\n")
            os.write(2, b"child on stderr\n")
        return real(path)

    monkeypatch.setattr(ctx.os, "scandir", noisy)
    forks = split(2)
    want = serial(tmp_path)
    assert snapshot(walk_context(tmp_path, None)) == snapshot(want)
    assert forks.pids
    out, err = capfd.readouterr()
    assert "child" not in out and "child" not in err


ORPHAN = r"""
import os, signal, sys, time
sys.path.insert(0, sys.argv[2])
import buildlint.model.context as ctx
ctx._FRONTIER = 2
ctx._walk_jobs = lambda: 3
parent = os.getpid()
real_fork, real_scandir, real_scan = os.fork, os.scandir, ctx._scan
def fork():
    pid = real_fork()
    if pid:
        with open(sys.argv[3], "a") as fh:
            fh.write(f"{pid}\n")
    return pid
def slow(path="."):
    if os.getpid() != parent:
        time.sleep(0.02)  # a slow walker: 60+ directories take over a second
    return real_scandir(path)
def scan(stack, *a, **kw):
    if os.getpid() == parent and not kw.get("frontier") and len(a) < 6:
        os.kill(parent, signal.SIGKILL)  # the parent dies while its walkers work
    return real_scan(stack, *a, **kw)
os.fork, os.scandir, ctx._scan = fork, slow, scan
ctx.walk_context(sys.argv[1], None)
"""


def test_walkers_stop_when_the_parent_dies(tmp_path):
    import subprocess
    import time

    root = wide_tree(tmp_path / "tree", dirs=30, files=4)
    pids = tmp_path / "pids"
    repo = str(Path(__file__).resolve().parents[2])
    r = subprocess.run([sys.executable, "-c", ORPHAN, str(root), repo, str(pids)], capture_output=True, timeout=60)
    assert r.returncode == -signal.SIGKILL
    children = [int(x) for x in pids.read_text().split()]
    assert len(children) == 2
    deadline = time.monotonic() + 0.5  # each checks for its parent before every directory (~20 ms here)
    alive = children
    while alive and time.monotonic() < deadline:
        alive = [p for p in alive if _running(p)]
        time.sleep(0.01)
    assert alive == []


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def test_bytes_root(tmp_path):
    mk(tmp_path, {"a/b": "1"})
    assert walk_context(os.fsencode(tmp_path), None).files == ["a/b"]


def _blocked() -> set:
    return set(signal.pthread_sigmask(signal.SIG_BLOCK, []))


@pytest.mark.parametrize("nth", [1, 2, 3, 4])
def test_a_handler_due_as_signals_are_blocked_leaves_nothing_behind(tmp_path, split, monkeypatch, nth):
    # a Ctrl-C that arrived just before a block: its handler raises at once (1, 2: the forks;
    # 3, 4: collecting the children)
    wide_tree(tmp_path)
    forks = split(3)
    before_fds, before_mask = _fds(), _blocked()
    calls = []
    parent = os.getpid()

    def due():
        if os.getpid() == parent:
            calls.append(1)
            if len(calls) == nth:
                raise KeyboardInterrupt

    monkeypatch.setattr(ctx, "_handlers_due", due)
    with pytest.raises(KeyboardInterrupt):
        walk_context(tmp_path, None)
    assert _blocked() == before_mask
    assert _fds() == before_fds
    assert len(forks.pids) == min(nth - 1, 2) and forks.all_reaped()


def test_a_second_ctrl_c_does_not_stop_the_cleanup(tmp_path, split, monkeypatch):
    big = {f"d{d}/f{f}": "x" * 10 for d in range(6) for f in range(3000)}  # children block on a full pipe
    mk(tmp_path, big)
    forks = split(3)
    before_fds, before_mask = _fds(), _blocked()
    parent = os.getpid()
    real_scan = ctx._scan
    state = {"scans": 0, "due": 0}

    def scan(stack, *a, **kw):
        if os.getpid() == parent:
            state["scans"] += 1
            if state["scans"] == 2:  # the parent's own share: the first Ctrl-C
                raise KeyboardInterrupt
        return real_scan(stack, *a, **kw)

    def due():
        if os.getpid() == parent and state["scans"] >= 2:
            state["due"] += 1
            if state["due"] <= 3:  # and more, while the cleanup starts
                raise KeyboardInterrupt

    monkeypatch.setattr(ctx, "_scan", scan)
    monkeypatch.setattr(ctx, "_handlers_due", due)
    with pytest.raises(KeyboardInterrupt):
        walk_context(tmp_path, None)
    assert state["due"] == 4  # three refused, the fourth block held
    assert _blocked() == before_mask and _fds() == before_fds
    assert len(forks.pids) == 2 and forks.all_reaped()


def test_walkers_keep_ignoring_what_the_caller_ignores(tmp_path, split, monkeypatch):
    wide_tree(tmp_path)
    want = serial(tmp_path)
    forks = split(2)
    real = ctx.os.fork

    def fork():
        pid = real()
        if pid == 0:
            os.kill(os.getpid(), signal.SIGINT)  # delivered once the walker unblocks it
        return pid

    monkeypatch.setattr(ctx.os, "fork", fork)
    parent = os.getpid()
    real_scan = ctx._scan
    parent_scans = []

    def scan(stack, *a, **kw):
        if os.getpid() == parent and stack:
            parent_scans.append(1)
        return real_scan(stack, *a, **kw)

    monkeypatch.setattr(ctx, "_scan", scan)
    old = signal.signal(signal.SIGINT, signal.SIG_IGN)  # as under `nohup` or `cmd &`
    try:
        got = walk_context(tmp_path, None)
    finally:
        signal.signal(signal.SIGINT, old)
    assert snapshot(got) == snapshot(want) and forks.pids
    assert len(parent_scans) == 2  # breadth first + its own share: the child's share was not walked again


@pytest.mark.parametrize("jobs", [1, 3])
@pytest.mark.parametrize("where", ["scandir", "stat"])
def test_a_timeout_raised_by_a_signal_handler_is_not_a_walk_warning(tmp_path, split, monkeypatch, jobs, where):
    # `signal.alarm` + a handler raising TimeoutError (an OSError without errno) is how callers time out
    wide_tree(tmp_path)
    split(jobs)
    parent = os.getpid()
    if where == "scandir":
        real = os.scandir
        calls = []

        def scandir(path="."):
            calls.append(1)
            if os.getpid() == parent and len(calls) == 3:
                raise TimeoutError("timed out")
            return real(path)

        monkeypatch.setattr(ctx.os, "scandir", scandir)
    else:
        real_scan = ctx._scan

        class Entry:
            def __init__(self, e):
                self._e, self.name, self.path = e, e.name, e.path

            def is_file(self, follow_symlinks=True):
                return self._e.is_file(follow_symlinks=follow_symlinks)

            def is_dir(self, follow_symlinks=True):
                return self._e.is_dir(follow_symlinks=follow_symlinks)

            def stat(self, follow_symlinks=True):
                if os.getpid() == parent:
                    raise TimeoutError("timed out")
                return self._e.stat(follow_symlinks=follow_symlinks)

        real_scandir = os.scandir

        class Wrapped:
            def __init__(self, path):
                self._it = real_scandir(path)

            def __enter__(self):
                return (Entry(e) for e in self._it)

            def __exit__(self, *a):
                self._it.close()

        monkeypatch.setattr(ctx.os, "scandir", Wrapped)
    with pytest.raises(TimeoutError):
        walk_context(tmp_path, None)


def test_the_callers_other_handlers_never_run_in_a_walker(tmp_path, split, monkeypatch):
    wide_tree(tmp_path / "tree")
    want = serial(tmp_path / "tree")
    log = tmp_path / "handler.log"
    forks = split(3)
    real = ctx.os.fork

    def fork():
        pid = real()
        if pid == 0:
            os.kill(os.getpid(), signal.SIGUSR1)  # e.g. a status request to the process group
        return pid

    def handler(signum, frame):
        with open(log, "a") as fh:
            fh.write(f"handled in {os.getpid()}\n")

    monkeypatch.setattr(ctx.os, "fork", fork)
    parent = os.getpid()
    real_scan = ctx._scan
    rescans = []
    monkeypatch.setattr(ctx, "_scan", lambda stack, *a, **kw: (
        rescans.append(1) if os.getpid() == parent and stack else None, real_scan(stack, *a, **kw))[1])
    old = signal.signal(signal.SIGUSR1, handler)
    try:
        got = walk_context(tmp_path / "tree", None)
    finally:
        signal.signal(signal.SIGUSR1, old)
    assert snapshot(got) == snapshot(want) and len(forks.pids) == 2
    assert not log.exists()  # the walkers ignored it ...
    assert len(rescans) == 2  # ... and lived: breadth first + own share, nothing walked again


def test_what_an_interrupted_cleanup_leaves_is_cleaned_up_by_the_next_walk(tmp_path, split, monkeypatch):
    wide_tree(tmp_path)
    forks = split(3)
    before = _fds()
    parent = os.getpid()
    real_scan, real_sm = ctx._scan, ctx._signal_module
    state = {"scans": 0, "fired": False}

    def scan(stack, *a, **kw):
        if os.getpid() == parent and stack:
            state["scans"] += 1
            if state["scans"] == 2:  # the first Ctrl-C, in the parent's own share
                raise KeyboardInterrupt
        return real_scan(stack, *a, **kw)

    def sm():
        # a second Ctrl-C exactly as the cleanup starts, before it can block anything
        if os.getpid() == parent and sys._getframe(1).f_code.co_name == "_abandon" and not state["fired"]:
            state["fired"] = True
            raise KeyboardInterrupt
        return real_sm()

    monkeypatch.setattr(ctx, "_scan", scan)
    monkeypatch.setattr(ctx, "_signal_module", sm)
    with pytest.raises(KeyboardInterrupt):
        walk_context(tmp_path, None)
    assert state["fired"] and ctx._LIVE  # the cleanup did not run: its walkers are remembered
    monkeypatch.setattr(ctx, "_scan", real_scan)
    want = serial(tmp_path)
    assert snapshot(walk_context(tmp_path, None)) == snapshot(want)
    assert not ctx._LIVE and forks.all_reaped() and _fds() == before
    ctx._leftovers()  # (what atexit runs: nothing left to do)
