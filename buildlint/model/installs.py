"""What the RUN instructions of a stage install, in ecosystem terms.

Built on :mod:`buildlint.parse.shell`: each simple command of a RUN body is
classified as a dependency install of an ecosystem (python, node, go, rust,
ruby, php, jvm) or an OS package install, with enough detail for rules to
decide whether it reads a manifest, installs dev dependencies, or installs a
build toolchain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: Manifest file names (globs on the base name) by ecosystem.
MANIFESTS: dict[str, tuple[str, ...]] = {
    "python": ("requirements*.txt", "pyproject.toml", "poetry.lock", "uv.lock", "Pipfile", "Pipfile.lock",
               "setup.py", "setup.cfg", "pdm.lock"),
    "node": ("package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml",
             "bun.lockb", "bun.lock", "pnpm-workspace.yaml"),
    "go": ("go.mod", "go.sum"),
    "rust": ("Cargo.toml", "Cargo.lock"),
    "ruby": ("Gemfile", "Gemfile.lock"),
    "php": ("composer.json", "composer.lock"),
    "jvm": ("pom.xml", "build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts"),
}

#: OS packages that are build toolchains, not runtime dependencies.
BUILD_TOOL_PACKAGES = frozenset({
    "gcc", "g++", "cc", "clang", "make", "cmake", "build-essential", "build-base", "autoconf", "automake",
    "libtool", "pkg-config", "pkgconf", "pkgconfig", "musl-dev", "libc-dev", "libc6-dev", "linux-headers",
    "python3-dev", "python-dev", "gfortran", "rust", "cargo", "rustc", "golang", "go", "ninja-build",
    "meson", "bison", "flex", "gcc-c++", "kernel-headers", "binutils", "git",
})
_DEV_PACKAGE = re.compile(r"^[a-z0-9][a-z0-9.+-]*-(dev|devel)(:[a-z0-9]+)?$")


@dataclass
class Install:
    ecosystem: str  # python/node/go/rust/ruby/php/jvm/os
    manager: str  # pip, npm, apt-get, ...
    command: object  # parse.shell.Command
    manifest_based: bool = False  # reads the project's manifest (not a named package)
    root_only: bool = False  # installs the project itself, not its dependencies
    dev: bool = False  # installs development dependencies
    packages: list[str] = field(default_factory=list)  # OS packages / named packages
    files: list[str] = field(default_factory=list)  # requirement files named

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.command.words)[:80]

    def build_tools(self) -> list[str]:
        if self.ecosystem != "os":
            return []
        return [p for p in self.packages if p in BUILD_TOOL_PACKAGES or _DEV_PACKAGE.match(p)]


def _vals(words) -> list[str]:
    return [w.value if w.value is not None else w.text for w in words]


def _positional(args: list[str], takes_value: set[str] = frozenset()) -> list[str]:
    out, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a.startswith("-"):
            if a in takes_value:
                skip = True
            continue
        out.append(a)
    return out


def _opt_values(args: list[str], *names: str) -> list[str]:
    out = []
    for i, a in enumerate(args):
        for n in names:
            if a == n and i + 1 < len(args):
                out.append(args[i + 1])
            elif a.startswith(n + "=") and n.startswith("--"):
                out.append(a[len(n) + 1:])
            elif not n.startswith("--") and a.startswith(n) and len(a) > len(n) and not a.startswith("--"):
                out.append(a[len(n):])
    return out


_PIP_VALUE_OPTS = {"-r", "--requirement", "-c", "--constraint", "-e", "--editable", "-i", "--index-url",
                   "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root",
                   "--platform", "--python-version", "--implementation", "--abi", "--no-binary",
                   "--only-binary", "--cache-dir", "--src", "--trusted-host", "--progress-bar", "--log"}


def _pip(args: list[str], cmd, manager: str) -> Install | None:
    if not args or args[0] not in ("install", "sync"):
        return None
    rest = args[1:]
    files = _opt_values(rest, "-r", "--requirement") + ([a for a in _positional(rest, _PIP_VALUE_OPTS)]
                                                        if args[0] == "sync" else [])
    editable = _opt_values(rest, "-e", "--editable")
    pos = _positional(rest, _PIP_VALUE_OPTS) if args[0] == "install" else []
    local = [p for p in pos + editable if p.startswith((".", "/")) or p.endswith((".whl", ".tar.gz"))
             or re.match(r"^\.\[.*\]$", p)]
    named = [p for p in pos if p not in local]
    no_deps = "--no-deps" in rest
    manifest = bool(files) or bool(local)
    dev = any(re.search(r"(dev|test|lint|doc)", f, re.I) for f in files) or any(
        re.search(r"\[.*(dev|test).*\]", p) for p in local)
    return Install("python", manager, cmd, manifest_based=manifest and not (no_deps and not files),
                   root_only=bool(local) and no_deps and not files, dev=dev, packages=named, files=files)


def classify(cmd) -> Install | None:
    """Classify one simple command, or None when it installs nothing."""
    name = getattr(cmd, "name", None)
    if not name:
        return None
    args = _vals(cmd.args)
    if name in ("python", "python3") or re.match(r"^python3(\.\d+)?$", name):
        if len(args) >= 2 and args[0] == "-m" and args[1] in ("pip", "pip3"):
            return _pip(args[2:], cmd, "pip")
        return None
    if name in ("pip", "pip3") or re.match(r"^pip3\.\d+$", name):
        return _pip(args, cmd, "pip")
    if name == "uv":
        if args[:1] == ["pip"]:
            return _pip(args[1:], cmd, "uv")
        if args[:1] == ["sync"]:
            return Install("python", "uv", cmd, manifest_based=True, root_only="--only-install-project" in args,
                           dev="--no-dev" not in args and "--only-group" not in args)
        return None
    if name == "poetry" and args[:1] == ["install"]:
        root_only = "--only-root" in args
        prod = any(a in ("--no-dev", "--only=main", "--without=dev") for a in args) or (
            "--only" in args and "main" in args) or ("--without" in args and "dev" in args)
        return Install("python", "poetry", cmd, manifest_based=True, root_only=root_only, dev=not prod)
    if name == "pipenv" and args[:1] in (["install"], ["sync"]):
        return Install("python", "pipenv", cmd, manifest_based=len(_positional(args[1:])) == 0,
                       dev="--dev" in args or "-d" in args)
    if name == "pdm" and args[:1] in (["install"], ["sync"]):
        return Install("python", "pdm", cmd, manifest_based=True, dev="--prod" not in args)
    if name in ("npm", "pnpm", "yarn", "bun", "cnpm"):
        sub = args[0] if args else ("install" if name == "yarn" else None)
        if name == "yarn" and args and args[0].startswith("-"):
            sub = "install"
        if sub not in ("ci", "install", "i", "add", "clean-install", "install-clean"):
            return None
        rest = args[1:] if args and not args[0].startswith("-") else args
        pkgs = _positional(rest, {"--prefix", "-C", "--dir", "--filter", "--workspace", "-w", "--cwd",
                                  "--omit", "--include", "--registry", "--cache"})
        global_ = "-g" in rest or "--global" in rest
        prod = any(a in ("--production", "--prod", "-P", "--omit=dev", "--only=production", "--only=prod")
                   for a in rest) or ("--omit" in rest and "dev" in rest) or (
            "--only" in rest and "production" in rest)
        manifest = sub in ("ci", "clean-install", "install-clean") or (not pkgs and not global_ and sub != "add")
        return Install("node", name, cmd, manifest_based=manifest, dev=manifest and not prod, packages=pkgs)
    if name == "go" and args[:1] and args[0] in ("build", "install", "test", "mod", "get", "run"):
        if args[0] == "mod" and args[1:2] not in (["download"], ["tidy"], ["vendor"]):
            return None
        return Install("go", "go", cmd, manifest_based=True)
    if name == "cargo" and args[:1] and args[0] in ("build", "fetch", "install", "test", "vendor", "chef"):
        if args[0] == "install" and "--path" not in args:
            return None
        return Install("rust", "cargo", cmd, manifest_based=True)
    if name == "bundle" and args[:1] == ["install"]:
        return Install("ruby", "bundle", cmd, manifest_based=True)
    if name == "composer" and args[:1] in (["install"], ["update"]):
        return Install("php", "composer", cmd, manifest_based=True, dev="--no-dev" not in args)
    if name in ("mvn", "mvnw", "./mvnw") and any(a in ("package", "install", "verify", "dependency:go-offline",
                                                         "dependency:resolve", "compile") for a in args):
        return Install("jvm", "mvn", cmd, manifest_based=True)
    if name in ("gradle", "gradlew", "./gradlew") and any(a in ("build", "assemble", "dependencies", "bootJar",
                                                                  "installDist", "shadowJar") for a in args):
        return Install("jvm", "gradle", cmd, manifest_based=True)
    if name in ("apt-get", "apt", "aptitude") and "install" in args:
        pkgs = [p for p in _positional(args[args.index("install") + 1:], {"-o", "-t", "--target-release"})]
        return Install("os", name, cmd, packages=[_strip_version(p) for p in pkgs if not _is_path(p)])
    if name == "apk" and args[:1] == ["add"]:
        pkgs = _positional(args[1:], {"--virtual", "-t", "--repository", "-X", "--root", "-p"})
        return Install("os", "apk", cmd, packages=[_strip_version(p) for p in pkgs if not _is_path(p)])
    if name in ("dnf", "yum", "microdnf", "zypper", "tdnf") and "install" in args:
        pkgs = _positional(args[args.index("install") + 1:])
        return Install("os", name, cmd, packages=[_strip_version(p) for p in pkgs if not _is_path(p)])
    return None


def _is_path(p: str) -> bool:
    return "/" in p or p.endswith((".deb", ".rpm", ".apk"))


def _strip_version(p: str) -> str:
    return re.split(r"[=<>~]", p, 1)[0]


def removed_packages(script) -> set[str]:
    """Packages (and apk --virtual names) removed again in the same RUN."""
    out: set[str] = set()
    for cmd in script.commands:
        name = getattr(cmd, "name", None)
        args = _vals(cmd.args)
        if name == "apk" and args[:1] == ["del"]:
            out.update(_positional(args[1:]))
        elif name in ("apt-get", "apt", "dnf", "yum") and args[:1] and args[0] in ("purge", "remove", "autoremove"):
            out.update(_positional(args[1:]))
    return out


def virtual_names(cmd) -> list[str]:
    args = _vals(cmd.args)
    return _opt_values(args, "--virtual", "-t")


def installs_of(script) -> list[Install]:
    out = []
    for cmd in getattr(script, "commands", ()):
        inst = classify(cmd)
        if inst is not None:
            out.append(inst)
    return out


def build_tools_installed(stages) -> list[tuple[object, list[str]]]:
    """(RUN instruction, build tools) for every RUN of ``stages`` (in build order)
    that installs build toolchains it does not remove again in the same RUN
    (``apk add --virtual .deps gcc ... && apk del .deps`` does not count)."""
    out = []
    for st in stages:
        for instr, script in st.runs():
            gone = removed_packages(script)
            for inst in installs_of(script):
                tools = [t for t in inst.build_tools() if t not in gone]
                if tools and not (set(virtual_names(inst.command)) & gone):
                    out.append((instr, tools))
    return out
