"""BL304 next-standalone-next-start: a standalone image started with ``next
start``/``npm start`` instead of ``node server.js``."""

from __future__ import annotations

import re
import shlex

from buildlint.checks.nextjs._util import config_related, start_commands
from buildlint.engine import check
from buildlint.model.nextapp import NextApp
from buildlint.parse.shell import parse as parse_shell


def next_start(app: NextApp, cmd) -> str | None:
    """How to show a command that runs ``next start`` (directly or via a script), in backticks."""
    args = [w.value or w.text for w in cmd.args]
    text = "`" + " ".join(w.text for w in cmd.words) + "`"
    if cmd.name == "next" and args[:1] == ["start"]:
        return text
    if cmd.name in ("npx", "bunx", "pnpx") and [a for a in args if not a.startswith("-")][:2] == ["next", "start"]:
        return text
    if cmd.name in ("npm", "pnpm", "yarn", "bun"):
        pos = [a for a in args if not a.startswith("-")]
        if cmd.name in ("pnpm", "yarn", "bun") and pos[:2] == ["next", "start"]:
            return text
        if pos[:1] == ["exec"] and pos[1:3] == ["next", "start"]:
            return text
        script = None
        if pos[:1] in (["run"], ["run-script"]) and len(pos) >= 2:
            script = pos[1]
        elif pos[:1] in (["start"],):
            script = "start"
        if script is not None:
            body = app.scripts.get(script)
            # npm's default `start` is `node server.js`: only a script that runs next start counts
            if isinstance(body, str) and re.search(r"(^|[\s;&|(/])next\s+start\b", body):
                return f"{text} (which runs `{body}`)"
    return None


@check("BL304", each=NextApp)
def standalone_next_start(app: NextApp, ctx):
    if not app.is_standalone:
        return
    for b in app.builds:
        for instr, cmds in start_commands(b):
            for c in cmds:
                text = next_start(app, c)
                if text:
                    yield ctx.finding(
                        instr,
                        f"the standalone image is started with {text}; `next start` needs the full "
                        "node_modules and does not run the standalone server; start it with "
                        "`node server.js`",
                        path=b.dockerfile.path,
                        related=config_related(ctx, app, "output", "standalone output is enabled here"))
                    break
        # a compose `command:` replaces the image's CMD
        for cf, _parsed, svc in b.dockerfile.project.services_building(b.dockerfile.path):
            command = svc.get("command")
            if isinstance(command, str):
                script = parse_shell(command)
            elif isinstance(command, list) and all(isinstance(a, str) for a in command):
                script = parse_shell(" ".join(shlex.quote(a) for a in command))
            else:
                continue
            for c in script.commands:
                text = next_start(app, c)
                if text:
                    line, col = svc.where("command")
                    yield ctx.finding(
                        (cf, line, col),
                        f"service `{svc.name}` starts the standalone image with {text}; `next start` needs "
                        "the full node_modules and does not run the standalone server; use "
                        "`command: node server.js` or drop the override",
                        related=config_related(ctx, app, "output", "standalone output is enabled here"))
                    break
