"""Notebooks are the source: cleaning and exporting them must leave the tree unchanged,
and the README's chapter list must name every chapter notebook."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _snapshot(root):
    files = (list((root / "nbs").rglob("*.ipynb")) + list((root / "cyclegan_course").rglob("*.py"))
             + list((root / "nbs").glob("llms.txt")))
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in files if ".ipynb_checkpoints" not in p.parts}


def _nbdev_cmd(name):
    exe = Path(sys.executable).with_name(name)
    return [str(exe)] if exe.exists() else [name]


def test_clean_and_export_leave_tree_unchanged(tmp_path):
    work = tmp_path / "repo"
    work.mkdir()
    for name in ("nbs", "cyclegan_course"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "data"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, work / name)
    for cmd in ("nbdev-clean", "nbdev-export"):
        r = subprocess.run(_nbdev_cmd(cmd), cwd=work, capture_output=True, text=True)
        assert r.returncode == 0, f"{cmd} failed:\n{r.stdout}\n{r.stderr}"
    before, after = _snapshot(ROOT), _snapshot(work)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, ("notebooks and package are out of sync; run `nbdev-clean && nbdev-export` and commit. "
                         f"Changed: {changed}")


def test_readme_lists_every_chapter():
    readme = (ROOT / "README.md").read_text()
    chapters = sorted(p.name for p in (ROOT / "nbs").glob("[0-9][0-9]*.ipynb"))   # 09a_fid, 12a_... too
    assert chapters, "no chapter notebooks found"
    missing = [c for c in chapters if not re.search(re.escape(c), readme)]
    assert not missing, f"README.md does not list these chapters: {missing}"


def test_docs_leave_out_the_assignments():
    """The instructor notebooks (solutions included) are not published: the docs workflow builds from a checkout
    without nbs/assignments and tells nbdev to skip the folder, and Quarto's project excludes it too. Quarto cannot run
    here; what nbdev does before it (which notebooks it processes and lists in the sidebar) is checked directly."""
    import yaml
    from nbdev.doclinks import nbglob
    workflow = (ROOT / ".github" / "workflows" / "deploy.yaml").read_text()
    assert "rm -rf nbs/assignments" in workflow
    skip = re.search(r"nbdev-docs --skip-folder-re '([^']+)'", workflow)
    assert skip, "the docs workflow does not pass --skip-folder-re to nbdev-docs"
    pages = [Path(p).relative_to(ROOT / "nbs").as_posix() for p in nbglob(ROOT / "nbs", skip_folder_re=skip.group(1))]
    assert "95_grading.ipynb" in pages and "modules/00_sandbox.ipynb" in pages
    assert not [p for p in pages if p.startswith("assignments/")], pages
    quarto = yaml.safe_load((ROOT / "nbs" / "_quarto.yml").read_text())
    assert "!assignments/" in quarto["project"]["render"]


# Chapters whose stored outputs predate their current source, by name, with the reason. Each is an expected failure
# that must fail (strict): once the chapter is run with tools/store_outputs.py, its entry has to go.
NOT_YET_STORED = {}


def _chapters():
    return [pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=NOT_YET_STORED[p.name])) if p.name in NOT_YET_STORED
            else p for p in sorted((ROOT / "nbs").glob("[0-9]*.ipynb"))]


@pytest.mark.parametrize("path", _chapters(), ids=lambda p: p.name)
def test_chapter_is_stored_executed(path):
    """Every chapter is committed executed, with its outputs as a reader sees them (`tools/store_outputs.py` runs it as
    Jupyter's "Run All" does and stamps each code cell with a hash of the source it ran). A code cell whose source
    changed after that run (its outputs are stale), or a cell added since, fails here: run the tool on the chapter
    again. Cells that document an API (`show_doc`) must have their output."""
    sys.path.insert(0, str(ROOT / "tools"))
    try: from store_outputs import KEY, is_export_cell, source_hash
    finally: sys.path.pop(0)
    import nbformat
    problems = []
    nb = nbformat.read(path, as_version=4)
    for i, c in enumerate(nb.cells):
        if c.cell_type != "code" or is_export_cell(c): continue
        stamp = c.metadata.get(KEY)
        if stamp != source_hash(c.source):
            problems.append(f"cell {i} ({c.get('id')}): " + ("never executed" if stamp is None else "edited since it ran"))
        elif "show_doc(" in c.source and not c.outputs:
            problems.append(f"cell {i} ({c.get('id')}): show_doc without its output")
    assert not problems, (f"run `python tools/store_outputs.py nbs/{path.name}`, then `nbdev-clean`:\n" + "\n".join(problems[:30])
                          + (f"\n... and {len(problems) - 30} more" if len(problems) > 30 else ""))


def test_chapters_read_no_repository_paths():
    """In Colab a chapter is a lone notebook in /content: the files it shows come through `course_file` (the checkout's
    copy, the user cache or a download), never through a path relative to the notebook's place in the repository."""
    import json
    bad = re.compile(r"""["'](?:\.\./)+(?:experiments|bench|nbs)\b|Path\(["']assignments|Path\(["']\.\./[a-z]""")
    found = []
    for path in sorted((ROOT / "nbs").glob("[0-9]*.ipynb")):
        for i, c in enumerate(json.loads(path.read_text())["cells"]):
            if c["cell_type"] != "code": continue
            for line in "".join(c["source"]).splitlines():
                if bad.search(line) and "pyproject.toml" not in line: found.append(f"{path.name} cell {i}: {line.strip()}")
    assert not found, "\n".join(found)
