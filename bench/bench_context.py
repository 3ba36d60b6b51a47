"""Benchmark the build-context walk against ``find DIR -type f | wc -l``.

Not a test.  Usage::

    .venv/bin/python bench/bench_context.py [--dir DIR] [--runs N] [--keep]

Generates (once; reused if ``DIR/.bench-complete`` exists) a monorepo tree of
~180k files: nested ``node_modules`` (root and per workspace package), a
``.venv`` with ``site-packages``, ``.git/objects``, logs, ~200 MB of media
(sparse files: ``st_size`` counts, no disk needed) and source directories.
Then, on the warm tree, it runs paired whole-process measurements in one
session, alternating ``find`` and ``python -m buildlint.model.context``:

(a) ignore rules that let the walk skip directories (no ``!`` or only
    plain-path exceptions) -- target <= 0.5x find;
(b) nothing skippable: a glob exception (``!**/*.md``) among ~10 patterns
    forces a full walk -- target <= 4x find;

and the peak RSS of the walker process (``/usr/bin/time -f %M`` when present,
else ``getrusage`` of the child) -- target < 50 MB.  For reference it also
times ``none`` (no ignore file: every file walked and ``stat``-ed; nothing
skippable, so the 4x target applies too), ``floor`` (a bare ``scandir`` +
``lstat`` loop over exactly what (a) reads, no matching: the CPython lower
bound for (a)), ``floor-none`` (the same over the whole tree: the lower bound
for ``none``) and ``start`` (``python -m
buildlint.model.context --help``: interpreter, ``site``, ``runpy`` and our
imports, no walk), ``a-serial`` / ``none-serial`` (``BUILDLINT_WALK_JOBS=1``:
the walk in one process) and ``a-cli`` (``buildlint context DIR`` with (a)'s
rules as ``DIR/.dockerignore``).

Measured runs never get ``PYTHONDONTWRITEBYTECODE`` (a user's install has
byte-code caches); run it with the project's interpreter, not a shim.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

IGNORE_SKIPPABLE = """\
# (a) skippable: only plain-path exceptions
**/node_modules
.venv
.git
!.git/HEAD
logs
!logs/.gitkeep
**/__pycache__
*.log
coverage
"""

IGNORE_FULL = """\
# (b) nothing skippable: a glob exception forces a full walk
**/node_modules
.venv
.git
logs
**/__pycache__
**/*.pyc
*.log
coverage
dist
!**/*.md
"""


def _touch(path: str, data: bytes = b"") -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    if data:
        os.write(fd, data)
    os.close(fd)


def _files(d: str, names, data: bytes = b"x") -> int:
    os.makedirs(d, exist_ok=True)
    for n in names:
        _touch(os.path.join(d, n), data)
    return len(names)


def _package(d: str, nfiles: int) -> int:
    """An npm package: ~nfiles spread over lib/, dist/, types/."""
    count = _files(d, ["package.json", "README.md", "LICENSE", "index.js"], b"{}")
    per = max(1, (nfiles - 4) // 3)
    for sub in ("lib", "dist", "types"):
        count += _files(os.path.join(d, sub), [f"m{i}.js" for i in range(per)], b"module.exports={}")
    return count


def generate(root: str) -> int:
    marker = os.path.join(root, ".bench-complete")
    if os.path.exists(marker):
        with open(marker) as fh:
            return int(fh.read().strip() or 0)
    if os.path.exists(root):
        shutil.rmtree(root)
    os.makedirs(root)
    n = 0
    n += _files(root, ["package.json", "README.md", "Dockerfile", "pyproject.toml"], b"x")
    # root node_modules: 600 packages x 100 files (some scoped)
    for i in range(600):
        name = f"@scope{i % 7}/pkg{i}" if i % 5 == 0 else f"pkg{i}"
        n += _package(os.path.join(root, "node_modules", name), 100)
    # workspace packages with their own node_modules
    for w in range(10):
        base = os.path.join(root, "packages", f"ws{w}")
        n += _files(os.path.join(base, "src"), [f"c{i}.ts" for i in range(150)], b"export {}")
        n += _files(base, ["package.json", "README.md"], b"{}")
        for i in range(100):
            n += _package(os.path.join(base, "node_modules", f"dep{i}"), 40)
    # python venv
    sp = os.path.join(root, ".venv", "lib", "python3.11", "site-packages")
    for i in range(300):
        n += _files(os.path.join(sp, f"dist{i}"), [f"mod{j}.py" for j in range(60)], b"pass\n")
        n += _files(os.path.join(sp, f"dist{i}", "__pycache__"), [f"mod{j}.cpython-311.pyc" for j in range(20)], b"\0" * 16)
    n += _files(os.path.join(root, ".venv", "bin"), ["python", "pip", "activate"], b"#!")
    # git objects
    for i in range(256):
        n += _files(os.path.join(root, ".git", "objects", f"{i:02x}"), [f"{j:038x}" for j in range(100)], b"blob")
    n += _files(os.path.join(root, ".git"), ["HEAD", "config", "index"], b"ref")
    # logs
    n += _files(os.path.join(root, "logs"), [f"app{i}.log" for i in range(1500)] + [".gitkeep"], b"log line\n")
    n += _files(os.path.join(root, "logs", "archive"), [f"old{i}.log.gz" for i in range(500)], b"gz")
    # media: 200 x 1 MB sparse files
    md = os.path.join(root, "media")
    os.makedirs(md)
    for i in range(200):
        p = os.path.join(md, f"clip{i}.mp4")
        with open(p, "wb") as fh:
            fh.truncate(1024 * 1024)
        n += 1
    # sources: services/*/src/<nested dirs>
    for s in range(40):
        for d in range(25):
            sd = os.path.join(root, "services", f"svc{s}", "src", f"mod{d}", "impl")
            n += _files(sd, [f"f{i}.py" for i in range(20)], b"print(1)\n")
            n += _files(os.path.join(sd, "__pycache__"), [f"f{i}.cpython-311.pyc" for i in range(5)], b"\0")
        n += _files(os.path.join(root, "services", f"svc{s}"), ["README.md", "setup.py"], b"x")
    n += _files(os.path.join(root, "docs"), [f"page{i}.md" for i in range(300)], b"# doc\n")
    with open(marker, "w") as fh:
        fh.write(str(n + 1))
    return n + 1


# the lower bound for case (a) in CPython: a bare scandir + lstat loop over
# exactly the directories (a) reads (``.git`` and ``logs`` are entered for
# their plain-path exceptions, only the exception is sent from them), with the
# ignore rules hard-coded (no matching), as a whole process.  It sends the
# same files and bytes as (a).
FLOOR = """
import os, sys
skip = {"node_modules", "__pycache__"}
top = {".venv", "coverage"}
entered = {".git": "HEAD", "logs": ".gitkeep"}
n = b = 0
stack = [sys.argv[1]]
root = sys.argv[1]
while stack:
    d = stack.pop()
    with os.scandir(d) as it:
        for e in it:
            if e.is_dir(follow_symlinks=False):
                if e.name in skip or (d == root and e.name in top):
                    continue
                if d == root and e.name in entered:
                    with os.scandir(e.path) as it2:
                        for e2 in it2:
                            if e2.name == entered[e.name]:
                                b += e2.stat(follow_symlinks=False).st_size
                                n += 1
                    continue
                stack.append(e.path)
            elif d != root or not e.name.endswith(".log"):
                b += e.stat(follow_symlinks=False).st_size
                n += 1
