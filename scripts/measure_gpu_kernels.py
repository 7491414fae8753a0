#!/usr/bin/env python3
"""Measures kernel times on an NVIDIA GPU with PyTorch, for Tessera's validation data (data/validation/).

Every figure is the median over 5 repetitions of (time of `iters` back-to-back launches / iters), timed with CUDA
events after warm-up, on random data (tensor-core power, hence clocks, depend on the data). Shapes are Tessera's
micro-workload specs, so each row can become a `tessera validate` case as it stands.

Run on the GPU machine: python3 scripts/measure_gpu_kernels.py OUT.json
"""
import json
import statistics
import sys
import time

import torch
import torch.nn.functional as F

from gpu_timing import ClockSampler, timed

DEV = "cuda"


def gemm_case(m, n, k, dtype):
    if dtype == "fp8":
        a = torch.randn(m, k, device=DEV).to(torch.float8_e4m3fn)
        b = torch.randn(n, k, device=DEV).to(torch.float8_e4m3fn).t()  # column-major, as cuBLASLt needs
        one = torch.tensor(1.0, device=DEV)
        fn = lambda: torch._scaled_mm(a, b, scale_a=one, scale_b=one, out_dtype=torch.bfloat16)
    else:
        torch_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32,
                       "tf32": torch.float32}[dtype]
        torch.backends.cuda.matmul.allow_tf32 = dtype == "tf32"
        a = torch.randn(m, k, device=DEV, dtype=torch_dtype)
        b = torch.randn(k, n, device=DEV, dtype=torch_dtype)
        fn = lambda: torch.matmul(a, b)
    seconds, iters, clock = timed(fn)
    return {"workload": f"gemm:M={m},N={n},K={k}", "dtype": dtype, "latency_s": seconds, "iters": iters, "sm_clock_mhz": clock,
            "tflops": 2.0 * m * n * k / seconds / 1e12}


GEMM_SHAPES = [
    # squares
    (256, 256, 256), (512, 512, 512), (1024, 1024, 1024), (2048, 2048, 2048), (4096, 4096, 4096),
    (8192, 8192, 8192), (16384, 16384, 16384),
    # misaligned neighbours of a square (tile / alignment quantization)
    (4095, 4095, 4095), (4097, 4097, 4097),
    # GPT-3 175B layer, tp=8, one 2048-token micro-batch: QKV, attention projection, FC1, FC2
    (2048, 4608, 12288), (2048, 12288, 1536), (2048, 6144, 12288), (2048, 12288, 6144),
    # BERT-Large, 8 x 384 tokens: QKV fused, projection, FC1, FC2
    (3072, 3072, 1024), (3072, 1024, 1024), (3072, 4096, 1024), (3072, 1024, 4096),
    # decode-like skinny GEMMs (weight-streaming, memory bound)
    (1, 8192, 8192), (16, 8192, 8192), (128, 8192, 8192),
]


def elementwise_case(n, fn_name, dtype):
    torch_dtype = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}[dtype]
    x = torch.randn(n, device=DEV, dtype=torch_dtype)
    y = torch.randn(n, device=DEV, dtype=torch_dtype)
    out = torch.empty_like(x)
    if fn_name == "add":
        fn, streams = (lambda: torch.add(x, y, out=out)), 3
    elif fn_name == "relu":
        fn, streams = (lambda: torch.clamp_min(x, 0, out=out)), 2
    elif fn_name == "gelu":
        fn, streams = (lambda: F.gelu(x)), 2
    else:
        raise ValueError(fn_name)
    seconds, iters, clock = timed(fn)
    bytes_moved = streams * n * x.element_size()
    return {"workload": f"elementwise:N={n},fn={fn_name}", "dtype": dtype, "latency_s": seconds, "iters": iters, "sm_clock_mhz": clock,
            "bytes": bytes_moved, "bytes_per_s": bytes_moved / seconds}


