#!/usr/bin/env python3
"""CHANGELOG fragments (changelog.d/README.md, docs/releasing.md).

    scripts/changelog.py check               every fragment well named and well formed,
                                             no `###` heading twice under Unreleased
    scripts/changelog.py fold X.Y.Z [DATE]   at release: fold them into CHANGELOG.md
    scripts/changelog.py self-test           the two above on a made-up tree

A fragment is `changelog.d/<branch>-<slug>.<kind>.md`, kind one of KINDS, its
content one Markdown bullet (`- ...`, continuation lines indented by two
spaces), no line over 100 columns.

`fold` turns `## [Unreleased]` into `## [X.Y.Z] - DATE` (DATE defaults to
today, UTC), with one `### Kind` section per kind: the entries already under
Unreleased first (duplicate headings merged, every entry kept, in order), then
the fragments of that kind sorted by file name; a new empty `## [Unreleased]`
goes above it, and the fragments are deleted. It refuses (exit 1, nothing
written) when a fragment is malformed or the version is already in the file.

Run by .ci/run: `check` and `self-test`.
"""
import datetime
import pathlib
import re
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
KINDS = ("added", "changed", "removed", "fixed", "security")
# Sections the file may already hold that no fragment kind makes, and where
# they go among the fragment kinds (Keep a Changelog's order, then the rest).
ORDER = ("Added", "Changed", "Performance", "Deprecated", "Removed", "Fixed", "Security")
WIDTH = 100
NAME = re.compile(r"^(?P<stem>[a-z0-9][a-z0-9-]*)\.(?P<kind>[a-z]+)\.md$")


class Refused(Exception):
    pass


def fragments(folder: pathlib.Path):
    """(path, kind, text) of every fragment, sorted by name; Refused names every problem."""
    out, problems = [], []
    for path in sorted(folder.glob("*.md")):
        if path.name == "README.md":
            continue
        m = NAME.match(path.name)
        if not m or m.group("kind") not in KINDS or "-" not in m.group("stem"):
            problems.append(
                f"`{path.name}`: expected `<branch>-<slug>.<kind>.md`, kind one of {', '.join(KINDS)}"
            )
            continue
        text = path.read_text(encoding="utf-8").strip("\n")
        problems.extend(f"`{path.name}`: {p}" for p in bullet_problems(text))
        out.append((path, m.group("kind"), text))
    if problems:
        raise Refused("\n".join(problems))
    return out


def bullet_problems(text: str):
    lines = text.split("\n")
    if not text.startswith("- "):
        yield "the content must be one Markdown bullet starting `- `"
    for n, line in enumerate(lines[1:], start=2):
        if not line.startswith("  ") or not line.strip():
            yield f"line {n}: one bullet only, its next lines indented by two spaces"
    for n, line in enumerate(lines, start=1):
        if len(line) > WIDTH:
            yield f"line {n} is {len(line)} columns (at most {WIDTH})"


def split_unreleased(changelog: str):
    """(head, {section: [[lines] per heading]} in file order, tail) around `## [Unreleased]`."""
    m = re.search(r"^## \[Unreleased\][^\n]*\n", changelog, re.M)
    if not m:
        raise Refused("CHANGELOG.md has no `## [Unreleased]` heading")
    end = re.search(r"^## ", changelog[m.end():], re.M)
    stop = m.end() + end.start() if end else len(changelog)
    sections, current = {}, None
    for line in changelog[m.end():stop].split("\n"):
        h = re.match(r"^### (.+?)\s*$", line)
        if h:
            current = []
            sections.setdefault(h.group(1), []).append(current)
        elif current is not None:
            current.append(line)
        elif line.strip():
            raise Refused(f"text under `## [Unreleased]` before any `###` heading: {line!r}")
    return changelog[: m.start()], sections, changelog[stop:]


def entries(blocks):
    """The text under each heading of one name, without blank lines around it."""
    texts = ("\n".join(lines).strip("\n") for lines in blocks)
    return [text for text in texts if text]


def sections_text(sections, frags) -> str:
    """One `### Kind` per name, in ORDER: the existing entries, then the fragments."""
    merged = {name: entries(blocks) for name, blocks in sections.items()}
    for _, kind, text in frags:
        merged.setdefault(kind.capitalize(), []).append(text)
    rank = {name: i for i, name in enumerate(ORDER)}
    names = sorted((n for n in merged if merged[n]), key=lambda n: rank.get(n, len(ORDER)))
    return "".join(f"### {n}\n" + "\n".join(merged[n]) + "\n\n" for n in names)


