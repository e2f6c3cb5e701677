#!/usr/bin/env python3
"""Structure rules that keep src/ readable (docs/ARCHITECTURE.md):

1. no import cycle between the top-level modules of src/ (read from the
   `use crate::...` lines and `crate::x::` paths of each file), nor between
   the files of a folder module at any depth, in either of Rust's two styles:
   `x/mod.rs` (src/verdict/) or `x.rs` beside `x/` (src/report/). The files
   are read from `super::...` and `crate::<folder path>::...` (nested `{...}`
   groups included); a name re-exported by the folder's
   root counts as the file it comes from; the root itself (`mod.rs` or `x.rs`)
   declares the files and may use them all;
2. no function longer than 60 lines outside tests (`const`, `async`, `unsafe`,
   `extern` or not), except those marked with a
   `// table-like` comment on the line above (a match or a list of rows); a
   marker on a function of 60 lines or fewer is stale, and fails too;
3. no source file over 500 lines of code: its lines outside every
   `#[cfg(test)]` item (the tests block, a test-only function or `use`),
   blank and comment-only lines left out (`tests.rs` files and the test-only
   `properties.rs`, `testing.rs` are tests). A file that grows past it is
   split by idea into rooms, as `sanitize/` is; `OVER_FOR_NOW` names the few
   allowed over it for now, with the reason (stale entries fail).

Before it looks at src/, it checks itself: in a copy of src/, a circle planted
between two files of each folder module in turn (and one between two top-level
modules, plain, through `super::` paths and through a nested `use` group; and
one in a folder inside a folder) must be reported, so no folder can be left out
unseen; a long function however qualified must be reported; and 501 lines of
code planted at the top of every source file of a copy must get each file
reported, while the same lines planted in its tests must not.

Exits 1 and says what breaks a rule. Run by .ci/run.
"""
import pathlib
import re
import shutil
import sys
import tempfile

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"
MAX_LINES = 60
MAX_CODE = 500
TEST_ONLY = ("tests.rs", "properties.rs", "testing.rs")
# Files allowed over MAX_CODE for now, each with the reason and the seam to
# split at; printed on every run, and an entry fails once its file is back
# under the limit (stale, like a stale `table-like` marker).
OVER_FOR_NOW: dict[str, str] = {}
MARKER = "table-like"


def module_of(src: pathlib.Path, path: pathlib.Path) -> str:
    rel = path.relative_to(src)
    return rel.parts[0].removesuffix(".rs")


CFG_TEST_RE = re.compile(r"\s*#\[cfg\((?:test|all\(test\b[^\]]*\))\)\]\s*$")


def without_test_items(lines):
    """The lines outside every `#[cfg(test)]` item (a tests block, a test-only
    function or `use`), wherever it stands: an item ends on its own line (a
    `;` at its end, or its braces closed there), else at the line that closes
    it at its indent (`}`, `};`, `];`, `);`, as rustfmt writes them)."""
    out, i = [], 0
    while i < len(lines):
        if not CFG_TEST_RE.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        i += 1
        while i < len(lines) and lines[i].lstrip().startswith("#["):
            i += 1
        i = item_end(lines, i)
        i += 1
    return out


def item_end(lines, i: int) -> int:
    """The index of the last line of the item (or variant, field, match arm)
    that starts at `i`."""
    if i >= len(lines):
        return i
    first = lines[i].rstrip()
    if first.endswith((";", ",")) or ("{" in first and first.count("{") == first.count("}")):
        return i  # `use a::b;`, `mod tests;`, `Variant(X),`, `fn f() -> u8 { 1 }`
    indent = first[: len(first) - len(first.lstrip())]
    if first.count("{") > first.count("}"):
        # A block: up to the line that closes it at its indent.
        closing = re.compile(re.escape(indent) + r"[}\])]+[;,]?$")
        while i < len(lines) and not closing.match(lines[i].rstrip()):
            i += 1
        return i
    # An expression over several lines (`const X: &[u8] = &[`): up to its `;`,
    # or a `,` at its own indent (a match arm); a deeper `,` is inside it.
    ends = re.compile(r".*;$|" + re.escape(indent) + r"\S.*,$")
    while i < len(lines) and not ends.match(lines[i].rstrip()):
        i += 1
    return i


