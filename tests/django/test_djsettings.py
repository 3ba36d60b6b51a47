"""buildlint.parse.djsettings: static reading of Django settings."""

from __future__ import annotations

import pytest

from buildlint.parse import djsettings as d


@pytest.mark.parametrize("src, raw, default_on, false_on", [
    ('import os\nDEBUG = os.environ.get("DEBUG", True)\n', True, True, True),
    ('import os\nDEBUG = os.getenv("DEBUG")\n', True, False, True),
    ('from os import environ\nDEBUG = environ.get("DEBUG", "")\n', True, False, True),
    ('import os\nDEBUG = os.environ["DEBUG"]\n', True, False, True),
    ('import os\nDEBUG = os.environ.get("DEBUG", "0").lower() in ("1", "true")\n', False, False, False),
    ('import os\nDEBUG = os.environ.get("DEBUG", "True") == "True"\n', False, True, False),
    ('import environ\nenv = environ.Env(DEBUG=(bool, False))\nDEBUG = env("DEBUG")\n', False, False, False),
    ('import environ\nenv = environ.Env()\nDEBUG = env("DEBUG", default=False)\n', True, False, True),
    ('import environ\nenv = environ.Env()\nDEBUG = env.bool("DEBUG", default=True)\n', False, True, False),
    ('from decouple import config\nDEBUG = config("DEBUG", default=False, cast=bool)\n', False, False, False),
    ('from decouple import config\nDEBUG = config("DEBUG", default=False)\n', True, False, True),
    ('DEBUG = True\n', False, True, False),
])
def test_debug_classification(src, raw, default_on, false_on):
    info = d.debug_info(d.parse(src))
    assert (info.raw is not None) == raw
    assert info.default_on == default_on
    assert info.false_string_on == false_on


def test_bool_of_string():
    sf = d.parse('import os\nA = bool(os.environ.get("A", 0))\nB = bool(int(os.environ.get("B", 0)))\n')
    assert d.bool_of_string(sf, sf.get("A").value).var == "A"
    assert d.bool_of_string(sf, sf.get("B").value) is None


@pytest.mark.parametrize("src, expected", [
    ('import os\nSECRET_KEY = os.environ["K"]\n', [{"K"}]),
    ('import os\nSECRET_KEY = os.environ.get("K", "dev")\n', []),
    ('import os\nSECRET_KEY = os.environ.get("A") or os.environ["B"]\n', [{"A", "B"}]),
    ('import environ\nenv = environ.Env()\nSECRET_KEY = env("K")\n', [{"K"}]),
    ('import environ\nenv = environ.Env()\nSECRET_KEY = env("K", default="x")\n', []),
    ('from decouple import config\nSECRET_KEY = config("K")\n', [{"K"}]),
    ('import os\nSECRET_KEY = os.environ["K"] + suffix()\n', []),  # beyond the evaluator: no claim
])
def test_required_vars(src, expected):
    assert d.required_vars(d.parse(src), "SECRET_KEY") == expected


def test_settings_module_default():
    assert d.settings_module_default('import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "a.b")\n') == "a.b"
    assert d.settings_module_default('import os\nos.environ["DJANGO_SETTINGS_MODULE"] = "c.d"\n') == "c.d"
    assert d.settings_module_default("print(1)\n") is None


def test_syntax_error_is_not_raised():
    sf = d.parse("DEBUG = (\n")
    assert sf.error and sf.settings == {}


def test_assignments_in_if_and_try_blocks():
    sf = d.parse('try:\n    from .local import *\nexcept ImportError:\n    pass\nif True:\n    DEBUG = False\n')
    assert sf.get("DEBUG").line == 6
    assert sf.star_imports == [("local", 1, 2)]


# ------------------------------------------------ scaling and robustness
def test_parse_many_settings_is_linear():
    """30,000 assignments: ast.get_source_segment per node re-split the whole
    source each time (quadratic: minutes); the lines are now split once."""
    from buildlint.parse import djsettings

    text = "".join(f"X{i} = {i}\n" for i in range(30000)) + "LAST = [\n    'é',\n]\n"
    sf = djsettings.parse(text)
    assert len(sf.settings) == 30001
    assert sf.settings["X29999"].text == "X29999 = 29999"
    assert sf.settings["LAST"].text == "LAST = [\n    'é',\n]"


@pytest.mark.parametrize("value", ["+".join(["1"] * 100000), "not " * 100000 + "1", "(" * 1000 + "1" + ")" * 1000])
def test_parse_too_deeply_nested_settings(value):
    from buildlint.parse import djsettings

    import ast

    text = f"SECRET_KEY = 'x'\nDEBUG = {value}\n"
    sf = djsettings.parse(text)
    try:  # what this Python's own parser can hold differs (3.10 reads 100k chained additions)
        ast.parse(text)
    except (RecursionError, MemoryError, SyntaxError):
        assert sf.error is not None and not sf.settings
    else:
        assert sf.error is None and "DEBUG" in sf.settings
    assert djsettings.settings_module_default(f"import os\nX = {value}\n") is None
