"""One WGAN-GP generator iteration of the reference model in PyTorch on the CPU: the yardstick that
`wgan-bench` (whose default is the same model and step) is compared with.

    python3 bench/torch_reference.py --batch 64 --n-critic 3 --iters 4 --threads 2

The model is the one in bench/README.md; one generator iteration is n_critic critic updates, each
with the gradient penalty (epsilon ~ U[0, 1] per sample), then one generator update, Adam 2e-4
(0.5, 0.9) for both networks. Prints one line: seconds per generator iteration and critic images/s.
"""
import argparse
import time

import torch
import torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument("--batch", type=int, default=64)
p.add_argument("--n-critic", type=int, default=3)
p.add_argument("--iters", type=int, default=4)
p.add_argument("--threads", type=int, default=2)
p.add_argument("--gp-weight", type=float, default=10.0)
a = p.parse_args()
torch.manual_seed(0)
torch.set_num_threads(a.threads)
leaky = nn.LeakyReLU(0.2)


def up_block(cin, cout):
    """Nearest upsampling x2, a 3x3 convolution without bias, batch norm."""
    return [nn.Upsample(scale_factor=2, mode="nearest"), nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout)]


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.project = nn.Sequential(nn.Linear(128, 4096, bias=False), nn.BatchNorm1d(4096), leaky)
        self.body = nn.Sequential(*up_block(256, 128), leaky, *up_block(128, 64), leaky, *up_block(64, 1), nn.Tanh())

    def forward(self, z):
        return self.body(self.project(z).view(-1, 256, 4, 4))[:, :, 2:30, 2:30]


class Critic(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(
            nn.ZeroPad2d(2),
            nn.Conv2d(1, 64, 5, 2, 2), leaky,
            nn.Conv2d(64, 128, 5, 2, 2), leaky, nn.Dropout(0.3),
            nn.Conv2d(128, 256, 5, 2, 2), leaky, nn.Dropout(0.3),
            nn.Conv2d(256, 512, 5, 2, 2), leaky,
            nn.Flatten(), nn.Dropout(0.2), nn.Linear(2048, 1))

    def forward(self, x):
        return self.body(x)


g, d = Generator(), Critic()
opt_g = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.9))
opt_d = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.9))
pool = torch.rand(4096, 1, 28, 28) * 2 - 1  # pixel values do not change the cost


def generator_iteration():
    for _ in range(a.n_critic):
        real = pool[torch.randint(0, len(pool), (a.batch,))]
        fake = g(torch.randn(a.batch, 128)).detach()
        eps = torch.rand(a.batch, 1, 1, 1)
        mixed = (real + eps * (fake - real)).requires_grad_(True)
        (grad,) = torch.autograd.grad(d(mixed).sum(), mixed, create_graph=True)
        penalty = ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()
        loss = d(fake).mean() - d(real).mean() + a.gp_weight * penalty
        opt_d.zero_grad()
        loss.backward()
        opt_d.step()
    loss_g = -d(g(torch.randn(a.batch, 128))).mean()
    opt_g.zero_grad()
    loss_g.backward()
    opt_g.step()


generator_iteration()  # untimed: first-call set-up
start = time.perf_counter()
for _ in range(a.iters):
    generator_iteration()
dt = (time.perf_counter() - start) / a.iters
print(f"pytorch {torch.__version__} threads={a.threads} batch={a.batch} n_critic={a.n_critic}: "
      f"{dt:.3f} s per generator iteration, {a.batch * a.n_critic / dt:.1f} critic images/s")
