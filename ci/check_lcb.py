#!/usr/bin/env python3
"""check_lcb.py - proves that the OpenXTalk binding cannot drift from the C ABI.

OpenXTalk itself cannot run here, so this checks what a checker can see:

1. every foreign handler of lcb/torrent.lcb binds to "c:torrentxt>btx_*", a
   function include/torrentxt.h declares and the built library exports, with
   the same arity and compatible types;
2. every constant of the binding (return codes, value types, flags, event
   codes) equals the header's value, which tests/generated.rs keeps equal to
   the Rust registry, and none of the registry's is missing;
3. the 75 public handlers of the TorrentXT API, and the handlers added
   beyond v8 (BEYOND_V8_HANDLERS), are all present and public, and each is
   documented in docs/lcb-binding.md (whose handler reference is generated
   from the binding by --write-docs and must be current);
4. the .lcb and .livecodescript files are well formed: balanced blocks,
   exact `end` lines, and no variable used in a handler without a declaration.

Usage: ci/check_lcb.py [--root DIR] [--lib PATH] [--write-docs]
Exit status 0 and "check_lcb: ok ..." on success; 1 and one line per problem.
"""
import argparse
import re
import subprocess
import sys
from pathlib import Path

# The 75 public handlers of ../shared/seeds/torrentxt-readme.txt, by group.
SEED_HANDLERS = """
btStartSession btStopSession btLastError btClearError btSessionPause btSessionResume
btSessionIsPaused btListenPort btFindTorrent btDhtAnnounce
btSetInt btSetBool btSetString btGetSetting btSetEncryption
btAddMagnet btAddTorrentFile btAddTorrentWithResume btRemoveTorrent btAddMagnetEx btAddTorrentFileEx
btIpFilterAdd btIpFilterClear btSetPieceDeadline btClearPieceDeadlines
btPause btResume btForceRecheck btForceReannounce btScrapeTracker btClearTorrentError
btSetFilePriority btSetFilePriorities btSetPiecePriority btSetTorrentLimits btSetMaxConnections btSetMaxUploads
btSetTorrentFlags btUnsetTorrentFlags btSetSequentialDownload btSetAutoManaged btSetSuperSeeding
btSetShareMode btSetUploadMode
btQueuePosition btQueueUp btQueueDown btQueueTop btQueueBottom btMoveStorage
btTorrentStatus btTorrentCount btTorrentHandleAt btInfoHash btPieceBitfield btPeerList btFileList
btPieceAvailability
btTrackers btAddTracker btWebSeeds btAddWebSeed btRemoveWebSeed
btPoll
btDhtAddBootstrap btDhtState btDhtSaveState btDhtLoadState
btDhtKeypair btDhtPutImmutable btDhtGetImmutable btDhtPutMutable btDhtGetMutable
btCreateTorrent
btSaveResumeData
""".split()

# Public handlers beyond the seed's 75, by issue. Each must be present,
# public, carry a /** Summary: */ doc comment, and be documented.
BEYOND_V8_HANDLERS = """
btTorrentInfo btMakeMagnet btTorrentMagnet btParseMagnet btAdd
btCreateTorrentWith btCreateStart btCreateCancel
btRenameFile btFileProgress btDownloadQueue btPeerInfo btTorrentLimits btPiecePriorities btSetPiecePriorities
btDhtGetPeers btDhtAnnounceEx btDhtLiveNodes btDhtSampleInfohashes btDhtSignMutable btDhtVerifyMutable
btStartSessionWith btApplySettings btApplyPreset btSettingsAll
btEventEnable btEventCategories btEventEnabled
btTorrentStatusEx btStatusAll btStatusChanged
btSessionStats btSessionSummary btPostSessionStats btSessionStateSave btSessionStateLoad
btSetCompactForms
btOpenSession btOpenSessionWith btStoreFlush btUserDataSet btUserDataGet btUserDataRemove btUserData
btConnectPeer
""".split()

