"""Shared fixtures. Real corpora live beside the repo in ../shared/corpora; tests that need them skip when it is
absent, except under CI (CI=true), where a missing corpus fails the run."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPORA = REPO.parent / "shared" / "corpora"
SAMPLE = REPO / "corpus"


def corpus(*parts: str) -> Path:
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"corpus {path} is missing, and CI must have ../shared/corpora")
        pytest.skip(f"corpus {path} is absent (../shared/corpora is not beside this checkout)")
    return path


@pytest.fixture(scope="session")
def reuters_000() -> Path:
    return corpus("reuters21578", "reut2-000.sgm")


@pytest.fixture(scope="session")
def bbc() -> Path:
    return corpus("bbc")


@pytest.fixture(scope="session")
def sample_index(tmp_path_factory):
    """The bundled sample corpus, indexed once for the session."""
    from newssearch import Index

    path = tmp_path_factory.mktemp("sample") / "index"
    ix = Index.create(path)
    ix.add([SAMPLE], jobs=0)
    yield ix
    ix.close()
