"""The packaged OpenXTalk extension (ci/package-lcb.sh) is what a user installs:
its files must be there, its library must be the self-contained one, export
only btx_*, work, and speak the ABI the binding beside it was written for.

Run after ci/package-lcb.sh (ci/test-bundled.sh does both):
    python3 -m unittest discover -s tests/package -t tests/package
"""
import ctypes
import hashlib
import os
import re
import stat
import subprocess
import tempfile
import unittest
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = "org.openxtalk.library.torrent"
EXT = Path(os.environ.get("BTX_EXTENSION_DIR", ROOT / "target/lcb-extension" / NAME))
LIB = EXT / "code/x86_64-linux/torrentxt.so"
GLIBC = re.compile(r"^(linux-vdso\.so\.1|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|"
                   r"librt\.so\.1|libutil\.so\.1|(/lib6?4?/)?ld-linux-x86-64\.so\.2)$")
FOREIGN = ("libtorrent", "libboost", "libssl", "libcrypto", "libstdc++", "libgcc_s")


def registry_abi():
    m = re.search(r"pub const BTX_ABI_VERSION: c_int = (\d+);", (ROOT / "src/registry.rs").read_text())
    return int(m.group(1))


def binding_abi(lcb_text):
    m = re.search(r"^constant kABIVersion is (\d+)", lcb_text, re.M)
    return int(m.group(1))


def run(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, check=True, **kw).stdout


class Layout(unittest.TestCase):
    def test_files_are_where_the_ide_looks(self):
        expected = {
            "torrent.lcb": ROOT / "lcb/torrent.lcb",
            "resources/torrent-helpers.livecodescript": ROOT / "lcb/torrent-helpers.livecodescript",
        }
        for ex in sorted((ROOT / "examples").glob("*.livecodescript")):
            expected["samples/" + ex.name] = ex
        self.assertTrue(any(k.startswith("samples/") for k in expected), "no example stack in examples/")
        for rel, src in expected.items():
            p = EXT / rel
            self.assertTrue(p.is_file(), f"{rel} missing from the package")
            self.assertEqual(p.read_bytes(), src.read_bytes(), f"{rel} differs from {src.relative_to(ROOT)}")
        self.assertTrue(LIB.is_file(), "code/x86_64-linux/torrentxt.so missing")
        self.assertTrue(LIB.stat().st_mode & stat.S_IXUSR, "the library is not executable")

    def test_guide_carries_the_binding_docs(self):
        guide = (EXT / "docs/guide/guide.md").read_text()
        self.assertIn((ROOT / "docs/lcb-binding.md").read_text(), guide)
        # the getting-started guide comes first (ci/package-lcb.sh)
        self.assertTrue(guide.startswith((ROOT / "docs/getting-started.md").read_text()))

    def test_licences_of_what_is_linked_in(self):
        lic = EXT / "resources/licenses"
        for f in ["README.txt", "libtorrent-rasterbar.txt", "openssl.txt", "libstdc++.txt"]:
            self.assertGreater((lic / f).stat().st_size, 100, f"{f} missing or empty")
        self.assertIn("Arvid Norberg", (lic / "libtorrent-rasterbar.txt").read_text())
        self.assertIn("Apache License", (lic / "openssl.txt").read_text())