# The libfoundation functions the binding calls through "<builtin>" (the
# engine's own exports; no header here to check them against), with the
# signature foundation.h gives each: LCB parameter (mode, type) pairs and
# return type. Buffers, Data and Strings since v8; the native split and the
# in-place List/Array builders of the compact text form since issue 10.
BUILTINS = {
    "MCMemoryAllocate": ([("in", "UIntSize"), ("out", "Pointer")], "CBool"),
    "MCMemoryDeallocate": ([("in", "Pointer")], "nothing"),
    "MCDataCreateWithBytes": ([("in", "Pointer"), ("in", "LCUIndex"), ("out", "Data")], "CBool"),
    "MCDataGetBytePtr": ([("in", "Data")], "Pointer"),
    "MCStringCreateWithBytes": ([("in", "Pointer"), ("in", "LCUIndex"), ("in", "CUInt"), ("in", "CBool"), ("out", "String")], "CBool"),
    "MCStringSplit": ([("in", "String"), ("in", "String"), ("in", "String"), ("in", "CUInt"), ("out", "Array")], "CBool"),
    "MCProperListCreateMutable": ([("out", "List")], "CBool"),
    "MCProperListPushElementOntoBack": ([("in", "List"), ("in", "any")], "CBool"),
    "MCProperListCopy": ([("in", "List"), ("out", "List")], "CBool"),
    "MCArrayCreateMutable": ([("out", "Array")], "CBool"),
    "MCArrayStoreValueAtIndex": ([("in", "Array"), ("in", "CInt"), ("in", "any")], "CBool"),
    "MCArrayCopy": ([("in", "Array"), ("out", "Array")], "CBool"),
}

# LCB foreign type -> the C types it may stand for
PARAM_TYPES = {
    "CInt": {"int"},
    "CDouble": {"double"},
    "ZStringUTF8": {"const char *"},
    "Pointer": {"void *", "const void *", "char *"},
}
RETURN_TYPES = {"CInt": "int", "CDouble": "double", "nothing": "void", "Pointer": "void *"}

LCB_BLOCKS = ("handler", "if", "repeat", "unsafe", "library")


class Problems(list):
    def add(self, where, what):
        self.append(f"{where}: {what}")


def strip_strings_and_comments(line):
    line = re.sub(r'"[^"]*"', '""', line)
    for marker in ("--", "//"):
        i = line.find(marker)
        if i >= 0:
            line = line[:i]
    return line


def without_block_comments(text):
    """Blanks /* ... */ comments, keeping the line count."""
    return re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)


# ---- the header and the library ---------------------------------------------


def parse_header(path):
    """{name: (return type, [param types])} and {#define name: value}."""
    protos, defines = {}, {}
    for line in Path(path).read_text().splitlines():
        m = re.match(r"#define (\w+) \(?(-?\d+)", line)
        if m:
            defines[m.group(1)] = int(m.group(2))
            continue
        m = re.match(r"^([\w ]+?\s*\*?)\s*(btx_\w+)\((.*)\);$", line)
        if m:
            ret = " ".join(m.group(1).split()).replace(" *", " *")
            params = []
            if m.group(3).strip() != "void":
                for p in m.group(3).split(","):
                    p = " ".join(p.split())
                    t = re.sub(r"\s*\b\w+$", "", p)  # drop the parameter name
                    t = t.replace("*", " *").replace("  ", " ").strip()
                    params.append(re.sub(r"\s+\*", " *", t))
            protos[m.group(2)] = (ret.strip(), params)
    return protos, defines


def exported_symbols(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", str(lib)], capture_output=True, text=True, check=True)
    return {l.split()[-1] for l in out.stdout.splitlines() if l.strip()}


# ---- the .lcb ---------------------------------------------------------------------


def parse_foreign(text):
    """[(line, lcb name, [(mode, name, type)], return type, binds to)]"""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r"\s*(?:private |public )?foreign handler (\w+)\((.*)\) returns (\w+) binds to \"([^\"]*)\"", line)
        if m:
            params = []
            if m.group(2).strip():
                for p in m.group(2).split(","):
                    pm = re.match(r"\s*(in|out|inout) (\w+) as (?:optional )?(\w+)\s*$", p)
                    params.append((pm.group(1), pm.group(2), pm.group(3)) if pm else ("?", p.strip(), "?"))
            out.append((n, m.group(1), params, m.group(3), m.group(4)))
    return out


