#!/usr/bin/env python3
"""The layering ARCHITECTURE.md promises, checked against the code.

ARCHITECTURE.md's first table (the one with a "may depend on" column) is the rule: one row per
`src/<folder>/` (or a file such as `src/main.cpp`). This test reads that table, then fails on

  * an `#include "X/..."` in a .hpp/.cpp under src/<folder>/ (includes are rooted at src/)
    where X is another obsctl folder the row does not allow, and
  * an obsctl library (`obsctl_X`, or any target a src/X/CMakeLists.txt defines) named in the
    folder's CMakeLists.txt target_link_libraries that the row does not allow,
  * a folder (or loose source file) in src/ that has no row at all.

"everything above" is every folder in the rows above; a cell naming no obsctl folder
("nothing of obsctl", demoapp's list of outside libraries) allows none. A row whose folder does
not exist yet is fine.

  layering_test.py [--root DIR]     (DIR: the repository, default: this script's ../)

Exit 0 and a one-line summary when every edge is allowed; 1 and one line per violation
(FILE:LINE: FOLDER may not include X/... (ARCHITECTURE.md allows: a, b)) otherwise; 2 when the
table cannot be read. Python 3 standard library only.
"""
import argparse
import pathlib
import re
import sys

SOURCE_SUFFIXES = {".hpp", ".cpp", ".h", ".hh", ".cc", ".cxx", ".ipp", ".inl"}
INCLUDE = re.compile(r'^[ \t]*#[ \t]*include[ \t]*"([^"]+)"')
CALL = re.compile(r"\b(target_link_libraries|add_library|add_executable)\s*\(", re.IGNORECASE)
# Keywords of target_link_libraries / add_library, never target names.
CMAKE_KEYWORDS = {"PUBLIC", "PRIVATE", "INTERFACE", "LINK_PUBLIC", "LINK_PRIVATE",
                  "LINK_INTERFACE_LIBRARIES", "debug", "optimized", "general", "STATIC", "SHARED",
                  "MODULE", "OBJECT", "ALIAS", "IMPORTED", "GLOBAL", "EXCLUDE_FROM_ALL",
                  "WIN32", "MACOSX_BUNDLE"}


class TableError(Exception):
    pass


def split_row(line):
    """The cells of a markdown table row; a | inside `code` or escaped as \\| is text."""
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells, cell, in_code, i = [], [], False, 0
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] == "|":
            cell.append("|")
            i += 2
            continue
        if c == "`":
            in_code = not in_code
        if c == "|" and not in_code:
            cells.append("".join(cell).strip())
            cell = []
        else:
            cell.append(c)
        i += 1
    cells.append("".join(cell).strip())
    return cells


class Row:
    def __init__(self, line, label, path, is_folder, cell):
        self.line = line        # line in ARCHITECTURE.md
        self.label = label      # "grafana", or "src/main.cpp" for a file row
        self.path = path        # "grafana" or "main.cpp": relative to src/
        self.is_folder = is_folder
        self.cell = cell        # the "may depend on" text as written
        self.allowed = []       # obsctl folders, resolved


def read_table(architecture):
    """The rows of the first table with a "may depend on" column, allowances resolved."""
    lines = architecture.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        if lines[i].lstrip().startswith("|") and i + 1 < len(lines) and \
                re.fullmatch(r"\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*", lines[i + 1]):
            header = [h.strip("` ").lower() for h in split_row(lines[i])]
            if "may depend on" in header:
                break
        i += 1
    else:
        raise TableError(f"{architecture}: no table with a \"may depend on\" column")
    header = [h.strip("` ").lower() for h in split_row(lines[i])]
    folder_col = next((k for k, h in enumerate(header) if h in ("folder", "path")), 0)
    depend_col = header.index("may depend on")
    rows = []
    i += 2
    while i < len(lines) and lines[i].lstrip().startswith("|"):
        cells = split_row(lines[i])
        if len(cells) != len(header):
            raise TableError(f"{architecture}:{i + 1}: {len(cells)} cells, the header has "
                             f"{len(header)}")
        where = cells[folder_col].strip("` ")
        m = re.fullmatch(r"src/([^/\s]+)(/?)", where)
        if not m:
            raise TableError(f"{architecture}:{i + 1}: {cells[folder_col]!r} is not src/<folder>/ "
                             f"or src/<file>")
        is_folder = m.group(2) == "/" or "." not in m.group(1)
        rows.append(Row(i + 1, m.group(1) if is_folder else where, m.group(1), is_folder,
                        cells[depend_col]))
        i += 1
    if not rows:
        raise TableError(f"{architecture}: the \"may depend on\" table has no rows")
    folders = [r.path for r in rows if r.is_folder]
    for k, row in enumerate(rows):
        above = [r.path for r in rows[:k] if r.is_folder]
        allowed = []
        for token in row.cell.replace("`", "").split(","):
            token = token.strip()
            if token.lower() == "everything above":
                allowed += above
            elif token in folders:
                allowed.append(token)
            # Anything else names no obsctl folder: "nothing of obsctl", outside libraries.
        row.allowed = list(dict.fromkeys(a for a in allowed if a != row.path))
    return rows


def strip_block_comments(text):
    """/* ... */ blanked out, line breaks kept, so a commented-out include is not read."""
    return re.sub(r"/\*.*?\*/", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)


