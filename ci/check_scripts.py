#!/usr/bin/env python3
"""check_scripts.py - static checks of the project's xTalk scripts.

The script stacks (examples/*.livecodescript, lcb/torrent-helpers.livecodescript)
and the server-engine script tests (tests/script/*.lc, *.livecodescript) run
only where LiveCode's engine is built (tests/script/run.sh, by hand), so CI
checks what it can see without the engine:

1. every bt* handler a script calls is a public handler of the binding
   (lcb/torrent.lcb) or a handler of the helper stack, called with as many
   arguments as the binding's handler declares (LCB has no optional
   parameters: the engine refuses a call with fewer), at most as many as a
   helper-stack handler declares (script handlers may be given fewer);
2. blocks are balanced: every handler, if, repeat, switch and try ends with
   its own `end` line; handlers do not nest;
3. `send "name" to me` names a handler of the same script;
4. in the stacks, every tName / pName is declared in its handler and every
   sName at script level (check_lcb.py's rule for the helper stack).

Usage: ci/check_scripts.py [--root DIR]
Exit status 0 and "check_scripts: ok ..." on success; 1 and one line per problem.
"""
import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from check_lcb import Problems, check_script_structure, strip_strings_and_comments  # noqa: E402

STACK_GLOBS = ["examples/*.livecodescript", "lcb/torrent-helpers.livecodescript", "tests/script/*.livecodescript"]
SCRIPT_GLOBS = ["tests/script/*.lc"]
HANDLER_HEAD = re.compile(r"^(?:private\s+)?(on|command|function|getprop|setprop)\s+(\w+)(.*)$", re.I)


def binding_handlers(lcb_text):
    """{name: number of parameters} of the binding's public handlers."""
    out = {}
    for m in re.finditer(r"^public handler (\w+)\((.*?)\)", lcb_text, flags=re.M):
        params = [p for p in m.group(2).split(",") if p.strip()]
        out[m.group(1)] = len(params)
    return out


def script_handlers(text):
    """{name: number of parameters} of the handlers a script defines."""
    out = {}
    for line in text.splitlines():
        m = HANDLER_HEAD.match(strip_strings_and_comments(line).strip())
        if m:
            params = [p for p in m.group(3).split(",") if p.strip()]
            out[m.group(2)] = len(params)
    return out


def logical_lines(text):
    """(first line number, statement) with `\\` continuations joined; strings
    and comments blanked (a string keeps its quotes, so "" stays an argument)."""
    out, buf, start = [], "", None
    for n, raw in enumerate(text.splitlines(), 1):
        line = strip_strings_and_comments(raw).rstrip()
        if start is None:
            start = n
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        out.append((start, buf + line))
        buf, start = "", None
    if buf:
        out.append((start, buf))
    return out


def split_args(s):
    """Top-level comma-separated arguments of s (parentheses and brackets nest)."""
    depth, args, cur = 0, [], ""
    for ch in s:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            args.append(cur)
            cur = ""
        else:
            cur += ch
    args.append(cur)
    return [a for a in args if a.strip()] if any(a.strip() for a in args) else []


def call_args(line, end):
    """The argument text of a function call whose "(" is at line[end]."""
    depth = 0
    for i in range(end, len(line)):
        if line[i] == "(":
            depth += 1
        elif line[i] == ")":
            depth -= 1
            if depth == 0:
                return line[end + 1:i]
    return None


