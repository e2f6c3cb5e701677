"""The README's install lines name exactly what release.yml publishes.

What release.yml publishes is read from its top-level `env:` (RELEASE_TARGETS,
INSTALLERS, PYPI_PACKAGE, CRATE, FLOATING_TAG), which its jobs use to build,
name and upload everything, plus the image name it pushes; this script checks
that those values agree with Cargo.toml and python/pyproject.toml, that
README.md carries the two installer lines, and that every name the README
and docs/*.md use for a release asset, the image, the wheel, the crate or the
Action is one of them. Tolerant of layout (any line, any code block), strict
on names. Prints a one-line summary of what it compared.

Usage: python3 release-names.py [--self-test] README.md release.yml"""

import glob
import os
import re
import sys

SEMVER = r"v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?"


def field(text, key):
    m = re.search(r'^%s = "(.*)"' % key, text, re.M)
    return m.group(1) if m else None


def workflow_env(text):
    """The top-level env: block of release.yml (KEY: value lines)."""
    m = re.search(r"^env:\n((?:  .*\n|\s*#.*\n)+)", text, re.M)
    env = {}
    for line in (m.group(1) if m else "").splitlines():
        kv = re.match(r"\s+([A-Z_]+):\s*(.*?)\s*$", line)
        if kv:
            env[kv.group(1)] = kv.group(2).strip("\"'")
    return env


def published(release_yml, cargo, pyproject):
    env = workflow_env(release_yml)
    errors = []
    for key in ("RELEASE_TARGETS", "INSTALLERS", "PYPI_PACKAGE", "CRATE", "FLOATING_TAG"):
        if key not in env:
            errors.append("release.yml has no env %s" % key)
        elif "$" + key not in release_yml and "env." + key not in release_yml:
            errors.append("release.yml sets %s but no step uses it" % key)
    if errors:
        return None, errors
    repo = re.sub(r"^https://github\.com/", "", field(cargo, "repository") or "")
    pub = {
        "repo": repo,
        "targets": env["RELEASE_TARGETS"].split(),
        "assets": set(["SHA256SUMS"]),
        "pypi": env["PYPI_PACKAGE"],
        "crate": env["CRATE"],
        "floating": env["FLOATING_TAG"],
        "image": "ghcr.io/" + repo.lower(),
    }
    for t in pub["targets"]:
        a = "hf-token-check-%s.%s" % (t, "zip" if "windows" in t else "tar.gz")
        pub["assets"] |= {a, a + ".sha256"}
    for i in env["INSTALLERS"].split():
        pub["assets"] |= {i, i + ".sha256"}
    if field(cargo, "name") != pub["crate"]:
        errors.append("release.yml's CRATE %r is not Cargo.toml's name %r" % (pub["crate"], field(cargo, "name")))
    if field(pyproject, "name") != pub["pypi"]:
        errors.append("release.yml's PYPI_PACKAGE %r is not the wheel's name %r" % (pub["pypi"], field(pyproject, "name")))
    if "ghcr.io/${GITHUB_REPOSITORY,,}" not in release_yml:
        errors.append("release.yml does not push the image as ghcr.io/${GITHUB_REPOSITORY,,}")
    return pub, errors


def required_lines(pub):
    url = "https://github.com/%s/releases/latest/download" % pub["repo"]
    return [
        "curl -LsSf %s/install.sh | sh" % url,
        "irm %s/install.ps1 | iex" % url,
    ]


