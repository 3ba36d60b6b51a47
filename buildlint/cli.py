"""Command line: ``buildlint [check] [PATH...]``, ``buildlint rules``,
``buildlint rule ID``, ``buildlint parse FILE``, ``buildlint context DIR``.

Exit codes: 0 clean, 1 findings at or above the threshold (or files that
could not be read), 2 usage or configuration error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from buildlint import __version__

FORMATS = ("text", "json", "sarif", "github")
EXIT_USAGE = 2


class DefaultGroup(click.Group):
    """A group whose first argument, when it is not a command, means ``check``."""

    def parse_args(self, ctx, args):
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def _fail(message: str) -> None:
    click.echo(f"buildlint: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _split(values) -> list[str]:
    out: list[str] = []
    for v in values or ():
        out.extend(t.strip() for t in v.split(",") if t.strip())
    return out


def _write(text: str, output: str | None) -> None:
    if output and output != "-":
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")
    else:
        try:
            click.echo(text, nl=False)
        except BrokenPipeError:
            raise
        except OSError as exc:
            click.echo(f"buildlint: error: cannot write the report: {exc.strerror or exc}", err=True)
            sys.exit(EXIT_USAGE)


def _use_color(output: str | None) -> bool:
    if output and output != "-":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="buildlint")
def cli():
    """Lint the whole container build of a project: Dockerfiles, build
    contexts and .dockerignore, Next.js and Django deploy settings, compose.

    Run `buildlint PATH...` (the same as `buildlint check PATH...`).
    """


@cli.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to a file.")
@click.option("--select", multiple=True, help="Rules to run (ids, prefixes, names, areas, aliases; comma-separated).")
@click.option("--ignore", multiple=True, help="Rules not to run (comma-separated).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "style"]),
              help="Exit 1 only for findings at or above this severity (default: any finding).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Configuration file (default: .buildlint.yaml or [tool.buildlint] in pyproject.toml).")
@click.option("--isolated", is_flag=True, help="Ignore all configuration files.")
@click.option("--exclude", multiple=True, help="Paths or globs not to search (comma-separated).")
def check_cmd(paths, fmt, output, select, ignore, fail_on, config_path, isolated, exclude):
    """Lint PATHs (default: the current directory)."""
    from buildlint import config as cfgmod
    from buildlint.engine.catalog import CatalogError, load_catalog
    from buildlint.engine.runner import exit_code, run
    from buildlint.model.project import Project
    from buildlint.report import render

    try:
        catalog = load_catalog()
    except CatalogError as exc:
        _fail(f"broken rule catalog: {exc}")
    cwd = Path.cwd()
    start = paths[0] if paths else cwd
    start = start if os.path.isdir(start) else (start.parent if str(start.parent) else cwd)
    if isolated and config_path is not None:
        _fail("--config and --isolated cannot be used together (--isolated ignores every configuration file)")
    try:
        config = cfgmod.load(config_path, start, isolated=isolated)
        config.validate(catalog)
        if select:
            config.select = _split(select)
            if not config.select:
                raise cfgmod.ConfigError("--select names no rule")
        config.ignore += _split(ignore)
        if fail_on:
            config.fail_on = fail_on
        for option, tokens in (("--select", _split(select)), ("--ignore", _split(ignore))):
            for token in tokens:
                if not catalog.resolve(token):
                    raise cfgmod.ConfigError(f"{option}: {token!r} matches no rule (see `buildlint rules`)")
    except cfgmod.ConfigError as exc:
        _fail(str(exc))
    for p in paths:
        if not os.path.lexists(p):
            hint = (f" (commands: {', '.join(sorted(cli.commands))})"
                    if os.sep not in str(p) and "." not in str(p) else "")
            _fail(f"{p}: no such file or directory{hint}")
    # the file's patterns are relative to its directory, --exclude's to the cwd
    excludes = [(x, config.base or cwd) for x in config.exclude] + [(x, cwd) for x in _split(exclude)]
    project = Project(list(paths), cwd=cwd, exclude=excludes)
    if project.unlintable:
        names = ", ".join(project.display(f) for f in project.unlintable)
        _fail(f"{names}: not a Dockerfile or compose file; buildlint checks a project as a whole, "
              "so lint the directory that builds it (e.g. `buildlint .`)")
    result = run(project, catalog, config)
    if not project.dockerfiles and not project.compose_files and not result.errors:
        where = ", ".join(str(p) for p in paths) or "."
        click.echo(f"buildlint: no Dockerfile or compose file found under {where}", err=True)
    text = render(fmt, result, catalog, color=_use_color(output) and fmt == "text", tool_version=__version__)
    _write(text, output)
    sys.exit(exit_code(result, config.fail_on))


@cli.command("rules")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_cmd(fmt):
    """List every rule: id, name, severity, title and aliases."""
    from buildlint.engine.catalog import load_catalog

    catalog = load_catalog()
    if fmt == "json":
        data = [{"id": r.id, "name": r.name, "severity": r.severity, "title": r.title, "area": r.area,
                 "aliases": list(r.aliases)} for r in catalog]
        import json

        click.echo(json.dumps(data, indent=2))
        return
    width = max((len(r.name) for r in catalog), default=10)
    for r in catalog:
        aliases = f"  ({', '.join(r.aliases)})" if r.aliases else ""
        click.echo(f"{r.id}  {r.name:<{width}}  {r.severity:<7}  {r.title}{aliases}")


@cli.command("rule")
@click.argument("rule")
def rule_cmd(rule):
    """Print the document of a rule (by id, name or alias)."""
    from buildlint.engine.catalog import load_catalog

    meta = load_catalog().get(rule)
    if meta is None:
        _fail(f"no rule {rule!r} (see `buildlint rules`)")
    click.echo(meta.document, nl=False)


@cli.command("parse")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-f", "--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
def parse_cmd(file, fmt):
    """Print the parse tree of a Dockerfile as JSON."""
    from buildlint.parse import dockerfile

    from buildlint.model.project import ReadError, project_roots, read_file, within

    if not within(file, project_roots(Path.cwd(), [file])):
        _fail(f"cannot read {file}: it resolves to {os.path.realpath(file)}, outside the project")
    try:
        data = read_file(file)
    except ReadError as exc:
        _fail(f"cannot read {file}: {exc}")
    import json

    click.echo(json.dumps(dockerfile.to_json(dockerfile.parse(data)), indent=2, ensure_ascii=False))


def _human(n: int) -> str:
    size = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{n} B"


def _context_path(root: Path, path: str) -> str | None:
    """``--why PATH`` as a context-relative ``/``-path ("" for the root), or ``None``
    when it lies outside the context.  A relative PATH is relative to the context;
    an absolute one is placed in it with its directories resolved, not its last
    component (a symlink in the context is a link there)."""
    if os.path.isabs(path):
        real_root = os.path.realpath(root)
        parent, last = os.path.split(os.path.normpath(path))
        full = os.path.join(os.path.realpath(parent), last) if last else os.path.realpath(parent)
        if full == real_root:
            return ""
        if not full.startswith(real_root.rstrip(os.sep) + os.sep):
            return None
        return full[len(real_root.rstrip(os.sep)) + 1:].replace(os.sep, "/")
    import posixpath

    rel = posixpath.normpath(path.replace(os.sep, "/") if os.sep != "/" else path or ".")
    if rel == ".." or rel.startswith("../"):
        return None
    return "" if rel == "." else rel


def _lexists_in(root: Path, rel: str) -> tuple[bool, str | None]:
    """Is ``rel`` in the context as BuildKit sees it (no symlink followed)?  Returns
    ``(exists, the symlinked directory on the way or None)``."""
    parts = rel.split("/") if rel else []
    for k in range(1, len(parts)):
        prefix = "/".join(parts[:k])
        try:
            if os.path.islink(os.path.join(root, prefix)):
                return False, prefix
        except (OSError, ValueError):
            return False, None
    try:
        return os.path.lexists(os.path.join(root, rel)), None
    except (OSError, ValueError):
        return False, None


@cli.command("context")
@click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
@click.option("-f", "--file", "dockerfile", type=click.Path(path_type=Path),
              help="The Dockerfile (default: DIRECTORY/Dockerfile), as with `docker build -f`.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--why", "why", metavar="PATH",
              help="Say which pattern decides whether PATH (relative to DIRECTORY) is sent.")
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many of the largest directories to list.")
def context_cmd(directory, dockerfile, fmt, why, top):
    """Show what `docker build DIRECTORY` would send as the build context."""
    import buildlint.parse as parse_pkg

    parse_pkg._lazy_pathspec = True  # (this command never needs pathspec: ~10 ms saved)
    from buildlint.model.context import walk_context
    from buildlint.model.project import ReadError, ignore_file_for, printable, project_roots, read_file, within
    from buildlint.parse import dockerignore

    root = directory
    if not os.path.isdir(root):
        _fail(f"{printable(str(root))}: not a directory")
    df = dockerfile if dockerfile is not None else root / "Dockerfile"
    if dockerfile is not None and not os.path.isfile(dockerfile):
        _fail(f"{dockerfile}: no such Dockerfile (`-f` names the Dockerfile, as with `docker build -f`; "
              "the output format is `--format`)")
    df_note = "" if os.path.isfile(df) else " (not found: `docker build` would fail without -f)"
    ignore_path = ignore_file_for(root, df)
    ignore = None
    if ignore_path is not None:
        if not within(ignore_path, [*project_roots(Path.cwd(), [root]), Path(os.path.realpath(root))]):
            _fail(f"cannot read {ignore_path}: it resolves to {os.path.realpath(ignore_path)}, "
                  "outside the build context and the project")
        try:
            ignore = dockerignore.parse(read_file(ignore_path), str(ignore_path))
        except ReadError as exc:
            _fail(f"cannot read {ignore_path}: {exc}")
    shown_ignore = ignore_path.as_posix() if ignore_path else None
    if why is not None:
        rel = _context_path(root, why)
        if rel is None:
            _fail(f"{printable(why)}: not inside the build context {printable(root.as_posix())}")
        exists, link = _lexists_in(root, rel)
        is_dir = exists and os.path.isdir(os.path.join(root, rel))
        excluded = bool(ignore and rel and ignore.excluded(rel, is_dir=is_dir))
        pattern = ignore.why(rel) if ignore and rel else None
        if fmt == "json":
            import json

            click.echo(json.dumps({"path": printable(rel or "."), "exists": exists, "sent": not excluded,
                                   "ignore_file": shown_ignore and printable(shown_ignore),
                                   "line": pattern.line if pattern else None,
                                   "pattern": pattern.raw if pattern else None}, indent=2))
            return
        # PATH is relative to the context, not to the current directory

        def line(text: str) -> str:  # (a name with a line break stays on one line)
            return printable(text).replace("\r", "\\r").replace("\n", "\\n")

        name = line(rel or ".")
        where = line(root.as_posix())
        if link is not None:
            note = (f" [{line(link)} is a symlink: the context holds the link, not what it points to,"
                    f" so {name} is not in the context {where}]")
        elif not exists:
            note = f" [{name} does not exist in the context {where}: the answer is for a file of that name]"
        else:
            note = ""
        shown = line(shown_ignore) if shown_ignore else None
        if pattern is not None:
            verb = "excluded by" if excluded else "sent: re-included by"
            click.echo(f"{name}: {verb} {shown}:{pattern.line}: {line(pattern.raw)}{note}")
        elif ignore is None:
            click.echo(f"{name}: sent (no ignore file applies){note}")
        else:
            click.echo(f"{name}: sent (no pattern in {shown} matches it){note}")
        return
    walk = walk_context(root, ignore)
    largest = walk.largest_dirs(top)
    if fmt == "json":
        data = {"context": printable(root.as_posix()), "dockerfile": printable(df.as_posix()),
                "dockerfile_found": not df_note,
                "ignore_file": shown_ignore and printable(shown_ignore),
                "files": [printable(f) for f in walk.files], "file_count": walk.file_count, "total_bytes": walk.total_bytes,
                "largest_dirs": [{"path": printable(p), "bytes": b, "files": n} for p, b, n in largest],
                "warnings": [{"path": printable(w.path), "kind": w.kind, "message": printable(w.message)}
                             for w in walk.warnings],
                "errors": [{"line": e.line, "message": e.message} for e in (ignore.errors if ignore else [])]}
        import json

        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    click.echo(f"context:     {root.as_posix()}")
    click.echo(f"dockerfile:  {df.as_posix()}{df_note}")
    if ignore is not None:
        n = len(ignore.patterns)
        click.echo(f"ignore file: {shown_ignore} ({n} pattern{'' if n == 1 else 's'})")
    else:
        click.echo("ignore file: none (everything is sent)")
    fc = walk.file_count
    click.echo(f"sent:        {fc} file{'' if fc == 1 else 's'}, {_human(walk.total_bytes)} ({walk.total_bytes} bytes)")
    if largest:
        click.echo("largest directories:")
        for p, b, n in largest:
            click.echo(f"  {_human(b):>9}  {n:>7} file{' ' if n == 1 else 's'}  {printable(p)}/")
    for e in (ignore.errors if ignore else []):
        click.echo(f"error: {shown_ignore}:{e.line}: {e.message}")
    for w in walk.warnings:
        msg = printable(w.message)
        click.echo(f"warning: {msg}" if msg.startswith(printable(w.path)) else f"warning: {printable(w.path)}: {msg}")
    if walk.full_walk_forced:
        click.echo("note: a `!` exception with a wildcard made the walk read every excluded directory")


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("buildlint: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(EXIT_USAGE)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(1)
    except OSError as exc:  # e.g. stdout on a full disk, from any command
        try:
            click.echo(f"buildlint: error: cannot write output: {exc.strerror or exc}", err=True)
        except OSError:
            pass
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # never a traceback
        click.echo(f"buildlint: internal error: {type(exc).__name__}: {exc} (please report this)", err=True)
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
