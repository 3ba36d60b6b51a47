"""BL450 django-debug-env-string: DEBUG is the raw environment string, or on
by default."""

from __future__ import annotations

from buildlint.checks.django._common import FALSY_STRINGS, compose_env_settings, settings_files
from buildlint.engine import check
from buildlint.model.project import Project
from buildlint.parse import djsettings


@check("BL450", each=Project)
def django_debug_env_string(project: Project, ctx):
    for path, sf in settings_files(project):
        info = djsettings.debug_info(sf)
        if info is None or info.bool_of_string is not None or not info.setting.reads:
            continue
        s = info.setting
        var = (info.raw.var if info.raw else s.reads[0].var) or "DEBUG"
        if info.raw is not None:
            msg = (f"`DEBUG` is the raw value of the environment variable `{var}`: environment values are "
                   f"strings, so `{var}=False` or `{var}=0` is a non-empty string and turns debug on")
            if info.default_on:
                msg += ", and when it is unset the default turns it on too"
        elif info.default_on:
            msg = f"`DEBUG` is on whenever `{var}` is not set: a production container that forgets it serves debug pages"
        else:
            continue
        msg += (f"; parse it with an off default: `DEBUG = os.environ.get(\"{var}\", \"false\").lower() in "
                "(\"1\", \"true\", \"yes\")`")
        related = []
        if info.raw is not None:
            for cf, line, value in compose_env_settings(project, path, var):
                if value.strip().lower() in FALSY_STRINGS:
                    related.append((cf, line, f"`{var}: \"{value}\"` here does not turn debug off"))
        yield ctx.finding((path, s.line, s.column), msg, related=related)