def cmake_calls(text):
    """(command, args, line) of each target_link_libraries / add_library / add_executable."""
    text = re.sub(r"#[^\n]*", lambda m: " " * len(m.group(0)), text)  # comments
    for m in CALL.finditer(text):
        depth, j = 1, m.end()
        while j < len(text) and depth:
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        args = re.findall(r'"[^"]*"|[^\s()]+', text[m.end():j - 1])
        yield m.group(1).lower(), [a.strip('"') for a in args], text.count("\n", 0, m.start()) + 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=pathlib.Path,
                        default=pathlib.Path(__file__).resolve().parent.parent,
                        help="the repository: ARCHITECTURE.md and src/ (default: %(default)s)")
    root = parser.parse_args().root.resolve()
    src = root / "src"
    try:
        rows = read_table(root / "ARCHITECTURE.md")
    except (TableError, OSError) as e:
        print(f"layering: {e}")
        return 2
    if not src.is_dir():
        print(f"layering: {src}: no such directory")
        return 2

    violations = []

    # The table itself must be layers: a cycle of "may depend on" allows a cycle of includes.
    graph = {r.path: r.allowed for r in rows if r.is_folder}
    line_of = {r.path: r.line for r in rows}
    state = {}

    def visit(folder, trail):
        state[folder] = "open"
        for other in graph.get(folder, []):
            if state.get(other) == "open":
                cycle = trail[trail.index(other):] + [other]
                violations.append(f"ARCHITECTURE.md:{line_of[folder]}: the table has a cycle: "
                                  f"{' -> '.join(cycle)}")
            elif other not in state:
                visit(other, trail + [other])
        state[folder] = "done"

    for folder in graph:
        if folder not in state:
            visit(folder, [folder])

    def rel(path):
        return path.relative_to(root).as_posix()

    def allows(row):
        return ", ".join(row.allowed) if row.allowed else "no obsctl folder"

    # Every folder of src/ and every folder of the table is an obsctl folder.
    on_disk = sorted(p.name for p in src.iterdir() if p.is_dir())
    folders = list(dict.fromkeys([r.path for r in rows if r.is_folder] + on_disk))
    described = {r.path for r in rows}
    for name in on_disk:
        if name not in described:
            violations.append(f"src/{name}/: no row in ARCHITECTURE.md's table (add one saying "
                              f"what it may depend on)")
    for p in sorted(src.iterdir()):
        if p.is_file() and p.suffix in SOURCE_SUFFIXES and p.name not in described:
            violations.append(f"{rel(p)}: no row in ARCHITECTURE.md's table")

    # Which folder defines each CMake target (obsctl_report: report; demoapp_core: demoapp).
    target_folder = {f"obsctl_{f}": f for f in folders}
    cmake_files = {f: src / f / "CMakeLists.txt" for f in on_disk}
    for folder, path in cmake_files.items():
        if path.is_file():
            for command, args, _ in cmake_calls(path.read_text(encoding="utf-8")):
                if command != "target_link_libraries" and args:
                    target_folder[args[0]] = folder

    includes = links = 0
    for row in rows:
        base = src / row.path
        if row.is_folder:
            sources = sorted(p for p in base.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES) \
                if base.is_dir() else []
        else:
            sources = [base] if base.is_file() else []
        for path in sources:
            text = strip_block_comments(path.read_text(encoding="utf-8", errors="replace"))
            for number, line in enumerate(text.splitlines(), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                name = m.group(1)
                if name.startswith(("./", "../")):  # relative: resolved, then rooted at src/
                    resolved = (path.parent / name).resolve()
                    try:
                        name = resolved.relative_to(src.resolve()).as_posix()
                    except ValueError:
                        continue
                if "/" not in name:
                    continue  # a header beside the file
                folder = name.split("/", 1)[0]
                if folder not in folders:
                    continue  # not obsctl's (a library's own quoted include)
                includes += 1
                if folder != (row.path if row.is_folder else None) and folder not in row.allowed:
                    violations.append(f"{rel(path)}:{number}: {row.label} may not include "
                                      f"{name} (ARCHITECTURE.md allows: {allows(row)})")

        # The libraries its CMakeLists.txt links: the folder's own, or for a file row the
        # targets src/CMakeLists.txt builds from that file.
        cmake = base / "CMakeLists.txt" if row.is_folder else src / "CMakeLists.txt"
        if not cmake.is_file():
            continue
        calls = list(cmake_calls(cmake.read_text(encoding="utf-8")))
        if row.is_folder:
            mine = None  # every target of the folder's own CMakeLists.txt
        else:
            mine = {args[0] for command, args, _ in calls
                    if command != "target_link_libraries" and args and row.path in args[1:]}
        for command, args, number in calls:
            if command != "target_link_libraries" or not args:
                continue
            if mine is not None and args[0] not in mine:
                continue
            for library in args[1:]:
                if library in CMAKE_KEYWORDS or library not in target_folder:
                    continue  # an outside library, or obsctl_warnings and the like
                folder = target_folder[library]
                links += 1
                if folder != (row.path if row.is_folder else None) and folder not in row.allowed:
                    violations.append(f"{rel(cmake)}:{number}: {row.label} may not link "
                                      f"{library} ({folder}/) (ARCHITECTURE.md allows: "
                                      f"{allows(row)})")

    missing = [r.path for r in rows if not (src / r.path).exists()]
    counted = f"{len(rows)} rows" + (f" ({', '.join(missing)} not in src/ yet)" if missing else "")
    if violations:
        for v in violations:
            print(v)
        print(f"layering: {len(violations)} violation{'s' if len(violations) != 1 else ''} of "
              f"ARCHITECTURE.md's table ({counted}, {includes} includes, {links} links): change "
              f"the include, or the table if the edge is right")
        return 1
    print(f"layering: {counted}, {includes} includes, {links} links, all allowed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
