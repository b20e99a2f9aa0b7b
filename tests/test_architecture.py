"""The layers are import contracts (pyproject.toml, `make lint`); these tests show the
contracts hold and that each one catches a wrong arrow or a cycle."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"


def lint(where: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache"], cwd=where, capture_output=True, text=True, check=False
    )


def contract_name(contract_id: str) -> str:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    (name,) = [c["name"] for c in config["contracts"] if c["id"] == contract_id]
    return name


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the packages and their contracts, to add a wrong import to."""
    for package in ("faq", "demo"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_every_contract_is_kept():
    linted = lint(ROOT)
    assert linted.returncode == 0, linted.stdout[-3000:]
    assert "BROKEN" not in linted.stdout


def add_import(project: Path, module: str, imported: str) -> None:
    path = project / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = path.with_suffix("") / "__init__.py"
    path.write_text(path.read_text() + f"\nimport {imported}  # noqa\n")


@pytest.mark.parametrize(
    ("importer", "imported", "contract_id"),
    [
        ("faq.models.articles", "faq.services.votes", "layers"),
        ("faq.selectors.pages", "faq.services.ticks", "reads"),
        ("faq.services.votes", "faq.visitors", "no-request"),
        ("faq.visitors", "faq.services.visitors", "cookie-reads"),
        ("faq.admin.articles", "faq.views.pages", "admin"),
        ("faq.cache", "faq.selectors.pages", "plumbing"),
        ("faq.services.ticks", "demo.loader", "demo"),
        ("faq.statements.rollup", "django.db", "statements"),
        ("faq.statements.tracking", "faq.models", "statements"),
    ],
)
def test_a_wrong_arrow_breaks_its_contract(project, importer, imported, contract_id):
    add_import(project, importer, imported)
    linted = lint(project)
    assert linted.returncode != 0
    assert f"{contract_name(contract_id)} BROKEN" in linted.stdout


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # Two modules of one package.
        ("faq.services.content", "faq.services.votes"),
        # Two plumbing modules.
        ("faq.sql", "faq.transactions"),
    ],
)
def test_an_import_cycle_between_faq_modules_breaks_the_lint(project, one, other):
    add_import(project, one, other)
    add_import(project, other, one)
    linted = lint(project)
    assert linted.returncode != 0
    assert f"{contract_name('acyclic')} BROKEN" in linted.stdout
