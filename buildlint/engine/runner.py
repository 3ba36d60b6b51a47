"""Select the checks, hand each one its objects from the project model, stamp
severities, apply suppressions and per-file ignores, and sort.

Scopes are the types a check's ``each=`` names; :data:`PROVIDERS` maps each to
a function that yields ``(object, context fields)`` from the project. A model
module adds a scope with :func:`provides`.
"""

from __future__ import annotations

import traceback
from typing import Callable, Iterable

from buildlint.engine import suppressions
from buildlint.engine.context import RuleContext
from buildlint.engine.finding import FileError, Finding, Location, Result
from buildlint.engine.registry import load_checks
from buildlint.model.project import BuildContext, DockerfileModel, Project, ReadError, printable
from buildlint.model.stages import Stage
from buildlint.parse.dockerfile import Instruction

PROVIDERS: dict[type, Callable[[Project], Iterable[tuple[object, dict]]]] = {}
UNUSED_SUPPRESSION = "BL003"


def provides(kind: type):
    def deco(fn):
        PROVIDERS[kind] = fn
        return fn

    return deco


def _parsed_dockerfiles(project: Project):
    for df in project.dockerfiles:
        try:
            df.parsed
        except ReadError:
            continue  # reported once by the runner
        yield df


@provides(Project)
def _projects(project):
    yield project, {}


@provides(DockerfileModel)
def _dockerfiles(project):
    for df in _parsed_dockerfiles(project):
        yield df, {"dockerfile": df, "build_context": df.context, "path": df.path}


@provides(Stage)
def _stages(project):
    for df in _parsed_dockerfiles(project):
        for st in df.stages:
            yield st, {"dockerfile": df, "build_context": df.context, "stage": st, "path": df.path}


@provides(Instruction)
def _instructions(project):
    for df in _parsed_dockerfiles(project):
        stage_of = {}
        for st in df.stages:
            for ins in st.all_instructions():
                stage_of[id(ins)] = st
        for ins in df.parsed.instructions:
            yield ins, {"dockerfile": df, "build_context": df.context,
                        "stage": stage_of.get(id(ins)), "path": df.path}


@provides(BuildContext)
def _contexts(project):
    for bc in project.contexts:
        yield bc, {"build_context": bc, "path": bc.dockerfile_path}


def _read_errors(project: Project) -> list[FileError]:
    errors: list[FileError] = []
    for df in project.dockerfiles:
        try:
            parsed = df.parsed
        except ReadError as exc:
            errors.append(FileError(df.relpath, str(exc), kind="read"))
            continue
        if parsed.errors:  # BuildKit would reject the file: say so beside the BL001 findings
            first = parsed.errors[0]
            msg = first.message if len(first.message) <= 240 else first.message[:240] + "\u2026"
            errors.append(FileError(df.relpath, f"BuildKit cannot build this file: {msg}",
                                    line=first.line, kind="parse"))
    return list(project.errors) + errors  # the model's own (walk, compose paths) are known by now


