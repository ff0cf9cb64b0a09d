"""The docs site builds: what `nbdev-docs` does before Quarto succeeds on every notebook the site publishes.

The deploy workflow (.github/workflows/deploy.yaml) removes nbs/assignments, then runs nbdev 3's docs action, which
writes `nbdev.yml` and `sidebar.yml`, rebuilds the module index and runs nbdev's docs preprocessing
(`nbdev.serve.proc_nbs`: every cell holding an import, every exported cell and every `show_doc` is executed, each such
cell on its own, outside the notebook's folder) before Quarto renders `_proc/`. Quarto cannot be installed on these
machines, so this test does all of that in a scratch copy of the repository and stops before the render.
"""
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

_PREPROCESS = textwrap.dedent("""
    import os, sys, warnings
    from nbdev.quarto import refresh_quarto_yml, nbdev_sidebar
    from nbdev.serve import proc_nbs
    import nbdev.doclinks
    skip = sys.argv[1]
    refresh_quarto_yml()
    nbdev.doclinks._build_modidx()
    nbdev_sidebar.__wrapped__(path="nbs", skip_folder_re=skip)
    proc_nbs("nbs", n_workers=1, force=True, skip_folder_re=skip)
""")


def _workflow_skip_re():
    workflow = (ROOT / ".github" / "workflows" / "deploy.yaml").read_text()
    m = re.search(r"skip_folder_re: '([^']+)'", workflow) or re.search(r"--skip-folder-re '([^']+)'", workflow)
    assert m, "the docs workflow does not say which folders nbdev skips"
    return m.group(1)


def test_docs_preprocessing_succeeds_on_every_notebook(tmp_path):
    work = tmp_path / "repo"
    work.mkdir()
    for name in ("nbs", "cyclegan_course"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, work / name)
    shutil.rmtree(work / "nbs" / "assignments")                    # as the workflow does
    r = subprocess.run([sys.executable, "-c", _PREPROCESS, _workflow_skip_re()], cwd=work, capture_output=True,
                       text=True, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(work)})
    assert r.returncode == 0, f"docs preprocessing failed:\n{r.stdout[-3000:]}\n{r.stderr[-5000:]}"
    # nbdev warns when a cell mixes imports with other code: it executes such a cell alone, without the state the
    # rest of the notebook would give it. Keep imports in cells of their own.
    assert "Found cells containing imports and other code" not in r.stderr, r.stderr[-5000:]

    nbs, proc = work / "nbs", work / "_proc"
    pages = sorted(p.relative_to(nbs).as_posix() for p in nbs.rglob("*.ipynb"))
    missing = [p for p in pages if not (proc / p).is_file()]
    assert not missing, f"not preprocessed: {missing}"

    quarto = yaml.safe_load((proc / "_quarto.yml").read_text())
    css = quarto["format"]["html"].get("css")
    assert css is None or (proc / css).is_file(), f"_quarto.yml points at a missing {css}"
    assert "!assignments/" in quarto["project"]["render"]

    # the site's front page: 00_intro, with an alias that makes Quarto write index.html
    fm = (proc / "00_intro.ipynb").read_text()
    assert "index.html" in fm and "aliases" in fm

    # the sidebar is the course map, in course order: the chapters, then the module stubs
    sidebar = yaml.safe_load((nbs / "sidebar.yml").read_text())["website"]["sidebar"]["contents"]
    flat = [e for e in sidebar if isinstance(e, str)]
    chapters = sorted(p.name for p in nbs.glob("[0-9]*.ipynb"))
    assert flat == chapters, flat
    intro = (ROOT / "nbs" / "00_intro.ipynb").read_text()
    order = re.findall(r"\|\s*\w+\s*\|\s*`(\d\d[a-z]?_\w+\.ipynb)`", intro)      # the rows of the course map
    course_map = list(dict.fromkeys(c for c in order if c in chapters))
    assert [c for c in flat if c in course_map] == course_map, "the sidebar is not in the course map's order"
    assert not any("assignments" in str(e) for e in sidebar)


def test_package_docstring_and_llms_list_every_module():
    "nbdev-export writes the package docstring and nbs/llms.txt from the module docstrings: every module must be there."
    import cyclegan_course
    mods = sorted(p.stem for p in (ROOT / "cyclegan_course").glob("*.py") if not p.name.startswith("_"))
    doc = cyclegan_course.__doc__
    llms = (ROOT / "nbs" / "llms.txt").read_text()
    for m in mods:
        assert f"`cyclegan_course.{m}`" in doc, f"cyclegan_course.{m} is missing from the package docstring"
        assert f"[cyclegan_course.{m}](" in llms, f"cyclegan_course.{m} is missing from nbs/llms.txt"


def test_docs_links_point_at_pages_the_site_has():
    """Every `Docs:` link in a module docstring and every page of the symbol index (`_modidx.py`) names a page the site
    renders: a notebook that the deploy workflow keeps (not an instructor notebook), under the documentation URL."""
    from cyclegan_course._modidx import d
    cfg = d["settings"]
    base = cfg["doc_host"] + cfg["doc_baseurl"] + "/"
    nbs = ROOT / "nbs"
    published = {re.sub(r"(^|/)\d+[a-z]?_", r"\1", p.relative_to(nbs).with_suffix(".html").as_posix())
                 for p in nbs.rglob("*.ipynb") if "assignments" not in p.parts}
    for py in sorted((ROOT / "cyclegan_course").glob("*.py")):
        if py.name.startswith("_"): continue
        links = re.findall(r"^Docs: (\S+?)(?:\"\"\")?$", py.read_text(), flags=re.M)
        assert len(links) == 1, f"{py.name}: {links}"
        assert links[0].startswith(base) and links[0][len(base):].removesuffix(".md") in published, (py.name, links[0])
    pages = {v[0].split("#")[0] for syms in d["syms"].values() for v in syms.values()}
    assert pages <= published, sorted(pages - published)
