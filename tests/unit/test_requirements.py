"""requirements.txt and requirements-dev.txt agree with pyproject.toml (`make requirements` writes them).

Every direct dependency is pinned inside its range, and nothing is pinned that nothing needs: the pins are
exactly what the direct dependencies need, transitively (read from the installed packages' metadata, which
`make` installs at these pins).
"""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
# Installers and build tools: pinned by --allow-unsafe for the tools that need them (pip-tools), not required
# by any package's metadata in a way the walk below sees.
TOOLING = {"pip", "setuptools"}


def pins(name: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            match = re.fullmatch(r"([A-Za-z0-9._-]+)==(\S+)", line)
            assert match, f"{name}: not an exact pin: {line!r}"
            found[canonicalize_name(match[1])] = match[2]
    return found


def needed(direct: list[Requirement], pinned: dict[str, str]) -> set[str]:
    """Every distribution the direct requirements need, with the extras they ask for, walked through metadata."""
    wanted: list[tuple[str, frozenset[str]]] = [
        (canonicalize_name(r.name), frozenset(r.extras)) for r in direct
    ]
    seen: set[tuple[str, frozenset[str]]] = set()
    while wanted:
        name, extras = wanted.pop()
        if (name, extras) in seen:
            continue
        seen.add((name, extras))
        assert name in pinned, f"{name} is needed but not pinned"
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            environments = [{**default_environment(), "extra": extra} for extra in ("", *extras)]
            if requirement.marker is None or any(requirement.marker.evaluate(env) for env in environments):
                wanted.append((canonicalize_name(requirement.name), frozenset(requirement.extras)))
    return {name for name, _ in seen}


CASES = {
    "requirements.txt": [Requirement(r) for r in PROJECT["dependencies"]],
    "requirements-dev.txt": [
        Requirement(r) for r in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]
    ],
}


@pytest.mark.parametrize("name", CASES)
def test_every_direct_dependency_is_pinned_inside_its_range(name: str):
    pinned = pins(name)
    for requirement in CASES[name]:
        version = pinned.get(canonicalize_name(requirement.name))
        assert version is not None, f"{name} does not pin {requirement.name}"
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name} pins {requirement.name}=={version}, outside pyproject's {requirement.specifier}"
        )


@pytest.mark.parametrize("name", CASES)
def test_nothing_is_pinned_that_nothing_needs(name: str):
    pinned = pins(name)
    assert set(pinned) - TOOLING == needed(CASES[name], pinned) - TOOLING


def test_the_app_and_the_tests_pin_the_same_versions():
    app, dev = pins("requirements.txt"), pins("requirements-dev.txt")
    assert {name: dev.get(name) for name in app} == app


def test_sign_in_comes_from_streamlits_own_extra():
    names = {Requirement(r).name: Requirement(r) for r in PROJECT["dependencies"]}
    assert "auth" in names["streamlit"].extras
    assert not {"authlib", "httpx"} & {canonicalize_name(n) for n in names}
    assert {"authlib", "httpx"} <= set(pins("requirements.txt"))


@pytest.mark.parametrize("name", CASES)
def test_the_generated_files_name_no_index_and_say_how_to_regenerate(name: str):
    text = (ROOT / name).read_text()
    assert "#    make requirements" in text
    assert not re.search(r"--(extra-)?index-url|--find-links|--trusted-host|://|^-[ficr] ", text, re.M)
