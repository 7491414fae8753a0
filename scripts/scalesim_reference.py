#!/usr/bin/python3
"""Reference COMPUTE_REPORT.csv values for `tessera scalesim` parity tests, from SCALE-Sim v2's code, without SCALE-Sim.

An independent re-derivation in Python (standard library only) of what scalesim-project/scale-sim-v2 computes for a
stall-free run (InterfaceBandwidth CALC). It follows the demand-matrix *shapes* that SCALE-Sim builds fold by fold,
rather than Tessera's closed forms, so the two implementations check each other:

  scalesim/topology_utils.py   load_arrays_conv / load_arrays_gemm (gemm row -> [M, K, 1, K, 1, N, 1, 1]; "DP" layers
                               split per channel), topo_calc_hyperparams (ofmap = ceil((ifmap - filt + stride) / stride),
                               window = filt_h * filt_w * channels), calc_spatio_temporal_params (Sr, Sc, T per dataflow)
  scalesim/compute/systolic_compute_os.py  create_{ifmap,ofmap}_demand_mat: T + (C-1) rows skewed over R columns;
                               per-fold utilization from the OFMAP demand (T-1 prefix + R rows, C columns)
  scalesim/compute/systolic_compute_ws.py  create_{ifmap,filter}_demand_mat: R prefix + T + (C-1) suffix rows skewed
                               over R; utilization from the FILTER demand (R + R+C+T-2 rows, C columns, unskewed)
  scalesim/compute/systolic_compute_is.py  create_{filter,ifmap}_demand_mat: as ws with Sr/Sc/T of is; utilization from
                               the IFMAP demand (R + R+C+T-2 rows, C columns)
  scalesim/memory/double_buffered_scratchpad_mem.py  service_memory_requests: one demand row per cycle; total_cycles
                               = cycle of the last OFMAP row = rows - 1 (+ stalls, 0 here)
  scalesim/single_layer_sim.py calc_report_data: overall util = num_compute*100 / (total_cycles * R*C), num_compute =
                               ofmap pixels * filters * window; mapping eff and compute util = mean over folds * 100
  scalesim/simulator.py        generate_reports: the CSV header and str() formatting of each value

Usage: scripts/scalesim_reference.py DATA_DIR  (writes DATA_DIR/expected/<topology>_<dataflow>.csv)
"""
import configparser
import math
import os
import sys

TOPOLOGIES = {"Resnet18.csv": "conv", "alexnet_part.csv": "conv", "test.csv": "conv", "test_mnk_input.csv": "gemm"}
CONFIGS = {"os": "scale_test_os.cfg", "ws": "scale_test_ws.cfg", "is": "scale_test_is.cfg"}


def read_layers(path, kind):
    layers = []
    with open(path) as f:
        rows = [r.strip() for r in f][1:]
    for row in rows:
        if not row:
            continue
        e = [x.strip() for x in row.split(",")[:-1]]
        if kind == "gemm":
            m, n, k = int(e[1]), int(e[2]), int(e[3])
            layers.append([e[0], m, k, 1, k, 1, n, 1, 1])
            continue
        vals = [int(x) for x in e[1:8]]
        vals.append(int(e[8]) if len(e) > 8 else vals[6])
        if "DP" in e[0]:
            for ch in range(vals[4]):
                layers.append([e[0] + "Channel_" + str(ch)] + vals[:4] + [1] + vals[5:])
        else:
            layers.append([e[0]] + vals)
    return layers


def skewed_rows(rows, cols):
    return rows + cols - 1


def fold_rows_and_span(df, R, C, T):
    """Demand rows one fold adds, and the cycles SCALE-Sim divides that fold's compute by."""
    if df == "os":
        ifmap_rows = skewed_rows(T + (C - 1), R)
        ofmap_shape = (T - 1 + R, C)
        return ifmap_rows, ofmap_shape[0] + ofmap_shape[1] - 1
    stationary_rows = R + (R + C + T - 2)  # ws: filter demand; is: ifmap demand
    streamed_rows = skewed_rows(R + T + (C - 1), R)  # ws: ifmap demand; is: filter demand
    assert stationary_rows == streamed_rows
    return streamed_rows, stationary_rows + C - 1


def simulate(layer, df, R, C):
    _, ih, iw, fh, fw, ch, nf, sh, sw = layer
    oh = int(math.ceil((ih - fh + sh) / sh))
    ow = int(math.ceil((iw - fw + sw) / sw))
    px, window = oh * ow, fh * fw * ch
    sr, sc, t = {"os": (px, nf, window), "ws": (window, nf, px), "is": (window, px, nf)}[df]
    row_fold, col_fold = math.ceil(sr / R), math.ceil(sc / C)
    rows_per_fold, span = fold_rows_and_span(df, R, C, t)
    mapping, util, demand_rows = [], [], 0
    for fc in range(col_fold):
        for fr in range(row_fold):
            used = min(R, sr - fr * R) * min(C, sc - fc * C)
            mapping.append(used / (R * C))
            util.append(used * t / (R * C * span))
            demand_rows += rows_per_fold
    total_cycles = demand_rows - 1
    num_compute = px * nf * window
    overall = (num_compute * 100) / (total_cycles * R * C)
    return [total_cycles, 0, overall, sum(mapping) / len(mapping) * 100, sum(util) / len(util) * 100]


def main():
    data = sys.argv[1]
    os.makedirs(os.path.join(data, "expected"), exist_ok=True)
    for df, cfg_name in CONFIGS.items():
        cfg = configparser.ConfigParser()
        cfg.read(os.path.join(data, cfg_name))
        R = int(cfg.get("architecture_presets", "ArrayHeight"))
        C = int(cfg.get("architecture_presets", "ArrayWidth"))
        assert cfg.get("architecture_presets", "Dataflow") == df
        for topo, kind in TOPOLOGIES.items():
            out = "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,\n"
            for lid, layer in enumerate(read_layers(os.path.join(data, topo), kind)):
                out += str(lid) + ", " + ", ".join(str(x) for x in simulate(layer, df, R, C)) + ",\n"
            name = os.path.splitext(topo)[0] + "_" + df + ".csv"
            with open(os.path.join(data, "expected", name), "w") as f:
                f.write(out)


if __name__ == "__main__":
    main()