def without_tests(text: str) -> str:
    """The file without its `#[cfg(test)]` items (tests may use anything)."""
    return "\n".join(without_test_items(text.splitlines()))


def edges(src: pathlib.Path):
    graph = {}
    for path in sorted(src.rglob("*.rs")):
        mod = module_of(src, path)
        if mod in ("lib", "main") or path.name == "tests.rs":
            continue
        text = without_tests(path.read_text())
        deps = set(re.findall(r"\bcrate::([a-z_]+)", text))
        for group in use_groups(text, "crate"):
            deps.update(top_level_names(group))
        # `super::` as many times as the file is deep is the crate root too
        # (`super::x` in src/a.rs, `super::super::x` in src/a/b.rs).
        up = "super::" * crate_depth(src, path)
        deps.update(re.findall(r"(?<![\w:])%s(?!super\b)([a-z_]+)" % up, text))
        for group in use_groups(text, up.removesuffix("::")):
            deps.update(top_level_names(group))
        deps.discard(mod)
        graph.setdefault(mod, set()).update(deps)
    return graph


def crate_depth(src: pathlib.Path, path: pathlib.Path) -> int:
    """How many `super::` lead from the file's module to the crate root:
    1 for src/a.rs and src/a/mod.rs, 2 for src/a/b.rs."""
    parts = path.relative_to(src).parts
    return len(parts) - (1 if path.name == "mod.rs" else 0)


def use_groups(text: str, prefix: str):
    """The inside of each `{...}` group that follows `prefix::`, nested groups
    and all (`use crate::{a::{b, c}, d};` gives `a::{b, c}, d`)."""
    out = []
    for m in re.finditer(r"(?<![\w:])%s::\{" % re.escape(prefix), text):
        depth, i = 1, m.end()
        while i < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        out.append(text[m.end() : i - 1])
    return out


def top_level_names(group: str):
    """The first segment of each path in a `{...}` use group, at depth 0."""
    names, depth, expect = [], 0, True
    for tok in re.findall(r"[A-Za-z_][A-Za-z0-9_]*|::|[{},]", group):
        if tok == "{":
            depth += 1
        elif tok == "}":
            depth -= 1
        elif tok == ",":
            expect = expect or depth == 0
        elif tok == "::":
            pass
        elif depth == 0 and expect:
            names.append(tok)
            expect = False
    return names


def folder_root(folder: pathlib.Path) -> pathlib.Path:
    """The file that declares a folder's files: `x/mod.rs`, else `x.rs` beside `x/`."""
    inside = folder / "mod.rs"
    return inside if inside.exists() else folder.with_suffix(".rs")


def folder_modules(src: pathlib.Path):
    """Every folder of src/ that is a module, whichever style declares it, at
    any depth (`src/report/inner/` as well as `src/report/`)."""
    return sorted(
        d for d in src.rglob("*") if d.is_dir() and folder_root(d).exists()
    )


def module_path(folder: pathlib.Path) -> str:
    """The folder's path from the crate root, as `use` spells it: `report::inner`."""
    parts = folder.parts
    if "src" not in parts:
        return folder.name
    return "::".join(parts[len(parts) - parts[::-1].index("src") :])


def stray_folders(src: pathlib.Path):
    """Folders holding Rust files with neither `mod.rs` nor `x.rs`: never checked.
    A folder of `tests.rs` only (declared with `#[path]`) holds tests, which may
    use anything."""
    return sorted(
        d
        for d in src.rglob("*")
        if d.is_dir()
        and any(p.name != "tests.rs" for p in d.glob("*.rs"))
        and not folder_root(d).exists()
    )


