// BERT encoders (Devlin et al. 2019) as Hugging Face's BertModel with the pooler: bert-base-uncased and
// bert-large-uncased (vocab 30522, 512 positions). Default sequence: 128 for base (the common fine-tuning length),
// 384 for large (MLPerf Inference's SQuAD v1.1 BERT-large).
#include "tessera/core/registry.h"
#include "tessera/models/transformer.h"

namespace tessera {
namespace {

TransformerConfig bert(const std::string& name, int64_t hidden, int64_t layers, int64_t heads, int64_t seq) {
  TransformerConfig c = bert_architecture();
  c.name = name;
  c.vocab = 30522;
  c.max_positions = 512;
  c.hidden = hidden;
  c.layers = layers;
  c.heads = heads;
  c.ffn_hidden = 4 * hidden;
  c.default_seq = seq;
  return c;
}

TESSERA_REGISTER_FACTORY(ModelBuilder, "bert_base", [] {
  return make_transformer_model(bert("bert_base", 768, 12, 12, 128), "BERT-base uncased encoder + pooler, seq 128");
});
TESSERA_REGISTER_FACTORY(ModelBuilder, "bert_large", [] {
  return make_transformer_model(bert("bert_large", 1024, 24, 16, 384),
                                "BERT-large uncased encoder + pooler, seq 384 (MLPerf SQuAD)");
});

}  // namespace
}  // namespace tessera
