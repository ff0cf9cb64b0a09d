"""The training chapters' stored results, checked on what a reader sees.

Chapters 03, 04, 07 and 08 train at their demonstration scale when they are stored (`tools/store_outputs.py`); the test
run of the notebooks (`IN_TEST`) is far too short to learn anything. So what each chapter claims about its translation,
"it beats doing nothing against the ground truth", is checked here on the committed outputs: the table each chapter
prints, parsed from the notebook. `tests/test_sync.py` checks that those outputs belong to the current code.
"""
import json
import re
from pathlib import Path

import pytest

NBS = Path(__file__).resolve().parents[1] / "nbs"


def stored_text(chapter:str, marker:str) -> str:
    "The stored plain-text output of the one code cell of `chapter` whose output contains `marker`."
    nb = json.loads((NBS / chapter).read_text())
    texts = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            text = "".join(out.get("text", "")) or "".join(out.get("data", {}).get("text/plain", ""))
            if marker in text: texts.append(text)
    assert len(texts) == 1, f"{chapter}: {len(texts)} stored outputs contain {marker!r}"
    return texts[0]


def table_rows(text:str, names:list) -> dict:
    """The numbers of each named row of a printed table: {name: [float, ...]}. A wide pandas table is printed in blocks
    of columns, one after the other; a row's numbers from each block are joined in order."""
    rows = {}
    for line in text.splitlines():
        for name in names:
            if re.match(re.escape(name) + r"\s+-?\d", line):      # the name, then the numbers (not a longer name)
                rows.setdefault(name, []).extend(float(v) for v in re.findall(r"-?\d+\.\d+|-?\d+", line[len(name):]))
    missing = [n for n in names if n not in rows]
    assert not missing, f"rows {missing} not in the stored table:\n{text}"
    return rows


def test_table_rows_reads_what_it_should():
    text = "name  MAE\ndo nothing   23.0  19.15 -0.52\nGAN only + more  1.0\nGAN only    59.0\n"
    assert table_rows(text, ["do nothing", "GAN only"]) == {"do nothing": [23.0, 19.15, -0.52], "GAN only": [59.0]}
    blocks = "     MAE  PSNR  \\\nL1    0.1  14.0\ncGAN  0.3   8.6\n\n     SSIM\nL1    0.2\ncGAN  0.04\n"
    assert table_rows(blocks, ["L1", "cGAN"]) == {"L1": [0.1, 14.0, 0.2], "cGAN": [0.3, 8.6, 0.04]}
    with pytest.raises(AssertionError, match="not in the stored table"): table_rows("x 1\n", ["y"])


def test_04_a_translation_beats_doing_nothing():
    text = stored_text("04_cycle_consistency.ipynb", "A → B, 30 test pairs, every run")
    r = table_rows(text, ["do nothing (output = input)", "GAN + cycle + identity, U-Net (resize)", "GAN + cycle"])
    (mae0, psnr0, _), (mae, psnr, luma) = r["do nothing (output = input)"], r["GAN + cycle + identity, U-Net (resize)"]
    assert mae < mae0 and psnr > psnr0 and luma > 0.5, r        # closer to the truth, and not brightness-inverted
    assert r["GAN + cycle"][2] < 0, r                             # the inversion the chapter names


def test_07_cyclegan_beats_doing_nothing():
    text = stored_text("07_cyclegan.ipynb", "A → B on the 30 test pairs")
    r = table_rows(text, ["do nothing (output = input)", "CycleGAN", "GAN alone"])
    (mae0, psnr0, de0, *_), (mae, psnr, de, match, checker) = r["do nothing (output = input)"], r["CycleGAN"]
    assert mae < mae0 and psnr > psnr0 and de < de0 and match > r["GAN alone"][3], r
    assert checker < 1.5 * r["do nothing (output = input)"][4], r  # no checkerboard beyond the photographs' own


def test_03_every_objective_beats_doing_nothing():
    text = stored_text("03_pix2pix.ipynb", "average training photo")
    r = table_rows(text, ["do nothing (output = input)", "average training photo", "L1 only", "cGAN only", "L1 + cGAN"])
    for split in (0, 3):                                           # MAE of the seen and of the unseen pairs
        assert all(r[m][split] < r["do nothing (output = input)"][split] for m in ("L1 only", "cGAN only", "L1 + cGAN")), r
    assert r["L1 only"][0] < r["average training photo"][0], r    # on the photographs it was trained on


def test_08_the_one_call_run_beats_doing_nothing():
    text = stored_text("08_training.ipynb", "MAE (0–255) against the true dusk images")
    r = table_rows(text, ["do nothing (output = input)", "CycleGAN, 600 iterations"])
    assert r["CycleGAN, 600 iterations"][0] < r["do nothing (output = input)"][0], r
