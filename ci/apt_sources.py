#!/usr/bin/env python3
"""Reads this machine's apt sources so the build scripts never hard-code a
mirror: the repository names no host, the machine's own configuration does.

  apt_sources.py deb-src   deb822 stanzas (Types: deb-src) for every enabled
                           `deb` entry of this release, for a private
                           `apt-get update` that can run `apt-get source`
  apt_sources.py mirror    the URI of the main archive of this release (the
                           entry whose suite is the bare codename), for
                           debootstrap
  apt_sources.py keyring   the Signed-By keyring of that entry ("" if none)

Only entries of this machine's release are used (suite == codename or
codename-*), so third-party repositories that publish no sources are left
out. Reads /etc/apt/sources.list, sources.list.d/*.list (one-line format) and
sources.list.d/*.sources (deb822), the files apt itself reads.
"""
import glob
import os
import re
import sys

APT_ETC = os.environ.get("BTX_APT_ETC", "/etc/apt")


def codename():
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("VERSION_CODENAME="):
                    return line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    sys.exit("apt_sources: no VERSION_CODENAME in /etc/os-release")


def one_line_entries(path):
    """`deb [opt=val ...] URI SUITE COMPONENT...` lines."""
    out = []
    with open(path) as f:
        for raw in f:
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            m = re.match(r"^(deb|deb-src)\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$", line)
            if not m:
                continue
            opts = dict(o.split("=", 1) for o in (m.group(2) or "").split() if "=" in o)
            out.append({
                "types": [m.group(1)],
                "uris": [m.group(3)],
                "suites": [m.group(4)],
                "components": m.group(5).split(),
                "signed_by": opts.get("signed-by", ""),
            })
    return out


def deb822_entries(path):
    out = []
    with open(path) as f:
        text = f.read()
    for stanza in re.split(r"\n\s*\n", text):
        fields, key = {}, None
        for raw in stanza.splitlines():
            if raw.startswith("#"):
                continue
            if raw[:1] in (" ", "\t") and key:  # continuation line
                fields[key] += "\n" + raw.strip()
                continue
            if ":" in raw:
                key, val = raw.split(":", 1)
                key = key.strip().lower()
                fields[key] = val.strip()
        if not fields.get("types") or fields.get("enabled", "yes").lower() == "no":
            continue
        signed = fields.get("signed-by", "")
        if "\n" in signed or "BEGIN PGP" in signed:
            signed = ""  # an inline key: debootstrap cannot take it, apt uses its trusted keys
        out.append({
            "types": fields["types"].split(),
            "uris": fields.get("uris", "").split(),
            "suites": fields.get("suites", "").split(),
            "components": fields.get("components", "").split(),
            "signed_by": signed,
        })
    return out


def entries():
    found = []
    main = os.path.join(APT_ETC, "sources.list")
    if os.path.exists(main):
        found += one_line_entries(main)
    for p in sorted(glob.glob(os.path.join(APT_ETC, "sources.list.d", "*.list"))):
        found += one_line_entries(p)
    for p in sorted(glob.glob(os.path.join(APT_ETC, "sources.list.d", "*.sources"))):
        found += deb822_entries(p)
    return found


def of_this_release(all_entries, code):
    out = []
    for e in all_entries:
        if "deb" not in e["types"]:
            continue
        suites = [s for s in e["suites"] if s == code or s.startswith(code + "-")]
        if suites and e["uris"]:
            out.append(dict(e, suites=suites))
    return out


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else ""
    code = codename()
    mine = of_this_release(entries(), code)
    if not mine:
        sys.exit(f"apt_sources: no enabled `deb` entry for {code} in {APT_ETC}")
    if what == "deb-src":
        for e in mine:
            print("Types: deb-src")
            print("URIs: " + " ".join(e["uris"]))
            print("Suites: " + " ".join(e["suites"]))
            print("Components: " + " ".join(e["components"]))
            if e["signed_by"]:
                print("Signed-By: " + e["signed_by"])
            print()
    elif what in ("mirror", "keyring"):
        archive = [e for e in mine if code in e["suites"]]
        if not archive:
            sys.exit(f"apt_sources: no entry for the suite {code} itself")
        print(archive[0]["uris"][0] if what == "mirror" else archive[0]["signed_by"])
    else:
        sys.exit("usage: apt_sources.py deb-src|mirror|keyring")


if __name__ == "__main__":
    main()