class TheLibrary(unittest.TestCase):
    def test_is_the_bundled_build(self):
        bundled = ROOT / f"target/dist/bundled/libtorrentxt.so.{registry_abi()}"
        self.assertEqual(LIB.read_bytes(), bundled.read_bytes(), "the packaged library is not the bundled build")
        system = ROOT / f"target/dist/libtorrentxt.so.{registry_abi()}"
        if system.exists():
            self.assertNotEqual(LIB.read_bytes(), system.read_bytes(), "the system-linked build was packaged")

    def test_needs_only_glibc(self):
        dyn = run("readelf", "-d", str(LIB))
        needed = re.findall(r"\(NEEDED\).*\[(.+)\]", dyn)
        self.assertIn("libc.so.6", needed)
        for n in needed:
            self.assertRegex(n, GLIBC, f"the library needs {n}")
        ldd = run("ldd", str(LIB))
        self.assertNotIn("not found", ldd)
        for line in ldd.splitlines():
            name = line.split()[0]
            self.assertRegex(name, GLIBC, f"ldd: {line.strip()}")
            for f in FOREIGN:
                self.assertNotIn(f, line)

    def test_exports_only_btx(self):
        names = [l.split()[-1] for l in run("nm", "-D", "--defined-only", str(LIB)).splitlines() if l.strip()]
        self.assertGreater(len(names), 60)
        self.assertEqual([n for n in names if not n.startswith("btx_")], [])

    def test_every_bound_function_is_exported(self):
        lcb = (EXT / "torrent.lcb").read_text()
        bound = set(re.findall(r'binds to "c:torrentxt>(\w+)"', lcb))
        self.assertGreater(len(bound), 60)
        exported = {l.split()[-1] for l in run("nm", "-D", "--defined-only", str(LIB)).splitlines() if l.strip()}
        self.assertEqual(sorted(bound - exported), [])

    def test_abi_matches_the_binding(self):
        lib = ctypes.CDLL(str(LIB))
        got = lib.btx_abi_version()
        self.assertEqual(got, binding_abi((EXT / "torrent.lcb").read_text()),
                         "the library's btx_abi_version() is not the binding's kABIVersion")
        self.assertEqual(got, registry_abi())

    def test_panics_and_throws_stay_inside(self):
        # The unwinder and the C++ runtime are the library's own static
        # copies: a Rust panic, a std:: throw and a non-std throw must still
        # be caught at the boundary and become BTX_ERR_EXCEPTION (-6).
        lib = ctypes.CDLL(str(LIB))
        lib.btx_last_error.argtypes = [ctypes.c_char_p, ctypes.c_int]
        err = ctypes.create_string_buffer(1024)
        for kind, text in [(1, b"panic"), (2, b"runtime_error"), (3, b"unknown C++ exception")]:
            lib.btx_clear_error()
            self.assertEqual(lib.btx_selftest_fault(kind), -6, f"fault {kind}")
            self.assertGreater(lib.btx_last_error(err, len(err)), 0)
            self.assertIn(text, err.value)
        self.assertEqual(lib.btx_selftest_fault(0), 0)

    def test_hashes_a_torrent_through_its_own_openssl(self):
        # btx_create_torrent runs libtorrent's hasher, i.e. the linked-in
        # libcrypto: its piece hashes must be SHA-1 of the content.
        lib = ctypes.CDLL(str(LIB))
        lib.btx_create_torrent.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_char_p,
                                           ctypes.c_void_p, ctypes.c_int]
        with tempfile.TemporaryDirectory() as tmp:
            content = bytes((i * 7 + i // 251) & 0xFF for i in range(100_000))
            path = Path(tmp) / "content.bin"
            path.write_bytes(content)
            need = lib.btx_create_torrent(str(path).encode(), 16384, 0, b"", None, 0)
            self.assertLess(need, 0, "size query did not return -needed")
            buf = ctypes.create_string_buffer(-need)
            n = lib.btx_create_torrent(str(path).encode(), 16384, 0, b"", buf, -need)
            self.assertEqual(n, -need)
        torrent = buf.raw[:n]
        plen = int(re.search(rb"12:piece lengthi(\d+)e", torrent).group(1))
        m = re.search(rb"6:pieces(\d+):", torrent)
        pieces = torrent[m.end():m.end() + int(m.group(1))]
        want = b"".join(hashlib.sha1(content[i:i + plen]).digest() for i in range(0, len(content), plen))
        self.assertEqual(pieces, want)


class LcePackage(unittest.TestCase):
    """The .lce branch of ci/package-lcb.sh, driven by a stand-in lc-compile
    that records its arguments and writes what the real one writes."""

    def package_with(self, stub_body):
        tmp = Path(self.enterContext(tempfile.TemporaryDirectory()))
        (tmp / "tc/modules/lci").mkdir(parents=True)
        stub = tmp / "tc/lc-compile"
        stub.write_text("#!/bin/sh\n" + stub_body)
        stub.chmod(0o755)
        env = dict(os.environ, LC_COMPILE=str(stub))
        env.pop("LC_MODULEPATH", None)
        r = subprocess.run(["ci/package-lcb.sh", "--out", str(tmp / "out")], cwd=ROOT, env=env,
                           capture_output=True, text=True)
        return tmp, r

    def test_compiles_and_zips_an_installable_lce(self):
        body = ('printf "%s\\n" "$@" > "$(dirname "$0")/args"\n'
                'while [ $# -gt 1 ]; do case "$1" in\n'
                '  --manifest) echo "<package><name>x</name></package>" > "$2"; shift 2;;\n'
                '  --output) printf "LCM" > "$2"; shift 2;;\n'
                '  *) shift;; esac; done\n')
        tmp, r = self.package_with(body)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        out = tmp / "out"
        ext = out / NAME
        args = (tmp / "tc/args").read_text().split("\n")[:-1]
        self.assertEqual(args, ["-Werror", "--modulepath", str(ext), "--modulepath", str(tmp / "tc/modules/lci"),
                                "--manifest", str(ext / "manifest.xml"), "--output", str(ext / "module.lcm"),
                                str(ext / "torrent.lcb")])
        version = re.search(r'^metadata version is "([^"]+)"', (ROOT / "lcb/torrent.lcb").read_text(), re.M).group(1)
        lce = out / f"{NAME}.{version}.lce"
        self.assertTrue(lce.is_file(), f"no {lce.name}")
        with zipfile.ZipFile(lce) as z:
            names = set(z.namelist())
            for must in ["manifest.xml", "module.lcm", "torrent.lcb", "code/x86_64-linux/torrentxt.so",
                         "docs/guide/guide.md", "resources/torrent-helpers.livecodescript"]:
                self.assertIn(must, names)
            self.assertFalse(any(n.startswith(NAME + "/") for n in names), "the .lce must not nest a top folder")
            so = z.getinfo("code/x86_64-linux/torrentxt.so")
            self.assertTrue((so.external_attr >> 16) & stat.S_IXUSR, "the library lost its executable bit")
            self.assertEqual(z.read(so), LIB.read_bytes())

    def test_a_failing_compiler_fails_the_package(self):
        tmp, r = self.package_with("echo 'torrent.lcb:1:1: error: stand-in failure' >&2\nexit 1\n")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("stand-in failure", r.stderr)
        self.assertFalse(list((tmp / "out").glob("*.lce")), "an .lce was written after a failed compile")


if __name__ == "__main__":
    unittest.main()
