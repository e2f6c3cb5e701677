// Syntax check of PowerShell scripts (install.ps1), where PowerShell itself
// cannot be installed (it is in none of the registries this project's machines
// reach): tree-sitter's PowerShell grammar, compiled to WebAssembly, run by
// web-tree-sitter (both from npm, pinned in scripts/ci/tools.sh). Prints every
// ERROR or MISSING node with its line and column; exits 1 when there is one.
// The workflow `install` job runs the script itself on Windows.
// Usage: node ps-syntax.cjs FILE...   (from the npm dir's node_modules)
const { Parser, Language } = require("web-tree-sitter");
const fs = require("fs");

async function main(files) {
  await Parser.init();
  const grammar = require.resolve("tree-sitter-powershell/tree-sitter-powershell.wasm");
  const parser = new Parser();
  parser.setLanguage(await Language.load(grammar));
  let bad = 0;
  const walk = (file, n) => {
    if (n.isError || n.isMissing) {
      bad++;
      const what = n.isMissing ? `missing ${n.type}` : "syntax error";
      console.log(`${file}:${n.startPosition.row + 1}:${n.startPosition.column + 1}: ${what}: ${n.text.slice(0, 60)}`);
    }
    for (const c of n.children) walk(file, c);
  };
  for (const f of files) walk(f, parser.parse(fs.readFileSync(f, "utf8")).rootNode);
  return bad;
}

main(process.argv.slice(2)).then(
  (bad) => process.exit(bad ? 1 : 0),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