def check_docs(pub, readme, docs):
    """Errors for the README (required lines) and every doc (names)."""
    errors = []
    for line in required_lines(pub):
        if line not in readme:
            errors.append("README.md lacks the install line `%s`" % line)
    seen = 0
    for name, text in [("README.md", readme)] + docs:
        text = text.replace("$(uname -m)", "{ARCH}")
        for m in re.finditer(r"(?<![\w/.-])hf-token-check-[\w{}-]+\.(?:tar\.gz|zip)(?:\.sha256)?", text):
            seen += 1
            for f in sorted({m.group(0).replace("{ARCH}", a) for a in ("x86_64", "aarch64")}):
                if f not in pub["assets"]:
                    errors.append("%s: archive `%s` is not published (release.yml's RELEASE_TARGETS: %s)" % (name, f, " ".join(pub["targets"])))
        for m in re.finditer(r"https://github\.com/([\w.-]+/[\w.-]+)/releases/(?:latest/download|download/(%s))/([^\s\"'`)|]+)" % SEMVER, text):
            seen += 1
            if m.group(1) != pub["repo"]:
                errors.append("%s: release URL of %s, not %s" % (name, m.group(1), pub["repo"]))
            files = [m.group(3).replace("{ARCH}", arch) for arch in ("x86_64", "aarch64")]
            for f in sorted(set(files)):
                if f not in pub["assets"]:
                    errors.append("%s: `%s` is not published (release assets: %s)" % (name, f, ", ".join(sorted(pub["assets"]))))
        for m in re.finditer(r"ghcr\.io/([\w.-]+/hf-token-check)(?::([\w.-]+))?", text):
            seen += 1
            if "ghcr.io/" + m.group(1) != pub["image"]:
                errors.append("%s: image ghcr.io/%s, release.yml pushes %s" % (name, m.group(1), pub["image"]))
            tag = m.group(2)
            if tag and not re.fullmatch(r"latest|X\.Y(\.Z)?|\d+\.\d+|\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?", tag):
                errors.append("%s: image tag %s is not one release.yml pushes (X.Y.Z, X.Y, latest)" % (name, tag))
        for m in re.finditer(r"uses:\s*([\w.-]+/[\w.-]+)@([\w.-]+)", text):
            if not m.group(1).endswith("/hf-token-check"):
                continue
            seen += 1
            if m.group(1) != pub["repo"]:
                errors.append("%s: uses %s, the Action is %s" % (name, m.group(1), pub["repo"]))
            if m.group(2) != pub["floating"] and not re.fullmatch(SEMVER, m.group(2)):
                errors.append("%s: uses @%s, release.yml moves %s and tags vX.Y.Z" % (name, m.group(2), pub["floating"]))
        for m in re.finditer(r"\b(?:uvx|pipx run|pip install|uv add|uv pip install|uv tool install)\s+((?:-\S+\s+)*)([\w.\[\]-]+)", text):
            pkg = re.sub(r"\[.*\]$", "", m.group(2))
            if "token" not in pkg:
                continue
            seen += 1
            if pkg != pub["pypi"]:
                errors.append("%s: Python package %s, release.yml publishes %s" % (name, pkg, pub["pypi"]))
        for m in re.finditer(r"cargo install((?:\s+--?[\w-]+(?:[ =](?!hf)\S+)?)*)\s+([\w-]+)", text):
            if "--git" in m.group(1) or "--path" in m.group(1):
                continue
            seen += 1
            if m.group(2) != pub["crate"]:
                errors.append("%s: crate %s, release.yml publishes %s" % (name, m.group(2), pub["crate"]))
    return errors, seen


def self_test(pub):
    good = "\n".join(required_lines(pub)) + "\nuvx %s\ncargo install %s --locked\n" % (pub["pypi"], pub["crate"])
    if check_docs(pub, good, [])[0]:
        sys.exit("release-names self-test: a correct README was refused: %s" % check_docs(pub, good, [])[0])
    repo = pub["repo"]
    for bad in [
        "curl -LsSf https://github.com/%s/releases/latest/download/instal.sh | sh" % repo,
        "https://github.com/%s/releases/latest/download/hf-token-check-x86_64-pc-windows-msvc.zip" % repo,
        "the Windows archive is `hf-token-check-x86_64-pc-windows-msvc.zip`",
        "https://github.com/%s/releases/latest/download/hf-token-check-$(uname -m)-unknown-linux-gnu.tar.gz" % repo,
        "https://github.com/someone/else/releases/latest/download/install.sh",
        "COPY --from=ghcr.io/other/hf-token-check:0.1 /hf-token-check /usr/local/bin/",
        "COPY --from=%s:edge /hf-token-check /x" % pub["image"],
        "- uses: %s@v1" % repo,
        "pip install hf-token-checker",
        "cargo install --locked hf-token-checker",
    ]:
        if not check_docs(pub, good + bad + "\n", [])[0]:
            sys.exit("release-names self-test: a wrong name passed: %s" % bad)


def main(args):
    test = args[:1] == ["--self-test"]
    readme_path, release_path = args[1:] if test else args
    root = os.path.dirname(os.path.abspath(readme_path))
    cargo = open(os.path.join(root, "Cargo.toml")).read()
    pyproject = open(os.path.join(root, "python/pyproject.toml")).read()
    pub, errors = published(open(release_path).read(), cargo, pyproject)
    if pub is None:
        sys.exit("\n".join(errors))
    if test:
        self_test(pub)
    docs = [(os.path.relpath(p, root), open(p).read()) for p in sorted(glob.glob(os.path.join(root, "docs", "*.md")))]
    more, seen = check_docs(pub, open(readme_path).read(), docs)
    errors += more
    if errors:
        sys.exit("\n".join(errors))
    print("%d names in README.md and docs/ checked against %d targets, %d assets, %s, %s, %s, @%s"
          % (seen, len(pub["targets"]), len(pub["assets"]), pub["pypi"], pub["crate"], pub["image"], pub["floating"]))


if __name__ == "__main__":
    main(sys.argv[1:])