def run(project: Project, catalog, config) -> Result:
    checks = load_checks()
    enabled = config.enabled(catalog)
    findings: list[Finding] = []
    errors = _read_errors(project)
    enabled_ids = {m.id for m in enabled}
    for meta in enabled:
        chk = checks.get(meta.id)
        if chk is None:
            continue
        provider = PROVIDERS.get(chk.each)
        if provider is None:
            errors.append(FileError(".", f"rule {meta.id}: no model provides {chk.each.__name__}", kind="internal"))
            continue
        options = config.options_for(meta)
        severity = config.severity_for(meta)
        for obj, env in provider(project):
            ctx = RuleContext(rule=meta, options=options, severity=severity, project=project, **env)
            try:
                if chk.predicate:
                    verdict = chk.func(obj, ctx)
                    if verdict:
                        msg = verdict if isinstance(verdict, str) else meta.title
                        findings.append(ctx.finding(obj, msg))
                else:
                    for f in chk.func(obj, ctx) or ():
                        findings.append(f)
            except ReadError as exc:
                where = project.display(exc.path or env.get("path") or ".")
                errors.append(FileError(where, str(exc), kind="read"))
            except Exception as exc:  # a rule bug must not take the whole run down
                where = project.display(env.get("path") or ".")
                tb = traceback.extract_tb(exc.__traceback__)[-1]
                errors.append(FileError(where, f"internal error in rule {meta.id} ({type(exc).__name__}: {exc}"
                                               f" at {tb.filename.rsplit('/', 1)[-1]}:{tb.lineno}); "
                                               "please report this", kind="internal"))
    findings = [f for f in findings if not config.file_ignored(f.rule, f.path, catalog, project.cwd)
                and not project.excluded_anywhere(project.cwd / f.path)]
    findings = _apply_suppressions(project, catalog, config, findings, enabled_ids)
    errors += project.errors  # files the rules tried to read and could not
    findings = [_printable(f) for f in findings]
    unique = {(f.rule, f.location, f.message): f for f in findings}
    errors = [FileError(printable(e.path), printable(e.message), e.line, e.kind) for e in errors]
    errors = list({(e.path, e.message, e.line): e for e in errors}.values())
    result = Result(findings=sorted(unique.values(), key=Finding.sort_key), errors=errors,
                    files_checked=project.files_read,
                    root=str(project.cwd))
    return result


def _printable(f: Finding) -> Finding:
    """Messages quote file names and file contents, which may hold bytes that are
    not UTF-8 (kept by Python as lone surrogates): show those as ``\\xNN``."""
    from dataclasses import replace

    def loc(x: Location) -> Location:
        return replace(x, path=printable(x.path), message=printable(x.message))

    return replace(f, message=printable(f.message), location=loc(f.location),
                   related=tuple(loc(r) for r in f.related))


def _file_suppressions(project: Project, path_display: str, cache: dict):
    if path_display in cache:
        return cache[path_display]
    sups: list = []
    by_path = cache.get(None)
    if by_path is None:
        by_path = cache[None] = {d.relpath: d for d in project.dockerfiles}
    df = by_path.get(path_display)
    try:
        if df is not None:
            parsed = df.parsed
            spans = [(i.start_line, i.end_line) for i in parsed.instructions]
            sups = suppressions.scan(parsed.lines, spans)
        else:
            p = project.cwd / path_display
            if p.is_file():
                sups = suppressions.scan(project.read_text(p).splitlines())
    except (ReadError, OSError):
        sups = []
    cache[path_display] = (sups, df is not None)
    return cache[path_display]


def _apply_suppressions(project: Project, catalog, config, findings: list[Finding],
                        enabled_ids: set[str]) -> list[Finding]:
    cache: dict = {}
    kept = []
    for f in findings:
        sups, _ = _file_suppressions(project, f.path, cache)
        meta = catalog.get(f.rule)
        names = (*meta.aliases, meta.name) if meta else ()
        hit = [s for s in sups if suppressions.covers(s, f.rule, names, f.line)]
        if hit:
            for s in hit:
                s.used.add(f.rule)
            continue
        kept.append(f)
    if UNUSED_SUPPRESSION in enabled_ids and UNUSED_SUPPRESSION in catalog:
        meta = catalog[UNUSED_SUPPRESSION]
        for df in project.dockerfiles:
            _file_suppressions(project, df.relpath, cache)
        for path, entry in cache.items():
            if path is None:
                continue  # the relpath index
            sups, _ = entry
            for s in sups:
                if s.tool != "buildlint":
                    continue
                for token in s.rules:
                    target = catalog.get(token)
                    if token.upper() == "ALL":
                        continue
                    if target is None:
                        msg = f"suppression names an unknown rule {token!r}"
                    elif target.id not in enabled_ids or target.id in s.used:
                        continue
                    else:
                        msg = f"unused suppression: {target.id} ({target.name}) reports nothing here"
                    kept.append(Finding(meta.id, meta.name, config.severity_for(meta), msg,
                                        Location(path, s.line, s.column)))
    return kept


def exit_code(result: Result, fail_on: str) -> int:
    from buildlint.engine.finding import at_least

    if any(at_least(f.severity, fail_on) for f in result.findings):
        return 1
    if any(e.kind in ("read", "internal") for e in result.errors):
        return 1
    return 0
