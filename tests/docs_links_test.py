#!/usr/bin/env python3
"""Every relative link and image in README.md and docs/*.md points at something that exists.

A link's file (or directory) must exist, relative to the page that holds it, and a `#anchor`
must be a heading of its target page as GitHub names headings: the heading's text lowercased,
punctuation dropped except `-` and `_`, each space a `-`, and `-1`, `-2`, ... after repeats.
Links to other sites (`https:`, `mailto:`) are not followed. Links inside code (fenced blocks
and `inline code`) are text, not links.

    docs_links_test.py [--root DIR]      exit 0 when every link resolves, else 1, one line each
"""

import argparse
import pathlib
import re
import sys

INLINE = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = re.compile(r"^\s{0,3}(```|~~~)")
EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def prose_lines(text):
    """(line number, line) outside fenced code blocks, with inline code blanked out."""
    fence = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = FENCE.match(line)
        if match:
            if fence is None:
                fence = match.group(1)
            elif match.group(1) == fence:
                fence = None
            continue
        if fence is None:
            yield number, re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), line)


def slug(heading):
    """GitHub's anchor for a heading's text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link reads as its text
    text = re.sub(r"<[^>]+>", "", text).lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors(path):
    """Every anchor a page's headings give, repeats numbered as GitHub numbers them."""
    seen = {}
    found = set()
    fence = None
    for line in path.read_text(encoding="utf-8").splitlines():
        match = FENCE.match(line)
        if match:
            fence = match.group(1) if fence is None else (None if match.group(1) == fence else fence)
            continue
        heading = HEADING.match(line) if fence is None else None
        if heading:
            base = slug(heading.group(2))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(path):
    """(line, target) of every link and image in a page's prose."""
    for number, line in prose_lines(path.read_text(encoding="utf-8")):
        for match in INLINE.finditer(line):
            yield number, match.group(1)
        reference = REFERENCE.match(line)
        if reference:
            yield number, reference.group(1)


def check(root):
    pages = [root / "README.md"] + sorted((root / "docs").glob("*.md"))
    pages = [p for p in pages if p.is_file()]
    problems, checked = [], 0
    for page in pages:
        for number, target in links(page):
            if EXTERNAL.match(target):
                continue
            checked += 1
            where = f"{page.relative_to(root)}:{number}: {target}"
            file_part, _, anchor = target.partition("#")
            resolved = (page.parent / file_part).resolve() if file_part else page
            if not resolved.exists():
                problems.append(f"{where}: {file_part} does not exist")
                continue
            if anchor:
                if resolved.is_dir() or resolved.suffix != ".md":
                    problems.append(f"{where}: #{anchor} points into {file_part}, not a page")
                elif anchor not in anchors(resolved):
                    problems.append(f"{where}: no heading gives #{anchor} in {resolved.relative_to(root)}")
    return pages, checked, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=pathlib.Path(__file__).resolve().parent.parent,
                        type=pathlib.Path, help="the checkout (default: this file's)")
    root = parser.parse_args().root.resolve()
    pages, checked, problems = check(root)
    for problem in problems:
        print(problem)
    if problems:
        print(f"docs_links: {len(problems)} of {checked} relative links broken")
        return 1
    print(f"docs_links: {len(pages)} pages, {checked} relative links, all resolve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