def folder_edges(folder: pathlib.Path):
    """Edges between the files of one folder module (its root and tests.rs left out)."""
    files = {
        p.stem: p
        for p in folder.glob("*.rs")
        if p.name not in ("mod.rs", "tests.rs")
    }
    root = without_tests(folder_root(folder).read_text())
    origin = {}
    for src, group in re.findall(r"pub(?:\([a-z]+\))? use ([a-z_]+)::\{([^}]*)\}", root):
        for name in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", group):
            origin[name] = src
    for src, name in re.findall(r"pub(?:\([a-z]+\))? use ([a-z_]+)::([A-Za-z_][A-Za-z0-9_]*);", root):
        origin[name] = src
    graph = {}
    for stem, path in sorted(files.items()):
        text = without_tests(path.read_text())
        used = set()
        for group in re.findall(r"use super::\{([^;]*)\};", text):
            used.update(top_level_names(group))
        used.update(re.findall(r"\bsuper::([A-Za-z_][A-Za-z0-9_]*)", text))
        here = re.escape(module_path(folder))
        used.update(re.findall(r"\bcrate::%s::([A-Za-z_][A-Za-z0-9_]*)" % here, text))
        for group in use_groups(text, "crate::" + module_path(folder)):
            used.update(top_level_names(group))
        deps = {n for n in used if n in files} | {origin[n] for n in used if n in origin}
        deps.discard(stem)
        graph[stem] = deps & set(files)
    return graph


def find_cycle(graph):
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def function_lengths(lines):
    """(index, name, length, marked) of each function that ends at its indent's `}`."""
    fn_re = re.compile(
        r"^(\s*)(pub(\([a-z ]+(::[a-z_]+)*\))? )?((const|async|unsafe|extern( \"\w+\")?) )*fn (\w+)"
    )
    for i, line in enumerate(lines):
        m = fn_re.match(line)
        if not m or line.rstrip().endswith(";"):
            continue
        indent = m.group(1)
        end = next(
            (j for j in range(i + 1, len(lines)) if lines[j] == indent + "}"),
            None,
        )
        if end is not None:
            marked = i > 0 and MARKER in lines[i - 1]
            yield i, m.group(8), end - i + 1, marked


def function_problems(src: pathlib.Path):
    out = []
    for path in sorted(src.rglob("*.rs")):
        if path.name in TEST_ONLY:
            continue
        rel = path.relative_to(src.parent)
        lines = without_tests(path.read_text()).splitlines()
        for i, name, length, marked in function_lengths(lines):
            if length > MAX_LINES and not marked:
                out.append(f"function over {MAX_LINES} lines: {rel}:{i + 1}: `{name}` is {length} lines")
            elif length <= MAX_LINES and marked:
                out.append(
                    f"stale `// {MARKER}` marker: {rel}:{i}: `{name}` is {length} lines "
                    f"(hint: drop the marker, the rule holds without it)"
                )
    return out


def code_lines(text: str) -> int:
    """Lines of code outside tests: blank and comment-only lines left out."""
    return sum(
        1
        for line in without_test_items(text.splitlines())
        if not re.match(r"\s*(//.*)?$", line)
    )


def size_problems(src: pathlib.Path, over_for_now=None):
    """Files over MAX_CODE lines of code, and stale entries of `over_for_now`."""
    over_for_now = OVER_FOR_NOW if over_for_now is None else over_for_now
    out = []
    for path in sorted(src.rglob("*.rs")):
        if path.name in TEST_ONLY:
            continue
        n = code_lines(path.read_text())
        rel = str(path.relative_to(src.parent))
        if n > MAX_CODE and rel not in over_for_now:
            out.append(
                f"file over {MAX_CODE} lines of code: {rel} has {n} "
                f"(hint: split it by idea into rooms, `x.rs` beside `x/`, as src/sanitize/ is)"
            )
        elif n <= MAX_CODE and rel in over_for_now:
            out.append(
                f"stale entry in OVER_FOR_NOW: {rel} has {n} lines of code "
                f"(hint: drop it from scripts/check-structure.py, the rule holds without it)"
            )
    for rel in sorted(set(over_for_now) - {str(p.relative_to(src.parent)) for p in src.rglob("*.rs")}):
        out.append(f"stale entry in OVER_FOR_NOW: {rel} does not exist")
    return out


def problems(src: pathlib.Path):
    """Every broken rule in a source tree, one line each."""
    out = []
    cycle = find_cycle(edges(src))
    if cycle:
        out.append("import cycle between modules: " + " -> ".join(cycle))
    for folder in folder_modules(src):
        cycle = find_cycle(folder_edges(folder))
        if cycle:
            rel = folder.relative_to(src.parent)
            out.append(f"import cycle between the files of {rel}/: " + " -> ".join(cycle))
    for folder in stray_folders(src):
        rel = folder.relative_to(src.parent)
        out.append(f"folder {rel}/ has Rust files but no `mod.rs` nor `{folder.name}.rs`: never checked")
    out.extend(function_problems(src))
    out.extend(size_problems(src))
    return out


