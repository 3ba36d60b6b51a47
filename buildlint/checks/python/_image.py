"""What a "Python image" is, and development-only Dockerfiles (shared by the python checks).

A final stage is a Python image when the external image at the root of its
lineage is a Python image (repository ``python``, ``pypy``, ``python3``...:
``python:3.12-slim``, ``docker.io/library/python``, ``gcr.io/distroless/python3``,
``cgr.dev/chainguard/python``), or when a stage of its lineage installs Python
as an OS package (``apt-get install python3``, ``apk add python3``) or runs a
Python dependency install (``pip``, ``uv``, ``poetry``, ``pipenv``, ``pdm``).
"""

from __future__ import annotations

import re

from buildlint.model.installs import installs_of

_PY_REPO = re.compile(r"^(python|pypy)\d*(\.\d+)?(-debian\d+)?$")
_PY_PKG = re.compile(r"^python(3(\.\d+)?)?(-minimal|-full|-pip|-venv)?$")
_DEV_NAME = re.compile(r"(^|[._-])(dev|develop|development|local|test|tests|debug)([._-]|$)", re.I)


def repo_and_tag(ref: str) -> tuple[str, str | None]:
    ref = ref.strip().split("@", 1)[0]
    last = ref.rsplit("/", 1)[-1]
    tag = None
    if ":" in last:
        last, tag = last.rsplit(":", 1)
    return last.lower(), tag


def is_python_base(ref: str) -> bool:
    return bool(_PY_REPO.match(repo_and_tag(ref)[0]))


def is_python_image(stage) -> bool:
    if is_python_base(stage.base_image):
        return True
    for st in stage.lineage():
        for _instr, script in st.runs():
            for inst in installs_of(script):
                if inst.ecosystem == "python":
                    return True
                if inst.ecosystem == "os" and any(_PY_PKG.match(p) for p in inst.packages):
                    return True
    return False


def is_development_dockerfile(df) -> bool:
    """``Dockerfile.dev``, ``dev.Dockerfile``, ``Dockerfile.local``... by name."""
    name = df.path.name
    for prefix in ("Dockerfile", "Containerfile", "dockerfile", "containerfile"):
        if name.startswith(prefix) or name.endswith(prefix):
            name = name.replace(prefix, "")
    return bool(_DEV_NAME.search(name))
