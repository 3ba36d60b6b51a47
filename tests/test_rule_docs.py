"""Each rule document's examples are that rule's tests.

A fenced block with ``path=FILE`` is a file of a miniature project; a
```` ```tree ```` block lists more (empty) files, one per line (a trailing ``/``
makes a directory); a ```` ```yaml buildlint ```` block is the configuration.
Attributes: ``expect=3,5`` marks the lines the rule must report in that
file, ``mode=0644`` sets the file mode, ``crlf`` writes CRLF line endings,
``nofinalnewline`` drops the last newline, ``size=N`` makes the file N bytes
long (sparse, so big contexts cost nothing), ``link=TARGET`` makes it a
symbolic link to TARGET. Every ``##``/``###`` section with
files is one scenario: *Use instead* must give no finding of the rule, every
other section exactly the marked lines. ``pytest -k BL110`` runs one rule.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

import pytest

from buildlint.engine.catalog import load_catalog
from conftest import lint

_FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.M | re.S)
_HEAD = re.compile(r"^(#{2,3})[ \t]+(.+?)[ \t]*$", re.M)


@dataclass
class Scenario:
    rule: str
    section: str
    files: dict = field(default_factory=dict)  # path -> (content, attrs)
    expect: set = field(default_factory=set)
    config: dict | None = None
    clean: bool = False

    @property
    def id(self) -> str:
        return f"{self.rule}-{re.sub(r'[^A-Za-z0-9]+', '_', self.section).strip('_')}"


def _attrs(info: str) -> tuple[str, dict]:
    parts = info.split()
    lang = parts[0] if parts else ""
    attrs = {}
    for p in parts[1:]:
        k, _, v = p.partition("=")
        attrs[k] = v if _ else True
    return lang, attrs


def scenarios():
    out = []
    for meta in load_catalog():
        body = meta.body
        heads = list(_HEAD.finditer(body))
        for i, h in enumerate(heads):
            end = heads[i + 1].start() if i + 1 < len(heads) else len(body)
            chunk = body[h.end():end]
            title = h.group(2)
            sc = Scenario(meta.id, title, clean=(title == "Use instead"))
            for m in _FENCE.finditer(chunk):
                lang, attrs = _attrs(m.group(1))
                content = m.group(2)
                if lang == "yaml" and "buildlint" in attrs:
                    from ruamel.yaml import YAML

                    sc.config = YAML(typ="safe", pure=True).load(content)
                elif lang == "tree":
                    for line in content.splitlines():
                        if line.strip():
                            sc.files[line.strip()] = ("", {})
                elif "path" in attrs:
                    path = attrs["path"]
                    sc.files[path] = (content, attrs)
                    if "expect" in attrs:
                        for n in str(attrs["expect"]).split(","):
                            sc.expect.add((path, int(n)))
            if sc.files:
                out.append(sc)
    return out


ALL = scenarios()


def _build(root, sc: Scenario):
    for rel, (content, attrs) in sc.files.items():
        p = root / rel
        if rel.endswith("/"):
            p.mkdir(parents=True, exist_ok=True)
            continue
        p.parent.mkdir(parents=True, exist_ok=True)
        if "link" in attrs:
            os.symlink(str(attrs["link"]), p)
            continue
        text = content
        if attrs.get("nofinalnewline"):
            text = text.rstrip("\n")
        if attrs.get("crlf"):
            text = text.replace("\n", "\r\n")
        p.write_bytes(text.encode("utf-8"))
        if "size" in attrs:
            with open(p, "r+b") as fh:
                fh.truncate(int(str(attrs["size"])))
        if "mode" in attrs:
            os.chmod(p, int(str(attrs["mode"]), 8))


@pytest.mark.parametrize("sc", ALL, ids=[s.id for s in ALL])
def test_rule_document_example(sc: Scenario, tmp_path):
    _build(tmp_path, sc)
    result = lint(tmp_path, config=sc.config)
    internal = [e for e in result.errors if e.kind == "internal"]
    assert not internal, internal
    got = {(f.path, f.line) for f in result.findings if f.rule == sc.rule}
    if sc.clean:
        assert got == set(), f"'Use instead' of {sc.rule} must be clean, got {got}"
    else:
        assert sc.expect, f"{sc.rule} section {sc.section!r} marks no expected line"
        assert got == sc.expect


def test_every_rule_has_a_failing_and_a_clean_example():
    by_rule = {}
    for sc in ALL:
        by_rule.setdefault(sc.rule, set()).add("clean" if sc.clean else "fail")
    for meta in load_catalog():
        assert by_rule.get(meta.id) == {"clean", "fail"}, f"{meta.id} needs an Example and a Use instead"
