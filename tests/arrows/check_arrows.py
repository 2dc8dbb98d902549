#!/usr/bin/env python3
"""The arrows between the host's rooms (docs/architecture.md), checked on every CI run.

Usage: check_arrows.py --root SRC [--build BUILD] [--known FILE]

Three kinds of arrow, each from a room to a room (a room is a top folder, or reader/X, tools/X):
  include  a source's #include lines (quoted or angled; project paths are root-relative)
  compile  compile_commands.json in BUILD: a target compiling another room's source
  link     target_link_libraries in the CMakeLists.txt files, between this project's targets
Every arrow that a rule below forbids is printed as `kind from -> to: rule` and fails the check,
unless FILE lists it (one `kind from -> to  # reason` a line: a known violation someone is
removing). A listed arrow that no longer occurs fails too, so that the list only shrinks.
tests/ may reach anything (harnesses reach internals); bench/ may include and link anything but
compiles only its own sources. tests/firmware checks the card's own build flags and libraries.
Exit status: 0 no violation, 1 violations or stale entries, 2 usage or a malformed FILE.
"""
import argparse
import json
import os
import re
import sys

SOURCE_EXTENSIONS = (".c", ".cc", ".cpp", ".h", ".hpp")
SCANNED = ("iso7816", "card", "hostcrypto", "reader", "pki", "tools", "bench")
PROJECT_TOPS = SCANNED + ("tests",)
# Headers of libraries, by what an include starts with, for the rooms that must not use them.
OPENSSL = ("openssl/",)
PCSC = ("PCSC/", "winscard.h", "ifdhandler.h", "reader.h")
HOST_ONLY = OPENSSL + PCSC + ("sqlite3.h", "httplib.h", "boost/", "CLI/", "nlohmann/", "cairo.h",
                              "pango/", "openjpeg.h", "qrencode.h")
CARD_REACHED_BY_APDUS = ("tools/mynatool", "tools/mynaportal", "tools/common")


def room_of(path):
    """iso7816, card, hostcrypto, pki, bench, tests; reader/X and tools/X by their folder."""
    parts = path.split("/")
    if parts[0] in ("reader", "tools") and len(parts) > 2:
        return "/".join(parts[:2])
    return parts[0]


def forbidden_room(src, dst):
    """Why the room `src` may not reach the room `dst` (None when it may)."""
    top, dst_top = src.split("/")[0], dst.split("/")[0]
    if src == dst or top == "tests":
        return None
    if dst_top in ("tests", "bench"):
        return "nothing outside tests/ and bench/ reaches them"
    if top == "bench":
        return None
    if src == "iso7816":
        return "iso7816 depends on nothing"
    if src == "card" and dst != "iso7816":
        return "the card (firmware) depends on iso7816 and mbedTLS only"
    if src == "hostcrypto" and dst != "iso7816":
        return "hostcrypto depends on iso7816 and OpenSSL only"
    if dst == "card":
        if top in ("pki",) or (top == "reader" and src != "reader/emulator"):
            return "reader and pki never reach card internals (reader/emulator is where a card " \
                   "meets a link)"
        if src in CARD_REACHED_BY_APDUS:
            return f"{src} reaches a card only through APDUs"
    if dst_top == "tools":
        if top in ("iso7816", "card", "hostcrypto", "reader", "pki"):
            return "no library reaches tools/"
        if top == "tools" and dst != "tools/common":
            return "no tool reaches another tool (shared host code is tools/common)"
    if src == "reader/client" and dst == "pki":
        return "reader/client does not reach pki (host crypto is hostcrypto)"
    if top == "pki" and dst_top == "reader":
        return "pki does not reach reader/"
    return None


def forbidden_header(src, header):
    """Why the room `src` may not include the library header `header` (None when it may)."""
    if src.split("/")[0] in ("tests", "bench"):
        return None
    if src == "iso7816" and header.startswith(HOST_ONLY + ("mbedtls/",)):
        return "iso7816 depends on nothing"
    if src == "card" and header.startswith(HOST_ONLY):
        return "the card (firmware) uses mbedTLS only: no OpenSSL, PC/SC or host libraries"
    if src == "hostcrypto" and header.startswith(("mbedtls/",) + PCSC + ("sqlite3.h", "httplib.h")):
        return "hostcrypto depends on iso7816 and OpenSSL only"
    if src != "card" and src != "reader/emulator" and header.startswith("mbedtls/"):
        return "mbedTLS is the card's; the host uses OpenSSL"
    return None


def sources(root):
    for top in SCANNED:
        for folder, dirs, files in os.walk(os.path.join(root, top)):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(SOURCE_EXTENSIONS):
                    yield os.path.relpath(os.path.join(folder, name), root)


INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def include_arrows(root):
    """(from file, included path or header, from room, to room or None for a library header)."""
    for path in sources(root):
        with open(os.path.join(root, path), errors="replace") as f:
            for line in f:
                match = INCLUDE.match(line)
                if not match:
                    continue
                header = match.group(2)
                if header.startswith("."):
                    header = os.path.normpath(os.path.join(os.path.dirname(path), header))
                if header.split("/")[0] in PROJECT_TOPS:
                    yield path, header, room_of(path), room_of(header)
                elif match.group(1) == '"' and "/" not in header:
                    continue  # next to the file: its own room
                else:
                    yield path, header, room_of(path), None


