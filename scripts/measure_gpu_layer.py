#!/usr/bin/env python3
"""Times one GPT transformer layer's forward and backward on an NVIDIA GPU with PyTorch, for Tessera's training
validation (the per-layer view of Korthikanti et al. 2022, Table 4, on today's software).

The layer is the one Tessera's `gpt:` models build (pre-LayerNorm, separate Q/K/V projections with biases, causal
fused attention, output projection, residual, LayerNorm, 4h GELU MLP, residual; bf16, no dropout). Forward and
backward are timed separately with CUDA events, median over repetitions after warm-up, in PyTorch eager and with
torch.compile (which fuses the norms, GELU and residuals as Megatron's fused kernels do).

Run on the GPU machine: python3 scripts/measure_gpu_layer.py OUT.json
"""
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F

DEV = "cuda"


class GptLayer(torch.nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.heads = heads
        self.norm1 = torch.nn.LayerNorm(hidden)
        self.q = torch.nn.Linear(hidden, hidden)
        self.k = torch.nn.Linear(hidden, hidden)
        self.v = torch.nn.Linear(hidden, hidden)
        self.out = torch.nn.Linear(hidden, hidden)
        self.norm2 = torch.nn.LayerNorm(hidden)
        self.fc_in = torch.nn.Linear(hidden, 4 * hidden)
        self.fc_out = torch.nn.Linear(4 * hidden, hidden)

    def forward(self, x):
        b, s, h = x.shape
        y = self.norm1(x)
        split = lambda t: t.view(b, s, self.heads, h // self.heads).transpose(1, 2)
        a = F.scaled_dot_product_attention(split(self.q(y)), split(self.k(y)), split(self.v(y)), is_causal=True)
        x = x + self.out(a.transpose(1, 2).reshape(b, s, h))
        return x + self.fc_out(F.gelu(self.fc_in(self.norm2(x))))


def time_layer(layer, batch, seq, hidden, reps=10, warmup=3):
    x = torch.randn(batch, seq, hidden, device=DEV, dtype=torch.bfloat16, requires_grad=True)
    grad = torch.randn(batch, seq, hidden, device=DEV, dtype=torch.bfloat16)
    events = [(torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True),
               torch.cuda.Event(enable_timing=True)) for _ in range(reps + warmup)]
    for start, middle, end in events:
        start.record()
        y = layer(x)
        middle.record()
        y.backward(grad)
        end.record()
    torch.cuda.synchronize()
    forward = [s.elapsed_time(m) / 1e3 for s, m, _ in events[warmup:]]
    backward = [m.elapsed_time(e) / 1e3 for _, m, e in events[warmup:]]
    return statistics.median(forward), statistics.median(backward)


SHAPES = [  # hidden, heads, batch, seq
    (2048, 16, 8, 2048),
    (4096, 32, 4, 2048),
    (6144, 48, 2, 2048),   # the PALM wafer scenario's layer shape
    (12288, 96, 1, 2048),  # GPT-3 175B, one unsharded layer
]


def main():
    props = torch.cuda.get_device_properties(0)
    result = {"date": time.strftime("%Y-%m-%d"), "device": props.name, "torch": torch.__version__,
              "cuda": torch.version.cuda, "method": __doc__.strip().splitlines()[0], "layers": []}
    for hidden, heads, batch, seq in SHAPES:
        torch.manual_seed(0)
        layer = GptLayer(hidden, heads).to(DEV, torch.bfloat16)
        row = {"model": f"gpt:hidden={hidden},heads={heads},layers=1", "batch": batch, "seq": seq, "dtype": "bf16"}
        row["eager_forward_s"], row["eager_backward_s"] = time_layer(layer, batch, seq, hidden)
        try:
            compiled = torch.compile(layer)
            row["compiled_forward_s"], row["compiled_backward_s"] = time_layer(compiled, batch, seq, hidden)
        except Exception as error:  # keep the eager figures
            row["compiled_error"] = repr(error)
        print(row, flush=True)
        result["layers"].append(row)
        del layer
        torch.cuda.empty_cache()
    with open(sys.argv[1], "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