def copy_case(n_bytes):
    x = torch.empty(n_bytes, device=DEV, dtype=torch.uint8)
    y = torch.empty_like(x)
    seconds, iters, clock = timed(lambda: y.copy_(x))
    return {"workload": f"copy:bytes={n_bytes}", "latency_s": seconds, "iters": iters, "sm_clock_mhz": clock,
            "bytes_per_s": 2 * n_bytes / seconds}


def attention_case(b, h, sq, skv, d, causal, backend):
    from torch.nn.attention import SDPBackend, sdpa_kernel
    q = torch.randn(b, h, sq, d, device=DEV, dtype=torch.bfloat16)
    k = torch.randn(b, h, skv, d, device=DEV, dtype=torch.bfloat16)
    v = torch.randn(b, h, skv, d, device=DEV, dtype=torch.bfloat16)
    with sdpa_kernel(getattr(SDPBackend, backend)):
        seconds, iters, clock = timed(lambda: F.scaled_dot_product_attention(q, k, v, is_causal=bool(causal)))
    full_flops = 4.0 * b * h * sq * skv * d
    return {"workload": f"attention:B={b},H={h},Sq={sq},Skv={skv},D={d},causal={causal}", "dtype": "bf16",
            "kernel": backend, "latency_s": seconds, "iters": iters, "sm_clock_mhz": clock, "tflops_full_matrix": full_flops / seconds / 1e12}


ATTENTION_SHAPES = [
    (8, 16, 384, 384, 64, 0),      # BERT-Large, 8 sequences of 384
    (1, 12, 2048, 2048, 128, 1),   # GPT-3 175B tp=8 head shard, one 2048 sequence
    (4, 32, 4096, 4096, 128, 1),   # Llama-2 7B, 4 x 4096
    (16, 32, 1024, 1024, 128, 0),
]


def conv_case(n, c, h, w, k, r, stride, pad):
    x = torch.randn(n, c, h, w, device=DEV, dtype=torch.float16).to(memory_format=torch.channels_last)
    wt = torch.randn(k, c, r, r, device=DEV, dtype=torch.float16).to(memory_format=torch.channels_last)
    seconds, iters, clock = timed(lambda: F.conv2d(x, wt, stride=stride, padding=pad))
    ho = (h + 2 * pad - r) // stride + 1
    wo = (w + 2 * pad - r) // stride + 1
    macs = n * k * ho * wo * c * r * r
    return {"workload": f"conv2d:N={n},C={c},H={h},W={w},K={k},R={r},S={r},stride={stride},pad={pad}",
            "dtype": "fp16", "latency_s": seconds, "iters": iters, "sm_clock_mhz": clock, "tflops": 2.0 * macs / seconds / 1e12}


CONV_SHAPES = [  # ResNet-50 layers at batch 256
    (256, 64, 56, 56, 64, 3, 1, 1), (256, 256, 56, 56, 64, 1, 1, 0), (256, 64, 56, 56, 256, 1, 1, 0),
    (256, 128, 28, 28, 128, 3, 1, 1), (256, 256, 14, 14, 256, 3, 1, 1), (256, 512, 7, 7, 512, 3, 1, 1),
    (256, 1024, 14, 14, 256, 1, 1, 0), (256, 3, 224, 224, 64, 7, 2, 3),
]


def resnet50_case(batch):
    import torchvision
    model = torchvision.models.resnet50().cuda().half().eval().to(memory_format=torch.channels_last)
    x = torch.randn(batch, 3, 224, 224, device=DEV, dtype=torch.float16).to(memory_format=torch.channels_last)
    with torch.inference_mode():
        seconds, iters, clock = timed(lambda: model(x), min_total_s=0.5, reps=3, graph=False)
    return {"workload": "resnet50", "batch": batch, "dtype": "fp16", "framework": "PyTorch eager, cuDNN",
            "latency_s": seconds, "sm_clock_mhz": clock, "samples_per_s": batch / seconds}