def compile_arrows(root, build):
    """(target's build folder, source, target room, source room) from compile_commands.json."""
    commands = os.path.join(build, "compile_commands.json")
    if not os.path.exists(commands):
        sys.exit(f"check_arrows: no {commands} (configure with CMAKE_EXPORT_COMPILE_COMMANDS)")
    root = os.path.realpath(root)
    build = os.path.realpath(build)
    for entry in json.load(open(commands)):
        source = os.path.relpath(os.path.realpath(os.path.join(entry["directory"], entry["file"])),
                                 root)
        match = re.search(r"-o\s+(\S+)", entry.get("command", ""))
        output = entry.get("output") or (match.group(1) if match else None)
        if source.startswith("..") or not output:
            continue
        # BUILD/<folder of the target's CMakeLists>/CMakeFiles/<target>.dir/<object>
        output = os.path.relpath(os.path.join(entry["directory"], output), build)
        if "CMakeFiles/" not in output:
            continue
        target_dir, _, rest = ("/" + output).partition("/CMakeFiles/")
        target_dir = target_dir.strip("/") or "."
        target = target_dir + "/" + rest.split("/")[0].removesuffix(".dir")
        yield target, source, room_of(target_dir + "/x"), room_of(source)


TARGET = re.compile(r"\b(?:add_library|add_executable|mynasim_card_library)\(\s*([\w-]+)")
LINK = re.compile(r"\btarget_link_libraries\(([^)]*)\)", re.S)


def link_arrows(root):
    """(target, library, target room, library room) between targets this project defines."""
    lists = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "build")
        if "CMakeLists.txt" in files:
            rel = os.path.relpath(folder, root)
            with open(os.path.join(folder, "CMakeLists.txt")) as f:
                text = re.sub(r"#[^\n]*", "", f.read())
            lists.append((rel, text))
    rooms = {}
    for rel, text in lists:
        for name in TARGET.findall(text):
            if not name.startswith("$"):
                rooms[name] = room_of(rel + "/x")
    for rel, text in lists:
        for body in LINK.findall(text):
            words = body.split()
            if not words or words[0] not in rooms:
                continue
            for library in words[1:]:
                if library in rooms:
                    yield words[0], library, rooms[words[0]], rooms[library]


def violations(root, build):
    """The forbidden arrows, and the targets the build compiles (None without a build)."""
    found = []
    targets = None
    for path, header, src, dst in include_arrows(root):
        why = forbidden_room(src, dst) if dst else forbidden_header(src, header)
        if why:
            found.append(("include", path, header, why))
    if build:
        targets = set()
        for target, source, src, dst in compile_arrows(root, build):
            targets.add(target)
            if src == dst or src.split("/")[0] == "tests":
                continue
            why = None
            if dst.split("/")[0] == "tools":
                why = f"{dst}'s sources are compiled only into {dst}'s own targets"
            elif src == "bench":
                why = "the benches link libraries; they compile only bench/"
            else:
                why = forbidden_room(src, dst)
            if why:
                found.append(("compile", target, source, why))
    for target, library, src, dst in link_arrows(root):
        why = forbidden_room(src, dst)
        if why:
            found.append(("link", target, library, why))
    return found, targets


KNOWN = re.compile(r"^(include|compile|link)\s+(\S+)\s+->\s+(\S+)\s+#\s*(\S.*)$")


def read_known(path):
    known = {}
    with open(path) as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            match = KNOWN.match(line)
            if not match:
                print(f"{path}:{number}: expected `include|compile|link FROM -> TO  # reason`, "
                      f"got: {line}", file=sys.stderr)
                sys.exit(2)
            known[match.group(1, 2, 3)] = number
    return known


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", required=True, help="the source tree")
    parser.add_argument("--build", help="a build tree with compile_commands.json")
    parser.add_argument("--known", help="known violations, each with its reason")
    args = parser.parse_args()
    known = read_known(args.known) if args.known else {}
    found, targets = violations(args.root, args.build)
    # A compile arrow is only seen in a build that has its target (the sanitizer build has no
    # benches): such a line is neither used nor stale there.
    unseen = [e for e in known if e[0] == "compile" and (targets is None or e[1] not in targets)]
    for entry in unseen:
        del known[entry]
    status = 0
    seen = set()
    for kind, src, dst, why in found:
        seen.add((kind, src, dst))
        if (kind, src, dst) not in known:
            print(f"{kind} {src} -> {dst}: {why}")
            status = 1
    for entry, number in sorted(known.items(), key=lambda item: item[1]):
        if entry not in seen:
            print(f"{args.known}:{number}: {' '.join((entry[0], entry[1], '->', entry[2]))} no "
                  "longer occurs: delete the line")
            status = 1
    print(f"check_arrows: {len(found)} forbidden arrows, {len(found) - len(seen & known.keys())} "
          f"not listed; {len(known)} known, {len(known.keys() - seen)} stale")
    return status


if __name__ == "__main__":
    sys.exit(main())