def lcb_name(c_name):
    return "k" + "".join(p.capitalize() for p in c_name[len("BTX_"):].split("_"))


def check_foreign(text, protos, exports, problems):
    bound = set()
    for n, name, params, ret, binds in parse_foreign(text):
        where = f"torrent.lcb:{n} {name}"
        if binds == "<builtin>":
            want = BUILTINS.get(name)
            if want is None:
                problems.add(where, "binds to <builtin>, but the checker does not know this libfoundation function")
            elif [(m, t) for m, _, t in params] != want[0] or ret != want[1]:
                problems.add(where, f"<builtin> {name} does not match libfoundation's signature {want}")
            continue
        m = re.match(r"c:torrentxt>(btx_\w+)$", binds)
        if not m:
            problems.add(where, f'binds to "{binds}", not "c:torrentxt>btx_..."')
            continue
        fn = m.group(1)
        bound.add(fn)
        if fn not in protos:
            problems.add(where, f"{fn} is not declared in include/torrentxt.h")
            continue
        if exports is not None and fn not in exports:
            problems.add(where, f"{fn} is not exported by the library")
        c_ret, c_params = protos[fn]
        if len(params) != len(c_params):
            problems.add(where, f"{len(params)} parameters, {fn} takes {len(c_params)}")
            continue
        for i, ((mode, pname, ltype), ctype) in enumerate(zip(params, c_params), 1):
            if mode != "in":
                problems.add(where, f"parameter {i} ({pname}) is '{mode}'; the C ABI takes values")
            if ctype not in PARAM_TYPES.get(ltype, set()):
                problems.add(where, f"parameter {i} ({pname}) is {ltype}, {fn} takes '{ctype}'")
        if RETURN_TYPES.get(ret) != c_ret:
            problems.add(where, f"returns {ret}, {fn} returns '{c_ret}'")
    return bound


def check_constants(text, defines, problems):
    consts = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = re.match(r'\s*constant (k\w+) is "?(-?\d+)"?\s*$', line)
        if m:
            consts[m.group(1)] = (int(m.group(2)), n)
            continue
        # one character written as \u{HEX}: the compact form's separators
        m = re.match(r'\s*constant (k\w+) is "\\u\{([0-9A-Fa-f]+)\}"\s*$', line)
        if m:
            consts[m.group(1)] = (int(m.group(2), 16), n)
            continue
        # other text constants (the walker's generated name lists)
        m = re.match(r'\s*constant (k\w+) is "[^"]*"\s*$', line)
        if m:
            consts[m.group(1)] = (None, n)
    wanted = {lcb_name(c): v for c, v in defines.items()
              if re.match(r"BTX_(OK|ERR_|FLAG_|TYPE_|EVENT_|CAT_|SHAPE_|TEXT_)", c)}
    for name, value in wanted.items():
        if name not in consts:
            problems.add("torrent.lcb", f"constant {name} (= {value} in the registry) is missing")
        elif consts[name][0] != value:
            problems.add(f"torrent.lcb:{consts[name][1]}", f"{name} is {consts[name][0]}, the registry says {value}")
    if consts.get("kABIVersion", (None,))[0] != defines.get("BTX_ABI_VERSION"):
        problems.add("torrent.lcb", f"kABIVersion is {consts.get('kABIVersion', (None,))[0]}, "
                                    f"BTX_ABI_VERSION is {defines.get('BTX_ABI_VERSION')}")
    return consts


def public_handlers(text):
    return {m.group(1): n for n, line in enumerate(text.splitlines(), 1)
            for m in [re.match(r"public handler (\w+)\(", line)] if m}


def check_identifiers(line, prefixes, declared, module_names, module_kind, where, problems):
    """The naming convention both languages follow: tName (local), pName /
    xName (parameter) must be declared in the handler, sName at module level."""
    for ident in re.findall(rf"\b([{prefixes}][A-Z]\w*)\b", line):
        if ident[0] == "s":
            if ident not in module_names:
                problems.add(where, f"{ident} is not a declared {module_kind}")
        elif ident not in declared:
            problems.add(where, f"{ident} is used but not declared in this handler")