def fold_text(changelog: str, frags, version: str, date: str) -> str:
    if re.search(r"^## \[%s\]" % re.escape(version), changelog, re.M):
        raise Refused(f"CHANGELOG.md already has `## [{version}]`")
    head, sections, tail = split_unreleased(changelog)
    body = sections_text(sections, frags)
    return f"{head}## [Unreleased]\n\n## [{version}] - {date}\n\n{body}{tail}".rstrip("\n") + "\n"


def duplicate_headings(changelog: str):
    """Headings that appear more than once under `## [Unreleased]`."""
    _, sections, _ = split_unreleased(changelog)
    return [name for name, blocks in sections.items() if len(blocks) > 1]


def fold(root: pathlib.Path, version: str, date: str):
    if not re.fullmatch(r"\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", version):
        raise Refused(f"`{version}` is not a version X.Y.Z")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise Refused(f"`{date}` is not a date YYYY-MM-DD")
    frags = fragments(root / "changelog.d")
    path = root / "CHANGELOG.md"
    path.write_text(fold_text(path.read_text(encoding="utf-8"), frags, version, date), encoding="utf-8")
    for frag, _, _ in frags:
        frag.unlink()
    return len(frags)


SAMPLE = """# Changelog

Intro.

## [Unreleased]

### Security
- s1

### Added
- a1
  wrapped

### Fixed
- f1

### Added
- a2

### Performance
- p1

## [0.0.1] - 2026-01-01

### Added
- old
"""

FOLDED = """# Changelog

Intro.

## [Unreleased]

## [0.1.0] - 2026-12-07

### Added
- a1
  wrapped
- a2
- b new feature
- c another
  wrapped line

### Performance
- p1

### Fixed
- f1
- z a fix

### Security
- s1

## [0.0.1] - 2026-01-01

### Added
- old
"""


def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        (root / "changelog.d").mkdir()
        (root / "changelog.d" / "README.md").write_text("not a fragment\n")
        (root / "CHANGELOG.md").write_text(SAMPLE)
        for name, text in {
            "main-c.added.md": "- c another\n  wrapped line\n",
            "feat-b.added.md": "- b new feature\n",
            "fix-z.fixed.md": "- z a fix\n",
        }.items():
            (root / "changelog.d" / name).write_text(text)
        assert duplicate_headings(SAMPLE) == ["Added"]
        assert fold(root, "0.1.0", "2026-12-07") == 3
        got = (root / "CHANGELOG.md").read_text()
        assert got == FOLDED, got
        assert sorted(p.name for p in (root / "changelog.d").iterdir()) == ["README.md"]
        assert duplicate_headings(got) == []
        # Folding again with no fragment: the empty Unreleased becomes the next version.
        try:
            fold(root, "0.1.0", "2026-12-08")
            raise AssertionError("a version already in the file was folded again")
        except Refused as e:
            assert "already has" in str(e)
        # Each malformed fragment is refused, and nothing is written or deleted.
        for name, text, why in [
            ("nobranch.added.md", "- x\n", "expected"),
            ("b-x.performance.md", "- x\n", "kind one of"),
            ("b-x.added.md", "x\n", "one Markdown bullet"),
            ("b-x.added.md", "- x\n- y\n", "one bullet only"),
            ("b-x.added.md", "- " + "x" * WIDTH + "\n", "columns"),
        ]:
            (root / "CHANGELOG.md").write_text(SAMPLE)
            frag = root / "changelog.d" / name
            frag.write_text(text)
            try:
                fold(root, "0.2.0", "2026-12-07")
                raise AssertionError(f"{name} {text!r} was folded")
            except Refused as e:
                assert why in str(e), (why, str(e))
            assert frag.exists() and (root / "CHANGELOG.md").read_text() == SAMPLE
            frag.unlink()
    print("changelog.py: self-test passed")


def main(argv):
    try:
        if argv[:1] == ["check"] and len(argv) == 1:
            found = fragments(ROOT / "changelog.d")
            twice = duplicate_headings((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
            if twice:
                raise Refused(
                    "CHANGELOG.md repeats under `## [Unreleased]`: "
                    + ", ".join(f"`### {n}`" for n in twice)
                    + " (hint: one section per kind; add a fragment in changelog.d/ instead)"
                )
            print(f"changelog.d: {len(found)} fragment(s), all well formed")
        elif argv[:1] == ["fold"] and len(argv) in (2, 3):
            date = argv[2] if len(argv) == 3 else datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
            n = fold(ROOT, argv[1], date)
            print(f"CHANGELOG.md: {n} fragment(s) folded under `## [{argv[1]}] - {date}`")
        elif argv == ["self-test"]:
            self_test()
        else:
            print(__doc__.strip().split("\n\n")[1], file=sys.stderr)
            return 64
    except Refused as e:
        print(f"changelog: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
