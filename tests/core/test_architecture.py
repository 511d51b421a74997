"""Imports point one way (docs/architecture.md): the contracts of pyproject.toml hold, and every
app's README and docs/architecture.md say what the layers let it import.

`make lint` runs the same contracts (`lint-imports`); here they also fail a plain `pytest`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from importlinter import configuration
from importlinter.application import use_cases

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = REPO / "pyproject.toml"
PACKAGE = REPO / "src" / "libnet"
ARCHITECTURE = REPO / "docs" / "architecture.md"

# "**May import:** a, b, c (docs/architecture.md). More words…": the list ends at the first
# bracket, semicolon or full stop.
MAY_IMPORT = re.compile(r"\*\*May import:\*\*([^(;.]*)")


def _layers() -> list[list[str]]:
    """The layers contract's layers, highest first, each a list of module names."""
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    (contract,) = [
        contract
        for contract in config["tool"]["importlinter"]["contracts"]
        if contract["type"] == "layers"
    ]
    return [
        [name.strip().strip("()") for name in re.split(r"[|:]", layer)]
        for layer in contract["layers"]
    ]


def _allowed_imports() -> dict[str, set[str]]:
    """Each app (every layer but the entry points on top) and the apps of the layers below it."""
    apps_by_layer = _layers()[1:]
    return {
        app: {lower for layer in apps_by_layer[depth + 1 :] for lower in layer}
        for depth, layer in enumerate(apps_by_layer)
        for app in layer
    }


def _named_apps(text: str, apps: set[str]) -> set[str]:
    match = MAY_IMPORT.search(text)
    assert match, "no **May import:** line"
    return set(re.findall(r"[a-z]+", match.group(1))) & apps


def test_every_import_keeps_the_contracts():
    """A lower app importing a higher one, a policy calling a service, planning reading
    another app's tables or plain SQL outside services and selectors fails here."""
    # The use case, not the command line's entry point: that one reconfigures logging (which
    # would silence Django's loggers in the rest of the run) and changes sys.path.
    configuration.configure()
    assert use_cases.lint_imports(config_filename=str(PYPROJECT), cache_dir=None, no_logo=True)


def test_every_package_of_libnet_has_a_layer():
    packages = {
        path.parent.name for path in PACKAGE.glob("*/__init__.py") if path.parent.name != "locale"
    }
    modules = {path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    layered = {name for layer in _layers() for name in layer}
    assert packages | modules == layered


@pytest.mark.parametrize("app", sorted(_allowed_imports()))
def test_the_app_readme_says_what_it_may_import(app):
    allowed = _allowed_imports()
    readme = (PACKAGE / app / "README.md").read_text(encoding="utf-8")
    assert _named_apps(readme, set(allowed)) == allowed[app]


@pytest.mark.parametrize("app", sorted(_allowed_imports()))
def test_docs_architecture_says_what_the_app_may_import(app):
    allowed = _allowed_imports()
    sections = re.split(r"^### ", ARCHITECTURE.read_text(encoding="utf-8"), flags=re.M)
    (section,) = [section for section in sections if section.split("\n", 1)[0].strip() == app]
    assert _named_apps(section, set(allowed)) == allowed[app]