def check_lcb_structure(text, consts, problems, fname="torrent.lcb"):
    module_vars = set(re.findall(r"^private variable (\w+)", text, flags=re.M))
    handler_names = set(re.findall(r"^(?:public |private )?(?:foreign )?handler (\w+)", text, flags=re.M))
    stack = []
    declared = set()
    for n, raw in enumerate(without_block_comments(text).splitlines(), 1):
        if "\t" in raw and raw.strip():
            problems.add(f"{fname}:{n}", "tab character (the checker expects spaces)")
        line = strip_strings_and_comments(raw).strip()
        if not line:
            continue
        where = f"{fname}:{n}"
        words = line.split()
        if words[0] == "end":
            if len(words) != 2 or words[1] not in LCB_BLOCKS or " ".join(words) != line:
                problems.add(where, f"malformed end line: {raw.strip()!r}")
                continue
            if not stack or stack[-1] != words[1]:
                problems.add(where, f"'end {words[1]}' closes '{stack[-1] if stack else 'nothing'}'")
            else:
                stack.pop()
            if words[1] == "handler":
                declared = set()
            continue
        m = re.match(r"(?:public |private )?handler (\w+)\((.*)\)", line)
        if m and "foreign" not in line:
            if stack and stack[-1] != "library":
                problems.add(where, f"handler {m.group(1)} opens inside '{stack[-1]}'")
            stack.append("handler")
            declared = set(re.findall(r"\b(?:in|out|inout) (\w+) as", m.group(2)))
            continue
        if words[0] == "library":
            stack.append("library")
            continue
        if words[0] == "if" and line.endswith("then"):
            stack.append("if")
        elif words[0] == "if":
            problems.add(where, "an LCB 'if' must end its line with 'then' and close with 'end if'")
        elif words[0] == "repeat":
            stack.append("repeat")
        elif line == "unsafe":
            stack.append("unsafe")
        elif words[0] == "variable" and len(words) >= 2:
            declared.add(words[1])
        if "handler" in stack:
            check_identifiers(line, "tpxs", declared, module_vars, "module variable", where, problems)
            for ident in re.findall(r"\b(k[A-Z]\w*)\b", line):
                if ident not in consts:
                    problems.add(where, f"constant {ident} is not defined")
            for call in re.findall(r"\b(_\w+)\(", line):
                if call not in handler_names:
                    problems.add(where, f"{call} is not a handler of this module")
    if stack:
        problems.add(fname, f"unclosed blocks at the end: {stack}")


def check_script_structure(text, problems, fname):
    """A .livecodescript: on/command/function ... end NAME, if/repeat/switch."""
    stack = []
    script_locals = set()
    declared = set()
    for n, raw in enumerate(text.splitlines(), 1):
        line = strip_strings_and_comments(raw).strip()
        if not line:
            continue
        where = f"{fname}:{n}"
        words = line.split()
        head = words[0]
        if head == "local" and not stack:
            script_locals.update(w.strip(",") for w in words[1:])
            continue
        if head in ("on", "command", "function") and len(words) >= 2:
            if stack:
                problems.add(where, f"handler {words[1]} opens inside {stack}")
            stack.append(("handler", words[1]))
            declared = {p.strip(",") for p in words[2:]}
            continue
        if head == "end":
            if len(words) != 2 or " ".join(words) != line:
                problems.add(where, f"malformed end line: {raw.strip()!r}")
                continue
            want = stack[-1] if stack else None
            if want is None:
                problems.add(where, f"'{line}' closes nothing")
            elif want[0] == "handler" and words[1] != want[1]:
                problems.add(where, f"'{line}' closes handler {want[1]}")
            elif want[0] != "handler" and words[1] != want[0]:
                problems.add(where, f"'{line}' closes '{want[0]}'")
            else:
                stack.pop()
            continue
        if head == "if" and line.endswith("then"):
            stack.append(("if",))
        elif head == "else" and line.endswith("then") and stack and stack[-1] == ("if",):
            pass
        elif head == "repeat":
            stack.append(("repeat",))
        elif head == "switch":
            stack.append(("switch",))
        elif head == "local":
            declared.update(w.strip(",") for w in words[1:])
        if stack:
            check_identifiers(line, "tps", declared, script_locals, "script local", where, problems)
    if stack:
        problems.add(fname, f"unclosed blocks at the end: {stack}")


