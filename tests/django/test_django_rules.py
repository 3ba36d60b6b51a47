"""Django rules on miniature projects."""

from __future__ import annotations

from conftest import lint, where, write_tree

MANAGE = 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "{mod}")\n'


def test_secret_key_through_star_import_and_settings_flag(tmp_path):
    write_tree(tmp_path, {
        "manage.py": MANAGE.format(mod="proj.settings.dev"),
        "proj/__init__.py": "",
        "proj/settings/__init__.py": "",
        "proj/settings/base.py": 'import os\nSECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nINSTALLED_APPS = []\n',
        "proj/settings/dev.py": 'from .base import *\nSECRET_KEY = "dev"\n',
        "proj/settings/prod.py": "from .base import *\nDEBUG = False\n",
        "Dockerfile": "FROM python:3.12-slim\nCOPY . /srv\nWORKDIR /srv\n"
                      "RUN python manage.py collectstatic --noinput\n"
                      "RUN python manage.py compilemessages --settings=proj.settings.prod\n",
    })
    result = lint(tmp_path)
    # dev (manage.py's default) sets its own key; prod inherits the required one
    assert where(result, "BL452") == {("Dockerfile", 5)}
    f = next(f for f in result.findings if f.rule == "BL452")
    assert ("proj/settings/base.py", 2) in {(r.path, r.line) for r in f.related}


def test_secret_key_provided(tmp_path):
    settings = 'import os\nSECRET_KEY = os.environ["K"]\nINSTALLED_APPS = []\n'
    base = {"manage.py": MANAGE.format(mod="app.settings"), "app/__init__.py": "", "app/settings.py": settings}
    for run, expected in [
        ("RUN python manage.py collectstatic --noinput", {("Dockerfile", 3)}),
        ("RUN export K=x && python manage.py collectstatic", set()),
        ("RUN --mount=type=secret,id=k,env=K python manage.py check", set()),
        ("ARG K=build\nRUN python manage.py check", set()),
        ("RUN django-admin --version", set()),
        ("RUN python manage.py help", set()),
    ]:
        write_tree(tmp_path, {**base, "Dockerfile": f"FROM python:3.12-slim\nCOPY . .\n{run}\n"})
        assert where(lint(tmp_path), "BL452") == expected, run


def test_bool_of_env_string_any_setting(tmp_path):
    write_tree(tmp_path, {"app/settings.py": 'import os\nINSTALLED_APPS = []\n'
                                             'SECURE_SSL_REDIRECT = bool(os.getenv("HTTPS", False))\n'
                                             'DEBUG = bool(os.environ.get("DEBUG", 0))\n'})
    result = lint(tmp_path)
    assert where(result, "BL451") == {("app/settings.py", 3), ("app/settings.py", 4)}
    assert where(result, "BL450") == set()  # the bool() form is BL451's


def test_allowed_hosts_wildcard_needs_debug_on(tmp_path):
    write_tree(tmp_path, {"app/settings.py": 'DEBUG = True\nALLOWED_HOSTS = ["*"]\n'})
    assert where(lint(tmp_path), "BL453") == {("app/settings.py", 2)}
    write_tree(tmp_path, {"app/settings.py": 'DEBUG = False\nALLOWED_HOSTS = ["*"]\n'})
    assert where(lint(tmp_path), "BL453") == set()


def test_non_django_settings_file_is_ignored(tmp_path):
    write_tree(tmp_path, {"tool/settings.py": 'import os\nVERBOSE = os.environ.get("V", True)\n'})
    assert [f for f in lint(tmp_path).findings if f.rule.startswith("BL45")] == []


def test_deeply_nested_settings_are_unreadable_not_an_internal_error(tmp_path):
    """BL450-BL453 on a settings.py ``ast`` cannot hold (RecursionError /
    MemoryError in ast.parse): no findings from it and no internal error."""
    deep = "+".join(["1"] * 100000)
    write_tree(tmp_path, {
        "Dockerfile": "FROM python:3.12\nCOPY . .\nRUN python manage.py collectstatic\n",
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n",
        "app/settings.py": f"import os\nSECRET_KEY = os.environ['K']\nALLOWED_HOSTS = ['*']\nDEBUG = {deep}\n",
        "other/settings.py": "import os\nSECRET_KEY = 'x'\nDEBUG = " + "not " * 100000 + "1\n",
    })
    result = lint(tmp_path, select=["BL450", "BL451", "BL452", "BL453"])
    assert not [e for e in result.errors if e.kind == "internal"], result.errors
    import ast

    try:  # Python 3.10's parser reads 100k chained additions; 3.11+ raises RecursionError
        ast.parse((tmp_path / "app/settings.py").read_text())
    except (RecursionError, MemoryError):
        assert not result.findings
    else:
        assert {f.rule for f in result.findings} <= {"BL452", "BL453"}


def test_unreadable_settings_are_said_to_be_skipped(tmp_path):
    write_tree(tmp_path, {
        "Dockerfile": "FROM python:3.12\nCOPY . .\nRUN python manage.py collectstatic\n",
        "manage.py": "import os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'app.settings')\n",
        "app/settings.py": "import os\nSECRET_KEY = os.environ['K'\n",
    })
    result = lint(tmp_path)
    assert [(e.path, e.kind) for e in result.errors] == [("app/settings.py", "parse")]
    assert "the Django checks skip this settings file" in result.errors[0].message
    assert not [f for f in result.findings if f.rule.startswith("BL45")]