def check_calls(text, fname, binding, helpers, problems):
    """bt* calls: known handler, right number of arguments. Returns the count."""
    calls = 0
    own = script_handlers(text)
    for n, stmt in logical_lines(text):
        s = stmt.strip()
        if not s or HANDLER_HEAD.match(s) or s.lower().startswith("end "):
            continue
        where = f"{fname}:{n}"
        # a statement may follow "then" / "else" on one line
        for part in re.split(r"\b(?:then|else)\b", s):
            part = part.strip()
            for m in re.finditer(r"\b(bt[A-Z]\w*)\b", part):
                name = m.group(1)
                rest = part[m.end():]
                if rest.lstrip().startswith("("):
                    args = call_args(part, m.end() + (len(rest) - len(rest.lstrip())))
                    if args is None:
                        problems.add(where, f"{name}( is not closed")
                        continue
                    given = len(split_args(args))
                elif m.start() == 0:
                    given = len(split_args(rest))
                else:
                    continue  # a bare word (e.g. a message name); not a call
                calls += 1
                if name in binding:
                    if given != binding[name]:
                        problems.add(where, f"{name} takes {binding[name]} argument(s) (an LCB handler has no optional parameters), given {given}")
                elif name in helpers:
                    if given > helpers[name]:
                        problems.add(where, f"{name} takes at most {helpers[name]} argument(s), given {given}")
                elif name in own:
                    pass
                else:
                    problems.add(where, f"{name} is neither a public handler of lcb/torrent.lcb nor of the helper stack")
    return calls


def check_sends(text, fname, problems):
    own = {k.lower() for k in script_handlers(text)}
    for n, raw in enumerate(text.splitlines(), 1):
        code = raw.split("--")[0]
        for m in re.finditer(r'\bsend\s+"(\w+)"\s+to\s+me\b', code):
            if m.group(1).lower() not in own:
                problems.add(f"{fname}:{n}", f'send "{m.group(1)}" to me: no handler {m.group(1)} in this script')


def check_blocks(text, fname, problems):
    """Balanced blocks for a server script: statements may sit outside
    handlers; try/catch/finally blocks too."""
    stack = []
    for n, stmt in logical_lines(text):
        s = stmt.strip()
        if not s or s.startswith("#!"):
            continue
        where = f"{fname}:{n}"
        words = s.split()
        head = words[0].lower()
        m = HANDLER_HEAD.match(s)
        if m:
            if stack:
                problems.add(where, f"handler {m.group(2)} opens inside {stack[-1]}")
            stack.append(m.group(2))
            continue
        if head == "end":
            if len(words) != 2:
                problems.add(where, f"malformed end line: {s!r}")
                continue
            if not stack:
                problems.add(where, f"'{s}' closes nothing")
            elif words[1] != stack[-1]:
                problems.add(where, f"'{s}' closes '{stack[-1]}'")
            else:
                stack.pop()
            continue
        if head == "if" and s.endswith("then"):
            stack.append("if")
        elif head == "else" and s.endswith("then") and stack and stack[-1] == "if":
            pass
        elif head in ("repeat", "switch", "try"):
            stack.append(head)
    if stack:
        problems.add(fname, f"unclosed blocks at the end: {stack}")


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    args = ap.parse_args(argv)
    root = Path(args.root)
    problems = Problems()
    binding = binding_handlers((root / "lcb/torrent.lcb").read_text())
    helpers = script_handlers((root / "lcb/torrent-helpers.livecodescript").read_text())
    helpers = {k: v for k, v in helpers.items() if k.startswith("bt")}
    if not binding or not helpers:
        problems.add("lcb/", "no public handlers found in the binding or the helper stack")
    files, calls = [], 0
    for pattern in STACK_GLOBS + SCRIPT_GLOBS:
        for p in sorted(root.glob(pattern)):
            rel = str(p.relative_to(root))
            text = p.read_text()
            files.append(rel)
            if pattern in STACK_GLOBS:
                first = text.splitlines()[0] if text else ""
                body = text
                if first.startswith("script "):
                    body = "\n" + "\n".join(text.splitlines()[1:])
                check_script_structure(body, problems, rel)
            else:
                check_blocks(text, rel, problems)
            check_sends(text, rel, problems)
            calls += check_calls(text, rel, binding, helpers, problems)
    for must in ["examples/torrent-client.livecodescript", "examples/torrent-dht-channels.livecodescript"]:
        if must not in files:
            problems.add(must, "missing")
    if problems:
        for p in problems:
            print(p)
        print(f"check_scripts: FAILED - {len(problems)} problem(s)")
        return 1
    print(f"check_scripts: ok - {len(files)} scripts, {calls} bt* calls to {len(binding)} binding and "
          f"{len(helpers)} helper-stack handlers with the right arguments, blocks balanced")
    return 0


if __name__ == "__main__":
    sys.exit(main())