# ---- docs/lcb-binding.md ----------------------------------------------------------


def handler_docs(text):
    """The handler reference, generated from the binding's /** */ comments."""
    out = []
    blocks = re.finditer(r"/\*\*(.*?)\*/\s*\npublic handler (\w+)\((.*?)\)(?: returns (\w+))?", text, flags=re.S)
    for m in blocks:
        doc = " ".join(m.group(1).split())
        summary = re.search(r"Summary:\s*(.*?)(?:\s*Returns:|$)", doc)
        returns = re.search(r"Returns:\s*(.*)$", doc)
        args = ", ".join(re.sub(r"\bin (\w+) as (\w+)", r"\1 (\2)", a.strip()) for a in m.group(3).split(",") if a.strip())
        out.append(f"#### `{m.group(2)}`\n\n`{m.group(2)}({args})`"
                   + (f" returns {m.group(4)}" if m.group(4) else "") + "\n\n"
                   + (summary.group(1) if summary else "") + (f" Returns: {returns.group(1)}" if returns else "") + "\n")
    return "\n".join(out)


def fill(doc, name, body):
    a = doc.index(f"generated:{name}")
    a = doc.index("\n", a) + 1
    b = doc.index(f"end:{name}", a)
    b = doc.rindex("\n", 0, b) + 1
    return doc[:a] + body + doc[b:]


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
    ap.add_argument("--lib", default=None, help="the built library (default: target/dist/libtorrentxt.so)")
    ap.add_argument("--write-docs", action="store_true")
    args = ap.parse_args(argv)
    root = Path(args.root)
    problems = Problems()
    lcb_path = root / "lcb/torrent.lcb"
    text = lcb_path.read_text()
    protos, defines = parse_header(root / "include/torrentxt.h")
    lib = Path(args.lib) if args.lib else root / "target/dist/libtorrentxt.so"
    exports = exported_symbols(lib) if lib.exists() else None
    if exports is None:
        problems.add(str(lib), "the library is not built (ci/build-lib.sh)")

    bound = check_foreign(text, protos, exports, problems)
    consts = check_constants(text, defines, problems)
    publics = public_handlers(text)
    for name in SEED_HANDLERS:
        if name not in publics:
            problems.add("torrent.lcb", f"public handler {name} is missing")
    documented = set(re.findall(r"/\*\*\s*\nSummary:.*?\*/\s*\npublic handler (\w+)\(", text, flags=re.S))
    for name in BEYOND_V8_HANDLERS:
        if name not in publics:
            problems.add("torrent.lcb", f"public handler {name} (beyond v8) is missing")
        elif name not in documented:
            problems.add(f"torrent.lcb:{publics[name]}", f"{name} has no /** Summary: ... */ doc comment")
    check_lcb_structure(text, consts, problems)
    for script in ["lcb/torrent-helpers.livecodescript", "examples/torrent-example.livecodescript"]:
        p = root / script
        if p.exists():
            check_script_structure(p.read_text(), problems, script)
        else:
            problems.add(script, "missing")

    docs_path = root / "docs/lcb-binding.md"
    docs = docs_path.read_text()
    fresh = fill(docs, "handlers", handler_docs(text))
    if args.write_docs:
        docs_path.write_text(fresh)
        docs = fresh
    elif fresh != docs:
        problems.add("docs/lcb-binding.md", "the handler reference is out of date (ci/check_lcb.py --write-docs)")
    for name in SEED_HANDLERS + BEYOND_V8_HANDLERS:
        if f"#### `{name}`" not in docs:
            problems.add("docs/lcb-binding.md", f"{name} is not documented")

    if problems:
        for p in problems:
            print(p)
        print(f"check_lcb: FAILED - {len(problems)} problem(s)")
        return 1
    print(f"check_lcb: ok - {len(SEED_HANDLERS)} public handlers (+{len(BEYOND_V8_HANDLERS)} beyond v8), {len(bound)} C functions bound with "
          f"matching types, {len(BUILTINS)} libfoundation builtins, {len(consts)} constants equal to the registry, blocks balanced")
    return 0


if __name__ == "__main__":
    sys.exit(main())