def bert_large_case(batch, seq):
    from transformers import BertConfig, BertModel
    config = BertConfig(hidden_size=1024, num_hidden_layers=24, num_attention_heads=16, intermediate_size=4096,
                        attn_implementation="sdpa")
    model = BertModel(config, add_pooling_layer=False).cuda().half().eval()
    ids = torch.randint(0, config.vocab_size, (batch, seq), device=DEV)
    with torch.inference_mode():
        seconds, iters, clock = timed(lambda: model(input_ids=ids), min_total_s=0.5, reps=3, graph=False)
    return {"workload": "bert_large", "batch": batch, "seq": seq, "dtype": "fp16",
            "framework": "PyTorch eager, transformers BertModel (SDPA attention)",
            "latency_s": seconds, "sm_clock_mhz": clock, "samples_per_s": batch / seconds}


def main():
    out_path = sys.argv[1]
    props = torch.cuda.get_device_properties(0)
    result = {"date": time.strftime("%Y-%m-%d"), "device": props.name, "sms": props.multi_processor_count,
              "memory_bytes": props.total_memory, "torch": torch.__version__, "cuda": torch.version.cuda,
              "cudnn": torch.backends.cudnn.version(), "method": __doc__.strip().splitlines()[2]}
    torch.backends.cudnn.benchmark = True

    def section(name, rows):
        result[name] = []
        for make in rows:
            try:
                row = make()
            except Exception as error:  # record, don't lose the other measurements
                row = {"error": repr(error)}
            print(name, row, flush=True)
            result[name].append(row)

    # Clocks and power under a long random-data bf16 GEMM (the power-limited steady state), then on zeros.
    for fill in ("random", "zeros"):
        a = torch.randn(8192, 8192, device=DEV, dtype=torch.bfloat16)
        b = torch.randn(8192, 8192, device=DEV, dtype=torch.bfloat16)
        if fill == "zeros":
            a.zero_()
            b.zero_()
        with ClockSampler() as sampler:
            seconds, _, _ = timed(lambda: torch.matmul(a, b), min_total_s=1.0, reps=5)
        steady = sampler.samples[len(sampler.samples) // 4:]
        clocks, powers = [c for c, _ in steady], [p for _, p in steady]
        result["sustained_gemm_" + fill] = {
            "workload": "gemm:M=8192,N=8192,K=8192", "dtype": "bf16", "data": fill,
            "tflops": 2 * 8192**3 / seconds / 1e12, "sm_clock_mhz_median": statistics.median(clocks),
            "sm_clock_mhz_min": min(clocks), "sm_clock_mhz_max": max(clocks),
            "power_w_median": statistics.median(powers), "samples": len(clocks)}
        print(result["sustained_gemm_" + fill], flush=True)
    del a, b

    section("gemm", [lambda s=s, d=d: gemm_case(*s, d) for d in ("bf16",) for s in GEMM_SHAPES] +
            [lambda s=s, d=d: gemm_case(*s, d) for d in ("fp16", "tf32", "fp32", "fp8")
             for s in [(4096, 4096, 4096), (8192, 8192, 8192), (2048, 6144, 12288)]])
    section("elementwise", [lambda n=n, f=f, d=d: elementwise_case(n, f, d)
                            for n in (2**20, 2**24, 2**26, 2**28) for f in ("add",) for d in ("bf16", "fp32")] +
            [lambda: elementwise_case(2**28, "relu", "bf16"), lambda: elementwise_case(2**28, "gelu", "bf16")])
    section("copy", [lambda n=n: copy_case(n) for n in (2**24, 2**28, 2**31)])
    section("attention", [lambda s=s, k=k: attention_case(*s, k) for k in ("FLASH_ATTENTION", "CUDNN_ATTENTION")
                          for s in ATTENTION_SHAPES])
    section("conv2d", [lambda s=s: conv_case(*s) for s in CONV_SHAPES])
    section("models", [lambda: resnet50_case(256), lambda: bert_large_case(64, 384)])

    with open(out_path, "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
