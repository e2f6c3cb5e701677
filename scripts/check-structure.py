#!/usr/bin/env python3
"""Structure rules that keep src/ readable (docs/ARCHITECTURE.md):

1. no import cycle between the top-level modules of src/ (read from the
   `use crate::...` lines and `crate::x::` paths of each file), nor between
   the files of a folder module such as src/verdict/ (read from `super::...`
   and `crate::<folder>::...`; a name re-exported by the folder's mod.rs counts
   as the file it comes from; mod.rs itself is the folder's root, which
   declares the files and may use them all);
2. no function longer than 60 lines outside tests, except those marked with a
   `// table-like` comment on the line above (a match or a list of rows).

Exits 1 and says what breaks a rule. Run by .ci/run.
"""
import pathlib
import re
import sys
import tempfile

SRC = pathlib.Path(__file__).resolve().parent.parent / "src"
MAX_LINES = 60


def module_of(path: pathlib.Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0].removesuffix(".rs")


def without_tests(text: str) -> str:
    """The file up to its `#[cfg(test)] mod tests` block (tests may use anything)."""
    m = re.search(r"^#\[cfg\(test\)\]\s*\nmod tests\b", text, re.M)
    return text[: m.start()] if m else text


def edges():
    graph = {}
    for path in sorted(SRC.rglob("*.rs")):
        mod = module_of(path)
        if mod in ("lib", "main") or path.name == "tests.rs":
            continue
        text = without_tests(path.read_text())
        deps = set(re.findall(r"\bcrate::([a-z_]+)", text))
        for group in re.findall(r"use crate::\{([^}]*)\}", text):
            deps.update(re.findall(r"(?:^|,)\s*([a-z_]+)", group))
        deps.discard(mod)
        graph.setdefault(mod, set()).update(deps)
    return graph


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


def folder_edges(folder: pathlib.Path):
    """Edges between the files of one folder module (mod.rs and tests.rs left out)."""
    files = {
        p.stem: p
        for p in folder.glob("*.rs")
        if p.name not in ("mod.rs", "tests.rs")
    }
    root = without_tests((folder / "mod.rs").read_text())
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
        used.update(re.findall(r"\bcrate::%s::([A-Za-z_][A-Za-z0-9_]*)" % folder.name, text))
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


def long_functions():
    out = []
    fn_re = re.compile(r"^(\s*)(pub(\([a-z]+\))? )?(const )?fn (\w+)")
    for path in sorted(SRC.rglob("*.rs")):
        if path.name in ("tests.rs", "properties.rs", "testing.rs"):
            continue
        lines = without_tests(path.read_text()).splitlines()
        for i, line in enumerate(lines):
            m = fn_re.match(line)
            if not m or line.rstrip().endswith(";"):
                continue
            indent = m.group(1)
            end = next(
                (j for j in range(i + 1, len(lines)) if lines[j] == indent + "}"),
                None,
            )
            if end is None:
                continue
            length = end - i + 1
            marked = i > 0 and "table-like" in lines[i - 1]
            if length > MAX_LINES and not marked:
                out.append(f"{path.relative_to(SRC.parent)}:{i + 1}: `{m.group(5)}` is {length} lines")
    return out


def main():
    # The detector itself must see a cycle where there is one.
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    assert top_level_names("common::{a, b}, Check, x::y") == ["common", "Check", "x"]
    # ...and a circle between two files of a folder, one edge through a re-export.
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp) / "v"
        folder.mkdir()
        (folder / "mod.rs").write_text("mod a;\nmod b;\npub use a::Thing;\n")
        (folder / "a.rs").write_text("use super::b::helper;\npub struct Thing;\n")
        (folder / "b.rs").write_text("use super::{Check, Thing};\npub fn helper() {}\n")
        assert find_cycle(folder_edges(folder)) == ["a", "b", "a"]
    failed = False
    cycle = find_cycle(edges())
    if cycle:
        print("import cycle between modules: " + " -> ".join(cycle))
        failed = True
    for folder in sorted(p.parent for p in SRC.rglob("mod.rs")):
        cycle = find_cycle(folder_edges(folder))
        if cycle:
            rel = folder.relative_to(SRC.parent)
            print(f"import cycle between the files of {rel}/: " + " -> ".join(cycle))
            failed = True
    for f in long_functions():
        print(f"function over {MAX_LINES} lines: {f}")
        failed = True
    if not failed:
        print("structure: no import cycle, no function over 60 lines")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
