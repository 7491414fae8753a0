"""Timing kernels on an NVIDIA GPU with PyTorch, shared by the scripts/measure_gpu_*.py measurements.

timed(): the median over repetitions of (time of `iters` back-to-back launches / iters), with CUDA events after
warm-up, and the NVML SM clock seen meanwhile; ClockSampler: SM clock and board power sampled while work runs.
"""
import statistics
import threading
import time

import torch


def timed(fn, min_total_s=0.05, reps=5, graph=True):
    """Median seconds per call of fn(), with the NVML SM clock (MHz) seen meanwhile.

    With graph=True the calls are captured in one CUDA graph and replayed, so that the CPU's launch rate (about
    10 us per eager PyTorch call) does not hide the time of small kernels.
    """
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    start.record()
    fn()
    end.record()
    torch.cuda.synchronize()
    one = max(start.elapsed_time(end) / 1e3, 1e-6)
    iters = max(1, min(2000, int(min_total_s / one)))
    run = fn
    if graph:
        stream = torch.cuda.Stream()
        stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(stream):
            fn()
        torch.cuda.current_stream().wait_stream(stream)
        captured = torch.cuda.CUDAGraph()
        with torch.cuda.graph(captured):
            for _ in range(iters):
                fn()
        run = captured.replay
    samples = []
    with ClockSampler() as clocks:
        for _ in range(reps):
            start.record()
            if graph:
                run()
            else:
                for _ in range(iters):
                    run()
            end.record()
            torch.cuda.synchronize()
            samples.append(start.elapsed_time(end) / 1e3 / iters)
    return statistics.median(samples), iters, clocks.median_clock()


class ClockSampler:
    """SM clock and board power sampled by NVML while a kernel loop runs."""

    def __init__(self):
        import pynvml
        pynvml.nvmlInit()
        self.nvml = pynvml
        self.handle = pynvml.nvmlDeviceGetHandleByIndex(0)
        self.samples = []
        self.stop = False

    def _run(self):
        while not self.stop:
            clock = self.nvml.nvmlDeviceGetClockInfo(self.handle, self.nvml.NVML_CLOCK_SM)
            power = self.nvml.nvmlDeviceGetPowerUsage(self.handle) / 1e3
            self.samples.append((clock, power))
            time.sleep(0.02)

    def median_clock(self):
        return statistics.median(c for c, _ in self.samples) if self.samples else None

    def __enter__(self):
        self.thread = threading.Thread(target=self._run)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop = True
        self.thread.join()
