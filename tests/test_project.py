"""The project's own promises: README's set-up commands are what CI runs."""

from __future__ import annotations

import re

from conftest import ROOT


def test_readme_has_exactly_two_setup_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    setup = readme.split("## Set-up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", setup, re.S)
    assert len(commands) == 2
    main_job, tests = commands
    assert "qdoc build" in main_job and "pip install" in main_job
    ci = (ROOT / ".ci" / "run").read_text()
    assert f'TEST_COMMAND="{tests}"' in ci


def test_build_output_is_not_committed():
    assert "build/" in (ROOT / ".gitignore").read_text().split()