def plant_folder_circle(folder: pathlib.Path):
    """Two files of `folder` that use each other (new files when it has fewer than two)."""
    files = sorted(p for p in folder.glob("*.rs") if p.name not in ("mod.rs", "tests.rs"))
    if len(files) < 2:
        files = [folder / "planted_a.rs", folder / "planted_b.rs"]
        for f in files:
            f.write_text("pub fn planted() {}\n")
    a, b = files[0], files[1]
    a.write_text(f"use super::{b.stem}::planted;\n" + a.read_text())
    b.write_text(f"use super::{{{a.stem}::planted, Other}};\n" + b.read_text())


def self_test():
    """The detector must see a cycle where there is one, in every folder of src/."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    assert top_level_names("common::{a, b}, Check, x::y") == ["common", "Check", "x"]
    with tempfile.TemporaryDirectory() as tmp:
        # A circle through a re-export, in each style of folder module.
        for style in ("mod.rs", "x.rs"):
            root = pathlib.Path(tmp) / style
            folder = root / "v"
            folder.mkdir(parents=True)
            declares = folder / "mod.rs" if style == "mod.rs" else root / "v.rs"
            declares.write_text("mod a;\nmod b;\npub use a::Thing;\n")
            (folder / "a.rs").write_text("use super::b::helper;\npub struct Thing;\n")
            (folder / "b.rs").write_text("use super::{Check, Thing};\npub fn helper() {}\n")
            assert folder_modules(root) == [folder], style
            assert find_cycle(folder_edges(folder)) == ["a", "b", "a"], style
        # A folder inside a folder module is one too, reached by its full path.
        root = pathlib.Path(tmp) / "nested" / "src"
        inner = root / "v" / "inner"
        inner.mkdir(parents=True)
        (root / "v.rs").write_text("mod inner;\n")
        (root / "v" / "inner.rs").write_text("mod a;\nmod b;\n")
        (inner / "a.rs").write_text("use crate::v::inner::{b::helper};\npub fn planted() {}\n")
        (inner / "b.rs").write_text("use super::a::planted;\npub fn helper() {}\n")
        assert folder_modules(root) == [root / "v", inner], folder_modules(root)
        assert find_cycle(folder_edges(inner)) == ["a", "b", "a"]
        # A marker on a short function is stale; one on a long function is not.
        marked = pathlib.Path(tmp) / "marked" / "src"
        marked.mkdir(parents=True)
        body = "".join(f"    let _x{i} = {i};\n" for i in range(MAX_LINES))
        (marked / "m.rs").write_text(
            f"// {MARKER}: rows\nfn long() {{\n{body}}}\n// {MARKER}: rows\nfn short() {{\n}}\n"
        )
        found = function_problems(marked)
        assert len(found) == 1 and "`short`" in found[0] and "stale" in found[0], found
        # However the function is qualified, a long one is seen.
        body += "    let _y = 0;\n"
        heads = ("unsafe fn", 'pub(crate) unsafe extern "C" fn', "    pub(super) async fn", "const fn")
        (marked / "m.rs").write_text(
            "".join(f"{h} long{i}() {{\n{body}{h[: len(h) - len(h.lstrip())]}}}\n" for i, h in enumerate(heads))
        )
        found = function_problems(marked)
        assert len(found) == len(heads) and all("over" in f for f in found), found
        # The real tree: every folder module, and the top level, fails with a planted circle.
        folders = folder_modules(SRC)
        assert folders, "no folder module found in src/"
        for folder in folders:
            copy = pathlib.Path(tmp) / f"plant-{folder.name}" / "src"
            shutil.copytree(SRC, copy)
            plant_folder_circle(copy / folder.name)
            seen = [p for p in problems(copy) if f"files of src/{folder.name}/" in p]
            assert seen, f"a circle planted in src/{folder.name}/ was not reported"
        copy = pathlib.Path(tmp) / "plant-top" / "src"
        shutil.copytree(SRC, copy)
        for a, b in (("exit", "timestamp"), ("timestamp", "exit")):
            f = copy / f"{a}.rs"
            f.write_text(f"use crate::{b}::planted;\n" + f.read_text())
        assert any(p.startswith("import cycle between modules") for p in problems(copy))
        # The same circle through `super::` paths that reach the crate root.
        copy = pathlib.Path(tmp) / "plant-top-super" / "src"
        shutil.copytree(SRC, copy)
        f = copy / "exit.rs"
        f.write_text("use super::{report::planted};\n" + f.read_text())
        f = copy / "report" / "human.rs"
        f.write_text("use super::super::exit::Exit;\n" + f.read_text())
        assert any(p.startswith("import cycle between modules") for p in problems(copy))
        # The same circle through a nested `use crate::{...}` group.
        copy = pathlib.Path(tmp) / "plant-top-group" / "src"
        shutil.copytree(SRC, copy)
        for a, b in (("exit", "timestamp"), ("timestamp", "exit")):
            f = copy / f"{a}.rs"
            f.write_text(f"use crate::{{\n    sanitize::{{a, b}},\n    {b},\n}};\n" + f.read_text())
        assert any(p.startswith("import cycle between modules") for p in problems(copy))
        size_self_test(pathlib.Path(tmp))
    return [f.name for f in folders]


def size_self_test(tmp: pathlib.Path):
    """Every source file of a copy of src/ is reported once it holds 501 lines of
    code; blank lines, comments and a tests block never count."""
    planted = "".join(f"const _PLANTED_{i}: u8 = 0;\n" for i in range(MAX_CODE + 1))
    blank = "\n// a comment\n    //! a doc line\n" * MAX_CODE
    text = "fn a() {}\n" + blank + "#[cfg(all(test, unix))]\nmod tests {\n" + planted + "}\n"
    assert code_lines(text) == 1, code_lines(text)
    # A test-only item in the middle of a file hides nothing after it.
    middle = (
        "#[cfg(test)]\n#[allow(unused)]\npub use a::b;\n"
        "#[cfg(test)]\npub fn parse() {\n    let x = 1;\n}\n"
        "#[cfg(test)]\nfn one() -> u8 { 1 }\n"
        "#[cfg(test)]\nconst ROWS: &[u8] = &[\n    1,\n];\n"
        "#[cfg(test)]\nconst TEXT: &str =\n    \"long\";\n"
        "enum E {\n    #[cfg(test)]\n    Fake(u8),\n    #[cfg(test)]\n    Other {\n        a: u8,\n    },\n}\n"
        "fn after() {}\n#[cfg(test)]\nmod tests;\n"
    )
    assert code_lines(middle) == 3, code_lines(middle)  # `enum E {`, `}`, `fn after`
    assert code_lines(planted[: -len("\n")]) == MAX_CODE + 1
    copy = tmp / "plant-size" / "src"
    shutil.copytree(SRC, copy)
    checked = [p for p in sorted(copy.rglob("*.rs")) if p.name not in TEST_ONLY]
    for path in checked:
        path.write_text(planted + path.read_text())
    reported = size_problems(copy, over_for_now={})
    for path in checked:
        rel = path.relative_to(copy.parent)
        assert any(f" {rel} has " in p for p in reported), f"{rel}: 501 lines of code not reported"
    assert len(reported) == len(checked), reported
    # Planted in the tests block only, nothing is reported.
    copy = tmp / "plant-size-tests" / "src"
    copy.mkdir(parents=True)
    (copy / "big.rs").write_text(text)
    assert size_problems(copy, over_for_now={}) == []
    # An allowance for a file back under the limit, or gone, is stale.
    stale = size_problems(copy, over_for_now={"src/big.rs": "why", "src/gone.rs": "why"})
    assert len(stale) == 2 and all("stale entry" in p for p in stale), stale


def main():
    checked = self_test()
    found = problems(SRC)
    for line in found:
        print(line)
    for rel, why in sorted(OVER_FOR_NOW.items()):
        print(f"note: {rel} is allowed over {MAX_CODE} lines of code for now: {why}")
    if found:
        return 1
    print(
        "structure: no import cycle (top level; folders "
        + ", ".join(f"{n}/" for n in checked)
        + f"), no function over {MAX_LINES} lines, no stale marker, "
        + f"no file over {MAX_CODE} lines of code"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
