#!/usr/bin/python3
"""Generates the ONNX test models in tests/data/onnx/ for Tessera's ONNX importer.

Regenerate with Debian's Python and python3-onnx (1.12), from the repository root:

    /usr/bin/python3 scripts/make_test_onnx.py            # writes tests/data/onnx/*.onnx
    /usr/bin/python3 scripts/make_test_onnx.py OUT_DIR    # or somewhere else

Tessera reads only tensor dims, so large initializers are written as EXTERNAL data references (data_location =
EXTERNAL with location/offset/length entries) to a data file that is never written; small ones (biases, norms,
shape constants, a scalar) carry embedded raw_data. Every file stays well under 200 KB.

  resnet50.onnx     torchvision resnet50 (v1.5: stride on the 3x3 conv), BatchNormalization kept (not folded into
                    the convs), Flatten + Gemm(transB=1) head, symbolic batch. 25,557,032 parameters, as the zoo model.
  transformer.onnx  a 2-layer BERT-like encoder, opset 17: word and position embeddings (Gather), LayerNormalization
                    (embeddings, layer 0) and its decomposed form (layer 1: ReduceMean/Sub/Pow/Sqrt/Div), multi-head
                    self-attention with Reshape/Transpose (layer 1 computes the reshape target with Shape/Gather/
                    Unsqueeze/Concat), Softmax, and GELU as x * 0.5 * (1 + Erf(x / sqrt 2)). Counts are printed.
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

DATA_FILE = "weights.bin"  # referenced, never written


class ModelWriter:
    """Collects nodes and initializers; big float initializers become external references."""

    def __init__(self, embed_limit=2048):
        self.nodes, self.inits, self.offset, self.embed_limit = [], [], 0, embed_limit
        self.params = 0

    def weight(self, name, dims, param=True):
        count = int(np.prod(dims))
        if param:
            self.params += count
        t = TensorProto()
        t.name, t.data_type = name, TensorProto.FLOAT
        t.dims.extend(dims)
        if count <= self.embed_limit:
            t.raw_data = np.zeros(count, np.float32).tobytes()
        else:
            t.data_location = TensorProto.EXTERNAL
            for key, value in (("location", DATA_FILE), ("offset", str(self.offset)), ("length", str(4 * count))):
                entry = t.external_data.add()
                entry.key, entry.value = key, value
            self.offset += 4 * count
        self.inits.append(t)
        return name

    def ints(self, name, values, dims=None):
        t = helper.make_tensor(name, TensorProto.INT64, dims if dims is not None else [len(values)],
                               np.asarray(values, np.int64).tobytes(), raw=True)
        self.inits.append(t)
        return name

    def node(self, op, inputs, name, outputs=None, **attrs):
        outputs = outputs or [name]
        self.nodes.append(helper.make_node(op, inputs, outputs, name=name, **attrs))
        return outputs[0] if len(outputs) == 1 else outputs

    def const_float(self, name):
        return self.node("Constant", [], name, value=helper.make_tensor(name, TensorProto.FLOAT, [], [1.0]))

    def const_ints(self, name, values):
        return self.node("Constant", [], name, value=helper.make_tensor(name, TensorProto.INT64, [len(values)], values))


def check(model):
    """Checks a copy whose external initializers hold zeros (the checker wants the data to exist)."""
    filled = onnx.ModelProto()
    filled.CopyFrom(model)
    for t in filled.graph.initializer:
        if t.data_location == TensorProto.EXTERNAL:
            del t.external_data[:]
            t.data_location = TensorProto.DEFAULT
            t.raw_data = np.zeros(int(np.prod(t.dims)), np.float32).tobytes()
    onnx.checker.check_model(filled)
    inferred = onnx.shape_inference.infer_shapes(filled, strict_mode=True)
    for out in inferred.graph.output:
        print(f"  output {out.name}: {[d.dim_param or d.dim_value for d in out.type.tensor_type.shape.dim]}")


def save(model, path):
    check(model)
    onnx.save(model, path)
    print(f"{path}: {os.path.getsize(path)} bytes")


# ---------------------------------------------------------------- resnet50

def conv_bn(w, x, name, cin, cout, k, stride, pad, bn, relu):
    y = w.node("Conv", [x, w.weight(name + ".weight", [cout, cin, k, k])], name, kernel_shape=[k, k],
               strides=[stride, stride], pads=[pad] * 4)
    stats = [w.weight(bn + s, [cout], param=False) for s in (".running_mean", ".running_var")]
    y = w.node("BatchNormalization", [y, w.weight(bn + ".weight", [cout]), w.weight(bn + ".bias", [cout])] + stats,
               bn, epsilon=1e-5)
    return w.node("Relu", [y], bn + ".relu") if relu else y


def bottleneck(w, x, prefix, cin, width, stride, downsample):
    y = conv_bn(w, x, prefix + ".conv1", cin, width, 1, 1, 0, prefix + ".bn1", True)
    y = conv_bn(w, y, prefix + ".conv2", width, width, 3, stride, 1, prefix + ".bn2", True)
    y = conv_bn(w, y, prefix + ".conv3", width, 4 * width, 1, 1, 0, prefix + ".bn3", False)
    shortcut = x
    if downsample:
        shortcut = conv_bn(w, x, prefix + ".downsample.0", cin, 4 * width, 1, stride, 0, prefix + ".downsample.1",
                           False)
    return w.node("Relu", [w.node("Add", [y, shortcut], prefix + ".add")], prefix + ".relu")


def resnet50():
    w = ModelWriter(embed_limit=0)
    x = conv_bn(w, "input", "conv1", 3, 64, 7, 2, 3, "bn1", True)
    x = w.node("MaxPool", [x], "maxpool", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    cin = 64
    for stage, (width, blocks) in enumerate(zip((64, 128, 256, 512), (3, 4, 6, 3))):
        for block in range(blocks):
            stride = 2 if block == 0 and stage > 0 else 1
            x = bottleneck(w, x, f"layer{stage + 1}.{block}", cin, width, stride, block == 0)
            cin = 4 * width
    x = w.node("GlobalAveragePool", [x], "avgpool")
    x = w.node("Flatten", [x], "flatten", axis=1)
    w.node("Gemm", [x, w.weight("fc.weight", [1000, 2048]), w.weight("fc.bias", [1000])], "fc", ["output"],
           transB=1)
    graph = helper.make_graph(
        w.nodes, "resnet50",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, 224, 224])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", 1000])], w.inits)
    print(f"resnet50: {w.params} parameters")
    return helper.make_model(graph, producer_name="tessera make_test_onnx.py",
                             opset_imports=[helper.make_opsetid("", 13)])


# ---------------------------------------------------------------- transformer encoder

HIDDEN, HEADS, FFN, SEQ, VOCAB, POSITIONS, LAYERS = 256, 4, 1024, 128, 1000, 512, 2


def linear(w, x, name, cin, cout):
    y = w.node("MatMul", [x, w.weight(name + ".weight", [cin, cout])], name + ".matmul")
    return w.node("Add", [y, w.weight(name + ".bias", [cout])], name)


def layer_norm(w, x, name):
    return w.node("LayerNormalization", [x, w.weight(name + ".weight", [HIDDEN]), w.weight(name + ".bias", [HIDDEN])],
                  name, axis=-1, epsilon=1e-12)


def decomposed_layer_norm(w, x, name):
    mean = w.node("ReduceMean", [x], name + ".mean", axes=[-1], keepdims=1)
    centered = w.node("Sub", [x, mean], name + ".sub")
    square = w.node("Pow", [centered, w.const_float(name + ".two")], name + ".pow")
    var = w.node("ReduceMean", [square], name + ".var", axes=[-1], keepdims=1)
    std = w.node("Sqrt", [w.node("Add", [var, w.const_float(name + ".eps")], name + ".add_eps")], name + ".sqrt")
    y = w.node("Div", [centered, std], name + ".div")
    y = w.node("Mul", [y, w.weight(name + ".weight", [HIDDEN])], name + ".scale")
    return w.node("Add", [y, w.weight(name + ".bias", [HIDDEN])], name)


def heads_shape(w, x, name, computed):
    """Target shape [batch, seq, heads, head_dim]: a constant (0 copies a dim), or computed from Shape(x)."""
    if not computed:
        return w.ints(name + ".heads_shape", [0, 0, HEADS, HIDDEN // HEADS])
    shape = w.node("Shape", [x], name + ".shape")
    dims = []
    for axis in (0, 1):
        d = w.node("Gather", [shape, w.const_ints(f"{name}.axis{axis}", [axis])], f"{name}.dim{axis}", axis=0)
        dims.append(d)
    return w.node("Concat", dims + [w.const_ints(name + ".split_heads", [HEADS, HIDDEN // HEADS])],
                  name + ".heads_shape", axis=0)


def attention(w, x, name, computed_shapes):
    target = heads_shape(w, x, name, computed_shapes)
    q, k, v = (w.node("Reshape", [linear(w, x, f"{name}.{p}", HIDDEN, HIDDEN), target], f"{name}.{p}.split")
               for p in ("query", "key", "value"))
    q = w.node("Transpose", [q], name + ".q_t", perm=[0, 2, 1, 3])
    k = w.node("Transpose", [k], name + ".k_t", perm=[0, 2, 3, 1])
    v = w.node("Transpose", [v], name + ".v_t", perm=[0, 2, 1, 3])
    scores = w.node("MatMul", [q, k], name + ".scores")
    scores = w.node("Div", [scores, w.const_float(name + ".sqrt_d")], name + ".scale")
    probs = w.node("Softmax", [scores], name + ".softmax", axis=-1)
    ctx = w.node("Transpose", [w.node("MatMul", [probs, v], name + ".context")], name + ".ctx_t", perm=[0, 2, 1, 3])
    merged = w.ints(name + ".merge_shape", [0, 0, HIDDEN])
    ctx = w.node("Reshape", [ctx, merged], name + ".merge")
    return linear(w, ctx, name + ".output", HIDDEN, HIDDEN)


def gelu(w, x, name):
    inner = w.node("Erf", [w.node("Div", [x, w.const_float(name + ".sqrt2")], name + ".div")], name + ".erf")
    inner = w.node("Add", [inner, w.const_float(name + ".one")], name + ".add")
    return w.node("Mul", [w.node("Mul", [x, inner], name + ".mul"), "half"], name)


def transformer():
    w = ModelWriter()
    w.inits.append(helper.make_tensor("half", TensorProto.FLOAT, [], np.float32([0.5]).tobytes(), raw=True))
    words = w.node("Gather", [w.weight("embeddings.word", [VOCAB, HIDDEN]), "input_ids"], "embeddings.word_lookup")
    positions = w.ints("position_ids", list(range(SEQ)), [1, SEQ])
    pos = w.node("Gather", [w.weight("embeddings.position", [POSITIONS, HIDDEN]), positions],
                 "embeddings.position_lookup")
    x = layer_norm(w, w.node("Add", [words, pos], "embeddings.add"), "embeddings.norm")
    for layer in range(LAYERS):
        name = f"layer{layer}"
        norm = layer_norm if layer == 0 else decomposed_layer_norm
        x = norm(w, w.node("Add", [x, attention(w, x, name + ".attention", layer == 1)], name + ".residual1"),
                 name + ".norm1")
        h = gelu(w, linear(w, x, name + ".ffn.in", HIDDEN, FFN), name + ".gelu")
        x = norm(w, w.node("Add", [x, linear(w, h, name + ".ffn.out", FFN, HIDDEN)], name + ".residual2"),
                 name + ".norm2")
    w.node("Identity", [x], "output")
    graph = helper.make_graph(
        w.nodes, "transformer",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", SEQ])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", SEQ, HIDDEN])], w.inits)
    macs = LAYERS * SEQ * (4 * HIDDEN * HIDDEN + 2 * SEQ * HIDDEN + 2 * HIDDEN * FFN)
    print(f"transformer: {w.params} parameters, {macs} MACs per sample")
    return helper.make_model(graph, producer_name="tessera make_test_onnx.py",
                             opset_imports=[helper.make_opsetid("", 17)])


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests", "data", "onnx")
    os.makedirs(out_dir, exist_ok=True)
    save(resnet50(), os.path.join(out_dir, "resnet50.onnx"))
    save(transformer(), os.path.join(out_dir, "transformer.onnx"))


if __name__ == "__main__":
    main()
