"""Command line: ``buildlint [check] [PATH...]``, ``buildlint rules``,
``buildlint rule ID``, ``buildlint parse FILE``, ``buildlint context DIR``.

Exit codes: 0 clean, 1 findings at or above the threshold (or files that
could not be read), 2 usage or configuration error.
"""

from __future__ import annotations

import json
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
        click.echo(text, nl=False)


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
    start = start if start.is_dir() else (start.parent if str(start.parent) else cwd)
    try:
        config = cfgmod.load(config_path, start, isolated=isolated)
        if select:
            config.select = _split(select)
        config.ignore += _split(ignore)
        config.exclude += _split(exclude)
        if fail_on:
            config.fail_on = fail_on
        config.validate(catalog)
    except cfgmod.ConfigError as exc:
        _fail(str(exc))
    project = Project(list(paths), cwd=cwd, exclude=config.exclude)
    result = run(project, catalog, config)
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

    try:
        data = file.read_bytes()
    except OSError as exc:
        _fail(f"cannot read {file}: {exc.strerror or exc}")
    click.echo(json.dumps(dockerfile.to_json(dockerfile.parse(data)), indent=2, ensure_ascii=False))


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
    except Exception as exc:  # never a traceback
        click.echo(f"buildlint: internal error: {type(exc).__name__}: {exc} (please report this)", err=True)
        sys.exit(EXIT_USAGE)


if __name__ == "__main__":
    main()
