"""What release.yml must hold to be safe for the first tag (issue 18, item 5),
checked here since only GitHub can run it:

- it starts on `v[0-9]+.[0-9]+.[0-9]+*` tags only (never the floating tag), on
  pull requests and by workflow_dispatch;
- the publishing jobs run only when `plan` says so (a tag push), and in this
  order, each needing the one before: attest -> draft -> pypi -> crates-io ->
  image -> publish-release -> floating-tag; attest needs every test job;
- the draft is a draft, and only publish-release makes it public;
- every `uses:` of every workflow and action.yml is pinned to a full commit SHA;
- maturin is pinned; the image is tagged X.Y.Z, X.Y and latest and attested.

`--self-test` breaks each rule in a copy and expects a failure. Needs
ruamel.yaml (the tools venv). Usage: check-release-workflow.py [--self-test] FILE..."""

import copy
import re
import sys

from ruamel.yaml import YAML

ORDER = ["attest", "draft", "pypi", "crates-io", "image", "publish-release", "floating-tag"]
TESTS = ["run-archives", "run-wheels", "image-test"]
PUBLISH_IF = "needs.plan.outputs.publish == 'true'"


def needs(job):
    n = job.get("needs", [])
    return [n] if isinstance(n, str) else list(n)


def release_errors(wf):
    errors = []
    on = wf.get("on") or wf.get(True) or {}
    tags = ((on.get("push") or {}).get("tags")) or []
    if list(tags) != ["v[0-9]+.[0-9]+.[0-9]+*"]:
        errors.append("push tags must be exactly v[0-9]+.[0-9]+.[0-9]+* (got %s)" % list(tags))
    if (on.get("push") or {}).get("branches"):
        errors.append("no push to a branch may start a release")
    for event in ("pull_request", "workflow_dispatch"):
        if event not in on:
            errors.append("no %s dry run" % event)
    jobs = wf.get("jobs") or {}
    for prev, name in zip(ORDER, ORDER[1:]):
        if name not in jobs:
            errors.append("no job %s" % name)
        elif prev not in needs(jobs[name]):
            errors.append("%s must need %s" % (name, prev))
    if "attest" in jobs and not set(TESTS) <= set(needs(jobs["attest"])):
        errors.append("attest must need every test job: %s" % ", ".join(TESTS))
    for name in ORDER:
        cond = str((jobs.get(name) or {}).get("if", ""))
        if not cond.startswith(PUBLISH_IF):
            errors.append("%s must run only when publishing (if: %s)" % (name, PUBLISH_IF))
    for name, job in jobs.items():
        if name in ORDER:
            continue
        for step in job.get("steps") or []:
            text = str(step.get("run", "")) + str(step.get("uses", ""))
            if re.search(r"gh release|pypi-publish|cargo publish|push: true|git push|git/refs", text):
                errors.append("test job %s publishes something (%s)" % (name, text[:60]))
    text = str(jobs.get("draft", ""))
    if "--draft" not in text:
        errors.append("the release is not created as a draft")
    if "--draft=false" not in str(jobs.get("publish-release", "")):
        errors.append("publish-release does not publish the draft")
    if not re.fullmatch(r"v\d+\.\d+\.\d+", str((wf.get("env") or {}).get("MATURIN_VERSION", ""))):
        errors.append("MATURIN_VERSION is not pinned to vX.Y.Z")
    image = str(jobs.get("image", ""))
    for needle in ("${VERSION%.*}", ":latest", "attest-build-provenance", "push-to-registry"):
        if needle not in image:
            errors.append("the image job lacks %s" % needle)
    return errors


def pin_errors(path, doc):
    errors = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "uses" and isinstance(v, str) and not v.startswith("./") and not v.startswith("docker://"):
                    if not re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", v):
                        errors.append("%s: %s is not pinned to a full commit SHA" % (path, v))
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(doc)
    return errors


def self_test(wf):
    def broken(f):
        w = copy.deepcopy(wf)
        f(w)
        return w

    cases = {
        "any v* tag": lambda w: w["on"]["push"].__setitem__("tags", ["v*"]),
        "no dry run": lambda w: w["on"].pop("pull_request"),
        "pypi before the draft": lambda w: w["jobs"]["pypi"].__setitem__("needs", ["plan"]),
        "image without tests": lambda w: w["jobs"]["attest"].__setitem__("needs", ["plan"]),
        "crates-io on a pull request": lambda w: w["jobs"]["crates-io"].pop("if"),
        "a public release first": lambda w: w["jobs"]["draft"].__setitem__("steps", []),
        "maturin unpinned": lambda w: w["env"].__setitem__("MATURIN_VERSION", "latest"),
        "a test job that publishes": lambda w: w["jobs"]["image-test"]["steps"].append({"run": "cargo publish"}),
    }
    for what, f in cases.items():
        if not release_errors(broken(f)):
            sys.exit("check-release-workflow self-test: %s passed" % what)
    if not pin_errors("x", {"steps": [{"uses": "actions/checkout@v4"}]}):
        sys.exit("check-release-workflow self-test: a tag pin passed")


def main(args):
    test = args[:1] == ["--self-test"]
    errors = []
    for path in args[1:] if test else args:
        doc = YAML(typ="safe").load(open(path))
        errors += pin_errors(path, doc)
        if path.endswith("release.yml"):
            errors += ["release.yml: " + e for e in release_errors(doc)]
            if test:
                self_test(doc)
    if errors:
        sys.exit("\n".join(errors))


if __name__ == "__main__":
    main(sys.argv[1:])
