"""The documentation cannot drift: its CLI reference is the real --help, its code examples run, and the site builds strictly."""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from stance.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
BLOCK = re.compile(r"(<!-- not run: [^>]*-->\n)?```python\n(.*?)```", re.S)


def python_blocks(page: Path) -> list[tuple[str, bool]]:
    """The page's Python examples, with whether each is marked as not run."""
    return [(match.group(2), bool(match.group(1))) for match in BLOCK.finditer(page.read_text(encoding="utf-8"))]


def test_the_cli_reference_is_the_real_help(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    shown = re.findall(r"```text\n(.*?)\n```", page, re.S)
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    expected = [parser.format_help().rstrip()] + [commands[name].format_help().rstrip() for name in ("predict", "summarize", "evaluate", "train")]
    assert shown == expected, "docs/cli.md differs from --help: regenerate it (see the test for the exact form)"
    assert set(commands) == {"predict", "summarize", "evaluate", "train"}


@pytest.mark.parametrize("page", [p for p in PAGES if python_blocks(p)], ids=lambda p: p.name)
def test_every_python_example_runs(page, tmp_path):
    blocks = python_blocks(page)
    runnable = "\n\n".join(code for code, skipped in blocks if not skipped)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    script = tmp_path / f"{page.stem}_examples.py"
    script.write_text(runnable, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{page.name}: {result.stderr[-3000:]}"


def test_only_the_spark_sketch_is_not_run():
    skipped = [(page.name, code) for page in PAGES for code, skip in python_blocks(page) if skip]
    assert [name for name, _ in skipped] == ["scale.md"] and "pyspark" in skipped[0][1]


def test_the_site_builds_with_warnings_as_errors(tmp_path):
    if importlib.util.find_spec("mkdocs") is None:
        pytest.fail("mkdocs is not installed: pip install '.[docs]'")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8").count("label_statements") > 0


def shell_commands() -> list[tuple[str, str]]:
    """Every `stance …` command line in the shell examples of the docs and README, with its page."""
    found = []
    for page in PAGES:
        for block in re.findall(r"```sh\n(.*?)```", page.read_text(encoding="utf-8"), re.S):
            for line in block.splitlines():
                command = re.split(r"\s+#", line.split("&&")[-1])[0].strip()
                if command.startswith("stance ") and "|" not in command:
                    found.append((page.name, command))
    return found


@pytest.mark.parametrize(("page", "command"), shell_commands())
def test_every_stance_command_in_the_docs_is_accepted_by_the_parser(page, command):
    import shlex

    args = build_parser().parse_args(shlex.split(command)[1:])
    assert args.command in ("predict", "summarize", "evaluate", "train")


def test_the_tutorial_shows_the_real_output(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    page = (ROOT / "docs" / "tutorial.md").read_text(encoding="utf-8")
    table, evidence = re.findall(r"```text\n(.*?)\n```", page, re.S)[:2]
    result = subprocess.run(
        [sys.executable, "-m", "stance", "summarize", "examples/000_0907aa6ddf59c505.txt", "--min-statements", "2", "--evidence"],
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "100", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
    )
    assert result.stdout.startswith(table + "\n")
    assert evidence in result.stdout
