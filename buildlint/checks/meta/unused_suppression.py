"""BL003 unused-suppression.

The engine reports these itself (only it knows which suppressions were used,
after every other rule has run); this module registers the id so the
catalog and the checks stay one-to-one.
"""

from __future__ import annotations

from buildlint.engine import check
from buildlint.model.project import Project


@check("BL003", each=Project)
def unused_suppression(project: Project, ctx):
    return ()
