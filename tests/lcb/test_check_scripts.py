"""ci/check_scripts.py must fail on broken scripts: each mutation below
breaks one thing in a copy of the scripts, and the checker must name it."""
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECKER = ROOT / "ci/check_scripts.py"
CLIENT = "examples/torrent-client.livecodescript"
CHANNELS = "examples/torrent-dht-channels.livecodescript"
HELPERS_TEST = "tests/script/helpers.lc"


def run_on(path=None, old=None, new=None):
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        for sub in ["lcb", "examples", "tests/script"]:
            shutil.copytree(ROOT / sub, t / sub)
        if path:
            p = t / path
            text = p.read_text()
            assert old in text, f"{old!r} is not in {path}"
            p.write_text(text.replace(old, new, 1))
        r = subprocess.run([sys.executable, str(CHECKER), "--root", tmp], capture_output=True, text=True)
        return r.returncode, r.stdout


class BrokenScripts(unittest.TestCase):
    def test_the_real_scripts_pass(self):
        code, out = run_on()
        self.assertEqual(code, 0, out)
        self.assertIn("check_scripts: ok", out)

    def test_unknown_handler(self):
        code, out = run_on(CLIENT, "btStatusChanged(sSession, kStatusFields)", "btStatusChange(sSession, kStatusFields)")
        self.assertEqual(code, 1)
        self.assertIn("btStatusChange is neither a public handler", out)

    def test_too_few_arguments_to_the_binding(self):
        code, out = run_on(CLIENT, "btStatusChanged(sSession, kStatusFields)", "btStatusChanged(sSession)")
        self.assertEqual(code, 1)
        self.assertIn("btStatusChanged takes 2 argument(s)", out)

    def test_nested_call_counts_its_own_arguments(self):
        code, out = run_on(CHANNELS, "btDhtPutMutable(sSession, sKey[\"publicKey\"], sKey[\"secretKey\"], kSalt, textEncode(chanFeedText(), \"UTF-8\"))",
                           "btDhtPutMutable(sSession, sKey[\"publicKey\"], sKey[\"secretKey\"], textEncode(chanFeedText(), \"UTF-8\"))")
        self.assertEqual(code, 1)
        self.assertIn("btDhtPutMutable takes 5 argument(s)", out)

    def test_command_form_arguments(self):
        code, out = run_on(CLIENT, "btStopSession sSession", "btStopSession sSession, true")
        self.assertEqual(code, 1)
        self.assertIn("btStopSession takes 1 argument(s)", out)

    def test_too_many_arguments_to_the_helper_stack(self):
        code, out = run_on(HELPERS_TEST, "btStartPolling tSession, the long id of me, 50", "btStartPolling tSession, the long id of me, 50, 1")
        self.assertEqual(code, 1)
        self.assertIn("btStartPolling takes at most 3 argument(s), given 4", out)

    def test_unbalanced_switch_in_a_stack(self):
        code, out = run_on(CLIENT, "   end switch\n   if tTorrent is 0 or tTorrent is empty then", "   if tTorrent is 0 or tTorrent is empty then")
        self.assertEqual(code, 1)
        self.assertIn("closes", out)

    def test_end_line_typo_in_a_server_script(self):
        code, out = run_on(HELPERS_TEST, "end waitFor", "end waitFo")
        self.assertEqual(code, 1)
        self.assertIn("'end waitFo' closes 'waitFor'", out)

    def test_unclosed_try_in_a_server_script(self):
        code, out = run_on("tests/script/session_probe.lc", "end try", "")
        self.assertEqual(code, 1)
        self.assertIn("unclosed blocks at the end: ['try']", out)

    def test_send_to_a_missing_handler(self):
        code, out = run_on(CLIENT, 'send "clientPollOnce" to me in sPollMs', 'send "clientPollOnse" to me in sPollMs')
        self.assertEqual(code, 1)
        self.assertIn('send "clientPollOnse" to me: no handler', out)

    def test_undeclared_local_in_a_stack(self):
        code, out = run_on(CHANNELS, "   put 0 into sSession\nend chanStop", "   put 0 into tGone\n   put 0 into sSession\nend chanStop")
        self.assertEqual(code, 1)
        self.assertIn("tGone is used but not declared", out)


if __name__ == "__main__":
    unittest.main()
