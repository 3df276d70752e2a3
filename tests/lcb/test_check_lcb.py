"""The checker must fail on a deliberately broken binding: each mutation
below breaks one thing, and check_lcb.py must name it."""
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / "ci/check_lcb.py"


def run_on(mutate_lcb=None, mutate_script=None):
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for sub in ["lcb", "include", "docs", "examples", "ci"]:
            shutil.copytree(ROOT / sub, t / sub)
        lcb = t / "lcb/torrent.lcb"
        if mutate_lcb:
            text = lcb.read_text()
            new = mutate_lcb(text)
            assert new != text, "the mutation changed nothing"
            lcb.write_text(new)
        if mutate_script:
            p = t / "lcb/torrent-helpers.livecodescript"
            text = p.read_text()
            new = mutate_script(text)
            assert new != text, "the mutation changed nothing"
            p.write_text(new)
        r = subprocess.run([sys.executable, str(CHECKER), "--root", tmp, "--lib", str(ROOT / "target/dist/libtorrentxt.so")],
                           capture_output=True, text=True)
        return r.returncode, r.stdout


class BrokenBindings(unittest.TestCase):
    def test_the_real_binding_passes(self):
        code, out = run_on()
        self.assertEqual(code, 0, out)

    def test_wrong_arity(self):
        code, out = run_on(lambda s: s.replace(
            "_btx_pause(in pTorrent as CInt) returns CInt",
            "_btx_pause(in pTorrent as CInt, in pExtra as CInt) returns CInt"))
        self.assertEqual(code, 1)
        self.assertIn("2 parameters, btx_pause takes 1", out)

    def test_wrong_type(self):
        code, out = run_on(lambda s: s.replace(
            "_btx_find_torrent(in pSession as CInt, in pHash as ZStringUTF8)",
            "_btx_find_torrent(in pSession as CInt, in pHash as CInt)"))
        self.assertEqual(code, 1)
        self.assertIn("parameter 2 (pHash) is CInt", out)

    def test_wrong_return_type(self):
        code, out = run_on(lambda s: s.replace(
            "_btx_session_free(in pSession as CInt) returns nothing",
            "_btx_session_free(in pSession as CInt) returns CInt"))
        self.assertEqual(code, 1)
        self.assertIn("returns CInt, btx_session_free returns 'void'", out)

    def test_unknown_function(self):
        code, out = run_on(lambda s: s.replace('"c:torrentxt>btx_pause"', '"c:torrentxt>btx_pause_all"'))
        self.assertEqual(code, 1)
        self.assertIn("btx_pause_all is not declared", out)

    def test_wrong_constant(self):
        code, out = run_on(lambda s: s.replace('constant kFlagPaused is "16"', 'constant kFlagPaused is "17"'))
        self.assertEqual(code, 1)
        self.assertIn("kFlagPaused is 17, the registry says 16", out)

    def test_missing_constant(self):
        code, out = run_on(lambda s: s.replace("constant kEventDhtPut is 24\n", ""))
        self.assertEqual(code, 1)
        self.assertIn("kEventDhtPut (= 24 in the registry) is missing", out)

    def test_beyond_v8_handler_missing(self):
        code, out = run_on(lambda s: s.replace("public handler btPeerInfo(", "private handler btPeerInfo("))
        self.assertEqual(code, 1)
        self.assertIn("public handler btPeerInfo (beyond v8) is missing", out)

    def test_beyond_v8_handler_undocumented(self):
        code, out = run_on(lambda s: s.replace(
            "Summary: Cancels a creation job; a createFailed event with cancelled 1 follows.\nReturns: 0 or a negative code.\n*/\n",
            "*/\n-- no doc\n"))
        self.assertEqual(code, 1)
        self.assertIn("btCreateCancel has no /** Summary: ... */ doc comment", out)

    def test_abi_skew(self):
        code, out = run_on(lambda s: s.replace("constant kABIVersion is 10", "constant kABIVersion is 8"))
        self.assertEqual(code, 1)
        self.assertIn("kABIVersion is 8", out)

    def test_missing_handler(self):
        code, out = run_on(lambda s: s.replace("public handler btQueueTop(", "private handler btQueueTopX("))
        self.assertEqual(code, 1)
        self.assertIn("public handler btQueueTop is missing", out)

    def test_unbalanced_if(self):
        code, out = run_on(lambda s: s.replace("   if tTry is 1 then\n", "", 1) if "if tTry is 1 then" in s else
                           s.replace("      if tN >= 0 then\n         return _bufData(tN)\n      end if\n",
                                     "      if tN >= 0 then\n         return _bufData(tN)\n", 1))
        self.assertEqual(code, 1)
        self.assertIn("closes", out)

    def test_undeclared_variable(self):
        code, out = run_on(lambda s: s.replace("   variable tPaused as Number\n", "", 1))
        self.assertEqual(code, 1)
        self.assertIn("tPaused is used but not declared", out)

    def test_typo_in_end_line(self):
        code, out = run_on(lambda s: s.replace("end repeat", "end  repeat", 1))
        self.assertEqual(code, 1)
        self.assertIn("malformed end line", out)

    def test_script_end_mismatch(self):
        code, out = run_on(mutate_script=lambda s: s.replace("end btStopPolling", "end btStopPoll"))
        self.assertEqual(code, 1)
        self.assertIn("closes handler btStopPolling", out)

    # issue 10: the compact text form and the issue-9 handlers

    def test_wrong_separator(self):
        code, out = run_on(lambda s: s.replace('constant kTextKey is "\\u{1F}"', 'constant kTextKey is "\\u{1E}"'))
        self.assertEqual(code, 1)
        self.assertIn("kTextKey is 30, the registry says 31", out)

    def test_missing_category(self):
        code, out = run_on(lambda s: s.replace("constant kCatDht is 1024\n", ""))
        self.assertEqual(code, 1)
        self.assertIn("kCatDht (= 1024 in the registry) is missing", out)

    def test_builtin_signature(self):
        code, out = run_on(lambda s: s.replace("in pKeyDelimiter as String, in pOptions as CUInt, out rArray as Array)",
                                               "in pKeyDelimiter as String, in pOptions as CUInt, out rArray as List)"))
        self.assertEqual(code, 1)
        self.assertIn("<builtin> MCStringSplit does not match libfoundation's signature", out)

    def test_unknown_builtin(self):
        code, out = run_on(lambda s: s.replace("-- ---- end of issues 9 and 10's foreign handlers",
                                               'private foreign handler MCArrayFreeze(in pArray as Array) returns CBool binds to "<builtin>"\n'
                                               "-- ---- end of issues 9 and 10's foreign handlers"))
        self.assertEqual(code, 1)
        self.assertIn("the checker does not know this libfoundation function", out)

    def test_issue9_handler_missing(self):
        code, out = run_on(lambda s: s.replace("public handler btStatusChanged(", "private handler btStatusChanged("))
        self.assertEqual(code, 1)
        self.assertIn("public handler btStatusChanged (beyond v8) is missing", out)

    def test_issue10_handler_undocumented(self):
        code, out = run_on(lambda s: s.replace("Summary: Diagnostics: with false,", "Diagnostics: with false,"))
        self.assertEqual(code, 1)
        self.assertIn("btSetCompactForms has no /** Summary: ... */ doc comment", out)

    def test_records_text_binding(self):
        code, out = run_on(lambda s: s.replace("_btx_records_text(in pShape as CInt, in pData as Pointer,",
                                               "_btx_records_text(in pShape as CInt, in pData as ZStringUTF8,"))
        self.assertEqual(code, 1)
        self.assertIn("parameter 2 (pData) is ZStringUTF8, btx_records_text takes 'const void *'", out)

    def test_docs_must_be_current(self):
        code, out = run_on(lambda s: s.replace("Summary: Pauses the torrent;", "Summary: Pauses it;"))
        self.assertEqual(code, 1)
        self.assertIn("out of date", out)


if __name__ == "__main__":
    unittest.main()
