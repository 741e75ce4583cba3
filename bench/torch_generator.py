"""Images per second of the reference generator's forward pass in PyTorch (eval mode, no grad),
for comparison with `wgan-sample --count N` (which prints its own generation rate).

    /tmp/torchref/bin/python bench/torch_generator.py --count 2000 --batch 64 --threads 2

The network is the generator of bench/torch_reference.py (--arch dcgan), or the
`medium` generator that the bundled model's `hybrid` pair uses (--arch medium; --width 2 for the
`wide` pairs), written as PyTorch would: upsampling then a 3x3 convolution.
"""
import argparse, time
import torch
import torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument("--count", type=int, default=2000)
p.add_argument("--batch", type=int, default=64)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--arch", choices=["dcgan", "medium"], default="dcgan")
p.add_argument("--width", type=int, default=1)
a = p.parse_args()
torch.manual_seed(0)
torch.set_num_threads(a.threads)
act = nn.LeakyReLU(0.2)


class Generator(nn.Module):
    def __init__(s):
        super().__init__()
        s.fc = nn.Linear(128, 4 * 4 * 256, bias=False)
        s.bn0 = nn.BatchNorm1d(4096)
        s.c1, s.b1 = nn.Conv2d(256, 128, 3, padding=1, bias=False), nn.BatchNorm2d(128)
        s.c2, s.b2 = nn.Conv2d(128, 64, 3, padding=1, bias=False), nn.BatchNorm2d(64)
        s.c3, s.b3 = nn.Conv2d(64, 1, 3, padding=1, bias=False), nn.BatchNorm2d(1)
        s.up = nn.Upsample(scale_factor=2, mode="nearest")

    def forward(s, z):
        x = act(s.bn0(s.fc(z))).view(-1, 256, 4, 4)
        x = act(s.b1(s.c1(s.up(x))))
        x = act(s.b2(s.c2(s.up(x))))
        x = torch.tanh(s.b3(s.c3(s.up(x))))
        return x[:, :, 2:30, 2:30]


class Medium(nn.Module):
    def __init__(s, w):
        super().__init__()
        s.w = w
        s.fc = nn.Linear(128, 7 * 7 * 128 * w, bias=False)
        s.bn0 = nn.BatchNorm1d(7 * 7 * 128 * w)
        s.c1, s.b1 = nn.Conv2d(128 * w, 64 * w, 3, padding=1, bias=False), nn.BatchNorm2d(64 * w)
        s.c2, s.b2 = nn.Conv2d(64 * w, 32 * w, 3, padding=1, bias=False), nn.BatchNorm2d(32 * w)
        s.c3 = nn.Conv2d(32 * w, 1, 3, padding=1)
        s.up = nn.Upsample(scale_factor=2, mode="nearest")

    def forward(s, z):
        x = act(s.bn0(s.fc(z))).view(-1, 128 * s.w, 7, 7)
        x = act(s.b1(s.c1(s.up(x))))
        x = act(s.b2(s.c2(s.up(x))))
        return torch.tanh(s.c3(x))


g = (Generator() if a.arch == "dcgan" else Medium(a.width)).eval()
z = torch.randn(a.count, 128)
with torch.no_grad():
    g(z[: a.batch])  # warm-up
    t = time.perf_counter()
    for i in range(0, a.count, a.batch):
        g(z[i : i + a.batch])
    dt = time.perf_counter() - t
print(f"pytorch {torch.__version__} {a.arch} threads={a.threads} batch={a.batch}: {a.count} images in {dt:.3f} s, {a.count / dt:.0f} images/s")
