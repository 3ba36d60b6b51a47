"""What a check receives besides its object: options, the project model, and
``ctx.finding(...)`` to build a finding at an instruction, flag, word or line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from buildlint.engine.catalog import RuleMeta
from buildlint.engine.finding import Finding, Location


@dataclass
class RuleContext:
    rule: RuleMeta
    options: dict
    severity: str
    project: object  # buildlint.model.project.Project
    dockerfile: object | None = None  # DockerfileModel
    stage: object | None = None  # Stage
    build_context: object | None = None  # BuildContext
    path: Path | None = None  # the file findings point at by default
    extra: dict = field(default_factory=dict)

    def location(self, where, *, path=None, message: str = "") -> Location:
        """A Location from an instruction, flag, word, heredoc, span, Location,
        ``(path, line)`` / ``(path, line, column)`` tuple, or a bare line number."""
        target = path if path is not None else self.path
        if target is None and self.dockerfile is not None:
            target = self.dockerfile.path
        shown = self.project.display(target) if target is not None else "."
        if isinstance(where, Location):
            return where if not message else Location(where.path, where.line, where.column,
                                                       where.end_line, where.end_column, message)
        if isinstance(where, tuple):
            p, line, *rest = where
            col = rest[0] if rest else 1
            return Location(self.project.display(p), int(line or 1), int(col or 1), None, None, message)
        if isinstance(where, int):
            return Location(shown, max(1, where), 1, None, None, message)
        span = getattr(where, "span", where)
        sl = getattr(span, "start_line", None)
        if sl is not None:
            return Location(shown, sl, getattr(span, "start_column", 1) or 1,
                            getattr(span, "end_line", None), getattr(span, "end_column", None), message)
        line = getattr(where, "line", None)
        if line is not None:
            return Location(shown, int(line), int(getattr(where, "column", 1) or 1),
                            getattr(where, "end_line", None), getattr(where, "end_column", None), message)
        return Location(shown, 1, 1, None, None, message)

    def finding(self, where, message: str, *, related=(), path=None) -> Finding:
        rel = []
        for r in related:
            if isinstance(r, tuple) and len(r) == 2 and isinstance(r[1], str) and not isinstance(r[0], (str, Path)):
                rel.append(self.location(r[0], message=r[1]))
            elif isinstance(r, tuple) and len(r) == 3 and isinstance(r[2], str) and isinstance(r[0], (str, Path)):
                rel.append(self.location((r[0], r[1]), message=r[2]))
            else:
                rel.append(self.location(r))
        return Finding(rule=self.rule.id, name=self.rule.name, severity=self.severity, message=message,
                       location=self.location(where, path=path), related=tuple(rel))