print("files", n)
print("bytes", b)
"""

# the same for ``none``: every directory read, every file lstat-ed
FLOOR_NONE = """
import os, sys
n = b = 0
stack = [sys.argv[1]]
while stack:
    d = stack.pop()
    with os.scandir(d) as it:
        for e in it:
            if e.is_dir(follow_symlinks=False):
                stack.append(e.path)
            else:
                b += e.stat(follow_symlinks=False).st_size
                n += 1
print("files", n)
print("bytes", b)
"""


def _timed(cmd: list[str], env=None) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    return time.perf_counter() - t0, out


def _peak_rss_kb(cmd: list[str], env) -> int:
    if os.path.exists("/usr/bin/time"):
        r = subprocess.run(["/usr/bin/time", "-f", "%M", *cmd], capture_output=True, text=True, env=env, check=True)
        return int(r.stderr.strip().splitlines()[-1])
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(cmd, capture_output=True, env=env, check=True)
    return max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", help="where to generate the tree (default: a temp dir, removed afterwards)")
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--keep", action="store_true", help="keep the generated temp tree")
    args = ap.parse_args(argv)

    tmp = None
    if args.dir:
        root = os.path.abspath(args.dir)
    else:
        tmp = tempfile.mkdtemp(prefix="buildlint-bench-")
        root = os.path.join(tmp, "tree")
    t0 = time.perf_counter()
    nfiles = generate(root)
    print(f"tree: {root} ({nfiles} files, generated/reused in {time.perf_counter() - t0:.1f}s)")

    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
    # a user's install has byte-code caches: with PYTHONDONTWRITEBYTECODE set
    # every run would recompile every module it imports (~+25 ms)
    if env.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        print("note: PYTHONDONTWRITEBYTECODE removed from the environment of the measured runs")
    ign_dir = tempfile.mkdtemp(prefix="buildlint-bench-ign-")
    ign_a = os.path.join(ign_dir, "a.dockerignore")
    ign_b = os.path.join(ign_dir, "b.dockerignore")
    with open(ign_a, "w") as fh:
        fh.write(IGNORE_SKIPPABLE)
    with open(ign_b, "w") as fh:
        fh.write(IGNORE_FULL)

    # the CLI reads the context's own ignore file: (a)'s rules (one file more
    # for every command, find included)
    with open(os.path.join(root, ".dockerignore"), "w") as fh:
        fh.write(IGNORE_SKIPPABLE)
    find_cmd = ["sh", "-c", f"find '{root}' -type f | wc -l"]
    py = sys.executable
    cli = os.path.join(os.path.dirname(py), "buildlint")
    serial_env = dict(env, BUILDLINT_WALK_JOBS="1")
    ours = {
        "a": [py, "-m", "buildlint.model.context", root, "--ignore", ign_a],
        "a-serial": ([py, "-m", "buildlint.model.context", root, "--ignore", ign_a], serial_env),
        "a-cli": [cli if os.path.exists(cli) else "buildlint", "context", root],
        "b": [py, "-m", "buildlint.model.context", root, "--ignore", ign_b],
        "none": [py, "-m", "buildlint.model.context", root, "--no-ignore"],
        "none-serial": ([py, "-m", "buildlint.model.context", root, "--no-ignore"], serial_env),
        "floor": [py, "-c", FLOOR, root],
        "floor-none": [py, "-c", FLOOR_NONE, root],
        # fixed cost: interpreter, site, runpy (for -m) and our imports, no walk
        "start": [py, "-m", "buildlint.model.context", "--help"],
    }
    ours = {k: (v if isinstance(v, tuple) else (v, env)) for k, v in ours.items()}
    # warm the cache
    for _ in range(2):
        _timed(find_cmd)
        for c, e in ours.values():
            _timed(c, e)
    _, fout = _timed(find_cmd)
    print(f"find -type f: {fout.strip()} files")
    print(f"python {sys.version.split()[0]} ({py}), {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    results = {}
    for key, (cmd, cenv) in ours.items():
        f_times, o_times, ratios = [], [], []
        out = ""
        for _ in range(args.runs):
            tf, _ = _timed(find_cmd)
            to, out = _timed(cmd, cenv)
            f_times.append(tf)
            o_times.append(to)
            ratios.append(to / tf)
        rss = _peak_rss_kb(cmd, cenv)
        results[key] = (statistics.median(f_times), statistics.median(o_times), statistics.median(ratios), rss, out)
    targets = {"a": 0.5, "b": 4.0, "none": 4.0}
    print(f"{'case':11} {'find s':>8} {'ours s':>8} {'ratio':>7} {'target':>7} {'rss MB':>7}  output")
    for key, (tf, to, r, rss, out) in results.items():
        tgt = targets.get(key)
        mark = "" if tgt is None else ("ok" if r <= tgt else "MISS")
        if key == "a-cli":  # the text report: keep its "sent:" line
            out = next((ln for ln in out.splitlines() if ln.startswith("sent:")), out)
        print(f"{key:11} {tf:8.3f} {to:8.3f} {r:7.2f} {tgt if tgt else '-':>7} {rss / 1024:7.1f}  {' '.join(out.split())} {mark}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    shutil.rmtree(ign_dir)
    if tmp and not args.keep:
        shutil.rmtree(tmp)
    elif tmp:
        print(f"kept {root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
