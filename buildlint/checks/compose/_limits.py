"""Resource limits in either Compose syntax (shared by BL601 and BL602)."""

from __future__ import annotations

import re

CPU_KEYS = ("cpus", "cpu_quota", "cpu_count", "cpu_percent")
MEM_KEYS = ("mem_limit",)
_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024 ** 2, "mb": 1024 ** 2, "g": 1024 ** 3, "gb": 1024 ** 3,
          "t": 1024 ** 4, "tb": 1024 ** 4}


def limit(svc, kind: str, *, effective: bool = True):
    """(service-level value, deploy.resources.limits value) for ``"cpus"``/``"memory"``/``"pids"``."""
    get = svc.effective if effective else svc.get
    if kind == "cpus":
        top = next((get(k) for k in CPU_KEYS if get(k) is not None), None)
    elif kind == "memory":
        top = get("mem_limit")
    else:
        top = get("pids_limit")
    dep = get("deploy", "resources", "limits", kind)
    return top, dep


def as_bytes(v) -> float | None:
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(v))
    if not m or m.group(2).lower() not in _UNITS:
        return None
    return float(m.group(1)) * _UNITS[m.group(2).lower()]


def as_number(v) -> float | None:
    try:
        return float(str(v))
    except ValueError:
        return None
