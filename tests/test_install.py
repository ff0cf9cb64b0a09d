"""Install the package the way a user does — a wheel, no dev extras, in a fresh virtual environment — and run the
command line from an unrelated folder with an empty home. An undeclared dependency or a path relative to the
repository fails here.

PyTorch's own distributions (torch, torchvision, triton, the CUDA libraries: gigabytes, declared dependencies that pip
would only unpack again) are linked from the running environment into the new one, so pip finds them installed.
Everything else is installed by pip from the wheel's declared dependencies (from the pip cache when it has them)."""
import json
import os
import shutil
import subprocess
import sys
import venv
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
REUSED = ("torch", "torchvision", "triton")
REUSED_PREFIXES = ("nvidia-", "cuda-")


def _reused(dist) -> bool:
    name = (dist.metadata["Name"] or "").lower().replace("_", "-")
    return name in REUSED or name.startswith(REUSED_PREFIXES)


def _link_pytorch(site: Path) -> list[str]:
    "Symlink the top-level folders and dist-info of PyTorch's distributions into `site`; their names."
    linked = []
    for dist in metadata.distributions():
        if not _reused(dist): continue
        base = Path(dist.locate_file(""))
        for top in sorted({Path(f).parts[0] for f in dist.files or [] if not str(f).startswith("..")}):
            src, dst = base / top, site / top
            if src.exists() and not dst.exists() and not top.endswith(".pth"):
                dst.symlink_to(src); linked.append(top)
    return linked


def _run(cmd, cwd, env, timeout=600):
    r = subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout,
                       stdin=subprocess.DEVNULL)
    assert r.returncode == 0, f"{' '.join(map(str, cmd))} failed ({r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r.stdout


@pytest.fixture(scope="module")
def user_env(tmp_path_factory):
    "A fresh venv with the course installed from its wheel; (bin folder, environment, home, work folder)."
    tmp = tmp_path_factory.mktemp("install")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md", "LICENSE"): shutil.copy2(ROOT / name, src / name)
    shutil.copytree(ROOT / "cyclegan_course", src / "cyclegan_course", ignore=shutil.ignore_patterns("__pycache__"))
    home, work = tmp / "home", tmp / "work"
    home.mkdir(); work.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("VIRTUAL_ENV", "PYTHONPATH", "CYCLEGAN_COURSE_DATA", "IN_TEST", "PYTHONHOME")}
    env.update(HOME=str(home), MPLBACKEND="Agg", PIP_DISABLE_PIP_VERSION_CHECK="1",
               PIP_CACHE_DIR=os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip")))
    venv.EnvBuilder(with_pip=True, system_site_packages=False).create(tmp / "venv")
    py = tmp / "venv" / "bin" / "python"
    site = Path(_run([py, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work, env).strip())
    assert "torch" in _link_pytorch(site)
    _run([py, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp / "dist", src], work, env)
    wheel, = (tmp / "dist").glob("cyclegan_course-*.whl")
    _run([py, "-m", "pip", "install", "-q", wheel], work, env)
    return py.parent, env, home, work


def test_wheel_has_no_notebooks_or_solutions(user_env):
    bin_dir, env, home, work = user_env
    files = _run([bin_dir / "python", "-c", "from importlib.metadata import files; "
                  "print('\\n'.join(str(f) for f in files('cyclegan_course')))"], work, env).split()
    assert any(f.endswith("cli.py") for f in files)
    assert not [f for f in files if f.endswith(".ipynb")], "the wheel ships notebooks"


def test_cli_from_an_unrelated_folder(user_env):
    bin_dir, env, home, work = user_env
    cli = bin_dir / "cyclegan-course"
    tiny = ["--load_size", "36", "--crop_size", "32", "--netG", "unet_32", "--max_iters", "3", "--num_workers", "0", "--no_progress"]
    out = _run([cli, "train", "--name", "tiny", *tiny], work, env)
    run = work / "runs" / "tiny"
    assert "done: 3 iterations" in out and (run / "latest.pt").is_file() and (run / "G_A.safetensors").is_file()
    builtin = home / ".cache" / "cyclegan_course" / "builtin_unpaired"
    assert (builtin / "testA").is_dir(), "the built-in set is not in the user cache"
    assert not (work / "data").exists()
    out = _run([cli, "translate", "--name", "tiny", "--input", builtin / "testA", "--output", work / "out"], work, env)
    n_in = len(list((builtin / "testA").iterdir()))
    assert f"translated {n_in} image(s)" in out and len(list((work / "out").iterdir())) == n_in
    out = _run([cli, "eval", "--name", "tiny", "--max_images", "4", "--device", "cpu"], work, env)
    assert "FID" in out and (run / "eval_test").is_dir()
    _run([bin_dir / "cyclegan-course-data-demo", "--out", work / "demo"], work, env)
    assert list((work / "demo").glob("*.png"))


def test_release_and_grade_from_an_unrelated_folder(user_env):
    bin_dir, env, home, work = user_env
    cli = bin_dir / "cyclegan-course"
    ref = work / "a01_preprocessing.ipynb"
    shutil.copy2(ROOT / "nbs" / "assignments" / ref.name, ref)
    _run([cli, "release", ref, "--out", work / "handout"], work, env)
    subs = work / "submissions"
    subs.mkdir()
    shutil.copy2(work / "handout" / ref.name, subs / "untouched.ipynb")
    shutil.copy2(ref, subs / "solved.ipynb")
    r = subprocess.run([str(cli), "grade", str(subs), "--reference", str(ref), "--timeout", "120", "--out", str(work / "grades")],
                       cwd=work, env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert r.returncode == 1, f"grade: exit {r.returncode} (1: some tests failed)\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    import csv
    book = {row["submission"]: row for row in csv.DictReader((work / "grades" / "gradebook.csv").open())}
    assert float(book["untouched.ipynb"]["score"]) == 0 and float(book["solved.ipynb"]["score"]) > 0, book
    assert int(book["solved.ipynb"]["failed"]) == 0, book
    lines = r.stdout.strip().splitlines()
    assert lines[-1].endswith(" failed"), r.stdout[-2000:]
    if sys.platform.startswith("linux") and os.geteuid() == 0:    # as CI runs it: the installed package isolates too
        assert lines[1].startswith("sandbox: isolated"), lines[:3]
        report = json.loads((work / "grades" / "solved.json").read_text())
        assert report["sandbox"].startswith("isolated") and report["reference_sha256"], report["sandbox"]
