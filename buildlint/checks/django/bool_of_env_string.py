"""BL451 django-bool-of-env-string: `bool(os.environ.get("DEBUG", 0))` is
True for every non-empty string."""

from __future__ import annotations

from buildlint.checks.django._common import settings_files
from buildlint.engine import check
from buildlint.model.project import Project
from buildlint.parse import djsettings


@check("BL451", each=Project)
def django_bool_of_env_string(project: Project, ctx):
    for path, sf in settings_files(project):
        for name, s in sf.settings.items():
            r = djsettings.bool_of_string(sf, s.value)
            if r is None:
                continue
            var = r.var or "the variable"
            yield ctx.finding((path, s.line, s.column),
                              f"`{name}` is `bool()` of the environment string `{var}`: `bool(\"0\")` and "
                              f"`bool(\"False\")` are True, so setting `{var}=False` turns it on; compare the "
                              f"string instead: `os.environ.get(\"{var}\", \"false\").lower() in (\"1\", \"true\", "
                              "\"yes\")`")
