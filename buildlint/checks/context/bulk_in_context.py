"""BL202 bulk-in-context: .git, virtualenvs, node_modules, byte-code, logs, build output, OS junk sent."""

from __future__ import annotations

import fnmatch

from buildlint.checks.context._common import (Reach, dir_table, dockerfile_of, file_size, files_and_size, listed,
                                              root_only)
from buildlint.engine import check
from buildlint.model.project import BuildContext

# kind -> (what, directory names, file name globs, suggested patterns)
KINDS = {
    "git": ("a Git repository", (".git",), (), ("**/.git",)),
    "virtualenv": ("a Python virtualenv", (".venv", "venv"), (), ("**/.venv", "**/venv")),
    "node_modules": ("host-installed `node_modules`", ("node_modules",), (), ("**/node_modules",)),
    "bytecode": ("Python byte-code", ("__pycache__",), ("*.pyc", "*.pyo"), ("**/__pycache__", "**/*.py[co]")),
    "logs": ("log files", (), ("*.log", "*.log.[0-9]*", "npm-debug.log*", "yarn-debug.log*", "yarn-error.log*"),
             ("**/*.log",)),
    "build_output": ("build output and tool caches", (), (), ()),  # names from the option
    "os_junk": ("OS junk files", (), (".DS_Store", "Thumbs.db", "ehthumbs.db", "desktop.ini"), ("**/.DS_Store",)),
}


def _kind_of_name(name: str) -> str | None:
    for kind, (_w, dnames, fglobs, _s) in KINDS.items():
        if name in dnames or any(fnmatch.fnmatchcase(name, g) or name == g for g in fglobs):
            return kind
    return None


def _suggest(taken, dnames, fglobs, suggest) -> str:
    """The patterns to add: ``**/<name>`` for the directories found, the kind's globs for files."""
    out = []
    for t in taken:
        name = t.rsplit("/", 1)[-1]
        if name in dnames:
            pat = name if (t == name and name == ".git") else f"**/{name}"
        elif any(fnmatch.fnmatchcase(name, g) for g in fglobs):
            pat = next((s for s in suggest if not s.startswith("**/_")), suggest[0] if suggest else t)
            if name.endswith((".pyc", ".pyo")):
                pat = "**/*.py[co]"
        else:
            pat = t  # a virtualenv under another name: its own path
        if pat not in out:
            out.append(pat)
    return " and ".join(f"`{p}`" for p in out[:4])


def _outermost(paths):
    out = []
    for p in sorted(paths):
        if not any(p == o or p.startswith(o + "/") for o in out):
            out.append(p)
    return out


def _root_only_names() -> tuple[str, ...]:
    """BL203's names (its document's defaults): kinds BL203 reports are not repeated here."""
    from buildlint.engine.catalog import load_catalog

    meta = load_catalog().get("BL203")
    return tuple(meta.defaults.get("names") or ()) if meta else ()


@check("BL202", each=BuildContext)
def bulk_in_context(bc: BuildContext, ctx):
    if bc.ignore_path is None:
        return  # BL200 reports the context with no ignore file at all
    df = dockerfile_of(bc)
    if df is None:
        return
    reach = Reach(bc, df)
    if not reach.sources:
        return  # BuildKit transfers nothing from the context
    opts = ctx.options
    enabled = set(opts.get("kinds") or KINDS)
    build_dirs = tuple(opts.get("build_output") or ())
    min_bytes = int(opts.get("min_bytes") or 0)
    walk = bc.walk
    dirs = dir_table(walk)
    covered = {_kind_of_name(p.pattern) for p, _ in root_only(bc, _root_only_names())}
    venv_dirs = {f.rsplit("/", 1)[0] for f in walk.files if f.endswith("/pyvenv.cfg") and "/" in f}
    if "pyvenv.cfg" in walk.files:
        venv_dirs.discard("")
    for kind, (what, dnames, fglobs, suggest) in KINDS.items():
        if kind not in enabled or kind in covered:
            continue
        if kind == "build_output":
            dnames = build_dirs
            suggest = tuple(f"**/{n}" for n in build_dirs)
        ign = bc.ignore
        found_dirs = [d for d in dirs if d.rsplit("/", 1)[-1] in dnames]
        if kind == "virtualenv":
            found_dirs += [d for d in venv_dirs if d in dirs]
        # a directory excluded with a few files re-included by `!` lines is deliberate
        found_dirs = _outermost(d for d in found_dirs if ign is None or not ign.excluded(d, is_dir=True))
        found_files = []
        if fglobs:
            for f in walk.files:
                name = f.rsplit("/", 1)[-1]
                if any(fnmatch.fnmatchcase(name, g) for g in fglobs):
                    if not any(f.startswith(d + "/") for d in found_dirs):
                        found_files.append(f)
        items = found_dirs + found_files
        via = None
        taken = []
        for it in items:
            s = reach.through(it)
            if s is not None:
                taken.append(it)
                via = via or s
        if not taken:
            continue
        nbytes = sum(dirs[d][0] if d in dirs else file_size(bc.root, d) for d in taken)
        nfiles = sum(dirs[d][1] if d in dirs else 1 for d in taken)
        if nbytes < min_bytes:
            continue
        fix = _suggest(taken, dnames, fglobs, suggest)
        yield ctx.finding(
            (bc.ignore_path, 1),
            f"the build context sends {what}: {listed(taken)} ({files_and_size(nfiles, nbytes)}); "
            f"add {fix} to `{bc.project.display(bc.ignore_path)}`",
            related=[ctx.location(via.instr, path=bc.dockerfile_path,
                                  message="this instruction takes it into the build")],
        )
