#!/usr/bin/env python3
"""Times the kernels of a GPT layer's backward on an NVIDIA GPU with PyTorch, to see where the backward's time goes.

For the projections of a hidden-12288 layer at 2048 tokens: the forward GEMM (Y = X W^T), the data gradient
(dX = dY W) and the weight gradient (dW = dY^T X), each with its real memory layout; and causal fused attention
forward and backward (cuDNN and FlashAttention backends). GEMMs as CUDA graphs of back-to-back launches, attention
(autograd cannot be captured) as plain launches; median of 5, random bf16 (gpu_timing.timed).

Run on the GPU machine: python3 scripts/measure_gpu_backward.py OUT.json
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

from gpu_timing import timed

DEV = "cuda"


def projection(tokens, k, n):
    x = torch.randn(tokens, k, device=DEV, dtype=torch.bfloat16)
    w = torch.randn(n, k, device=DEV, dtype=torch.bfloat16)  # nn.Linear's layout: out x in
    dy = torch.randn(tokens, n, device=DEV, dtype=torch.bfloat16)
    flops = 2.0 * tokens * k * n
    row = {"tokens": tokens, "in": k, "out": n}
    for name, fn in (("forward", lambda: x @ w.t()), ("data_grad", lambda: dy @ w), ("weight_grad", lambda: dy.t() @ x)):
        seconds = timed(fn)[0]
        row[name + "_s"] = seconds
        row[name + "_tflops"] = flops / seconds / 1e12
    return row


def attention(batch, heads, seq, dim, backend):
    from torch.nn.attention import SDPBackend, sdpa_kernel
    q, k, v = (torch.randn(batch, heads, seq, dim, device=DEV, dtype=torch.bfloat16, requires_grad=True)
               for _ in range(3))
    grad = torch.randn(batch, heads, seq, dim, device=DEV, dtype=torch.bfloat16)
    with sdpa_kernel(getattr(SDPBackend, backend)):
        forward = timed(lambda: F.scaled_dot_product_attention(q, k, v, is_causal=True), graph=False)[0]
        both = timed(lambda: torch.autograd.grad(F.scaled_dot_product_attention(q, k, v, is_causal=True),
                                                 (q, k, v), grad), graph=False)[0]
    return {"batch": batch, "heads": heads, "seq": seq, "dim": dim, "causal": 1, "kernel": backend,
            "forward_s": forward, "backward_s": both - forward}


def main():
    props = torch.cuda.get_device_properties(0)
    result = {"date": time.strftime("%Y-%m-%d"), "device": props.name, "torch": torch.__version__,
              "cuda": torch.version.cuda, "method": __doc__.strip().splitlines()[0]}
    h = 12288
    result["projections"] = [projection(2048, h, h), projection(2048, h, 4 * h), projection(2048, 4 * h, h)]
    result["attention"] = [attention(1, 96, 2048, 128, b) for b in ("CUDNN_ATTENTION", "FLASH_ATTENTION")]
    for section in ("projections", "attention"):
        for row in result[section]:
            print(section, row, flush=True)
    with open(sys.argv[1], "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
