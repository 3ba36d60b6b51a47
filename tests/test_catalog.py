"""Every check has exactly one document and every document one check."""

from __future__ import annotations

import re

from buildlint.engine.catalog import REQUIRED_SECTIONS, load_catalog, sections
from buildlint.engine.registry import load_checks


def test_checks_and_documents_are_one_to_one():
    catalog = load_catalog()
    checks = load_checks()
    doc_ids = [r.id for r in catalog]
    assert sorted(doc_ids) == sorted(checks), (
        f"documents without a check: {sorted(set(doc_ids) - set(checks))}; "
        f"checks without a document: {sorted(set(checks) - set(doc_ids))}")


def test_ids_and_names_unique_and_well_formed():
    catalog = load_catalog()
    ids = [r.id for r in catalog]
    names = [r.name for r in catalog]
    assert len(ids) == len(set(ids))
    assert len(names) == len(set(names))
    for r in catalog:
        assert re.fullmatch(r"BL\d{3}", r.id), r.id
        assert re.fullmatch(r"[a-z][a-z0-9-]+", r.name), r.name
        assert r.path.name == f"{r.id}-{r.name}.md", r.path


def test_documents_have_required_sections():
    for r in load_catalog():
        have = sections(r.body)
        missing = [s for s in REQUIRED_SECTIONS if not have.get(s, "").strip()]
        assert not missing, f"{r.path.name} lacks {missing}"


def test_aliases_unique_across_rules():
    seen = {}
    for r in load_catalog():
        for a in r.aliases:
            assert a.lower() not in seen, f"alias {a} on {r.id} and {seen[a.lower()]}"
            seen[a.lower()] = r.id


def test_module_of_each_check_lives_in_its_area():
    catalog = load_catalog()
    for rid, chk in load_checks().items():
        area = chk.module.split(".")[2]
        assert catalog[rid].area == area, f"{rid}: module in {area}, document in {catalog[rid].area}"


def test_catalog_cache_agrees_with_the_documents(tmp_path, monkeypatch):
    from buildlint.engine import catalog as cat

    monkeypatch.setenv("BUILDLINT_CACHE_DIR", str(tmp_path))
    cat.load_catalog.cache_clear()
    try:
        first = cat.load_catalog()
        [cache] = list(tmp_path.glob("catalog-*.json"))
        cat.load_catalog.cache_clear()
        second = cat.load_catalog()  # from the cache file
        assert [vars(r) for r in first] == [vars(r) for r in second]
        cache.write_text("{not json")  # a damaged cache is ignored and rewritten
        cat.load_catalog.cache_clear()
        third = cat.load_catalog()
        assert [r.id for r in third] == [r.id for r in first]
        assert cache.read_text().startswith("[")
    finally:
        cat.load_catalog.cache_clear()


def test_catalog_cache_key_follows_the_documents(tmp_path):
    from buildlint.engine import catalog as cat

    a = tmp_path / "a.md"
    a.write_text("x")
    k1 = cat._cache_file([a], [b"x"])
    k2 = cat._cache_file([a], [b"y"])
    assert k1 != k2


def test_readme_lists_every_rule_as_documented():
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in readme.splitlines() if line.startswith("| BL")}
    catalog = load_catalog()
    assert sorted(rows) == [r.id for r in catalog]
    for r in catalog:
        cells = [c.strip() for c in rows[r.id].split("|")[1:-1]]
        assert cells == [r.id, f"`{r.name}`", r.severity, r.title], r.id
