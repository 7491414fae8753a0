// tessera graph: the operator list of a workload with shapes, loop dimensions, MACs and bytes.
#include "tessera/cli/command.h"
#include "tessera/cli/model_options.h"
#include "tessera/core/registry.h"
#include "tessera/frontend/graph_json.h"
#include "tessera/report/graph_report.h"
#include "tessera/report/output.h"

namespace tessera {
namespace {

class GraphCommand final : public Command {
 public:
  std::string summary() const override { return "Show a workload's operators: shapes, loop dims, MACs, bytes"; }
  void configure(CLI::App& app) override {
    model_.add_to(app);
    app.add_option("--format", format_,
                   "table, json (summary), dot (Graphviz) or graph-json (lossless Tessera graph JSON for re-import)")
        ->check(CLI::IsMember({"table", "json", "dot", "graph-json"}));
    app.add_option("--out", out_, "write to this file instead of stdout");
  }
  void run() override {
    Graph graph = load_model(model_.request());
    std::string text = format_ == "json"         ? render_graph_json(graph)
                       : format_ == "dot"        ? render_graph_dot(graph)
                       : format_ == "graph-json" ? export_graph_json(graph)
                                                 : render_graph_table(graph);
    write_output(text, out_);
  }

 private:
  ModelOptions model_;
  std::string format_ = "table";
  std::string out_;
};

TESSERA_REGISTER(Command, GraphCommand, "graph");

}  // namespace
}  // namespace tessera
