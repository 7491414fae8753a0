// The topology of a stack of tiers: levels of groups, every group with its own copy of its level's links. Leading
// mesh2d tiers fold into one level (a global mesh of tiles); every other tier is a level of its own.
#include <algorithm>
#include <string>

#include "tessera/core/error.h"
#include "tessera/sim/topology_level.h"

namespace tessera {
namespace {

// A tier folded into level 0's global mesh: its grid and where its coordinates land in the global one.
struct FoldedTier {
  int64_t size;
  int64_t cols;
  int64_t row_scale;  // rows of the tiers below: a step of this tier's row is row_scale global rows
  int64_t col_scale;
};

struct Level {
  std::unique_ptr<LevelNetwork> network;
  bool switched = false;
  int64_t stride = 1;     // endpoints per member (level 0: 1)
  int64_t span = 1;       // endpoints per group
  int64_t groups = 1;
  LinkId first_link = 0;
  std::vector<FoldedTier> folded;  // level 0 of a mesh2d tier 0 only
  int64_t global_cols = 0;
};

// Along one global dimension: the link between positions x and x + 1 crosses a boundary of folded tier s > 0 when
// x + 1 is a multiple of tier s's scale, and takes the highest such tier's figures (tier 0's when none).
std::vector<int> fold_edge_tiers(const std::vector<int64_t>& scales, int64_t global) {
  std::vector<int> tiers(global, 0);
  for (int64_t x = 0; x + 1 < global; ++x) {
    for (size_t s = scales.size(); s-- > 1;) {
      if ((x + 1) % scales[s] == 0) {
        tiers[x] = static_cast<int>(s);
        break;
      }
    }
  }
  return tiers;
}

class TieredTopology final : public Topology {
 public:
  explicit TieredTopology(const NetworkSpec& spec);
  int64_t endpoints() const override { return endpoints_; }
  LinkId links() const override { return static_cast<LinkId>(links_.size()); }
  const Link& link(LinkId id) const override { return links_.at(id); }
  std::string link_name(LinkId id) const override;
  void append_route(int64_t src, int64_t dst, std::vector<LinkId>& out) const override;

 private:
  void add_folded_level(const NetworkSpec& spec);
  void add_level(const NetworkTier& tier, int index);
  int64_t member(const Level& level, int64_t endpoint) const;
  LinkId group_link(const Level& level, int64_t endpoint, int64_t local) const {
    return level.first_link + static_cast<LinkId>(endpoint / level.span * level.network->links() + local);
  }

  int64_t endpoints_ = 1;
  std::vector<Level> levels_;
  std::vector<Link> links_;
};

TieredTopology::TieredTopology(const NetworkSpec& spec) : endpoints_(spec.endpoints()) {
  size_t first = 0;
  if (spec.tiers[0].topology == TopologyKind::mesh2d) {
    add_folded_level(spec);
    first = levels_[0].folded.size();
  }
  for (size_t t = first; t < spec.tiers.size(); ++t) add_level(spec.tiers[t], static_cast<int>(t));
  int64_t total_links = 0;
  for (Level& level : levels_) {
    level.groups = endpoints_ / level.span;
    level.first_link = static_cast<LinkId>(total_links);
    total_links += level.groups * level.network->links();
    if (total_links > (int64_t{1} << 24)) {
      throw InputError("network: more than 16777216 directed links (" + std::to_string(endpoints_) +
                       " endpoints); too large to simulate");
    }
  }
  links_.reserve(total_links);
  for (const Level& level : levels_) {
    for (int64_t g = 0; g < level.groups; ++g) {
      for (int64_t l = 0; l < level.network->links(); ++l) {
        const NetworkTier& tier = spec.tiers[level.network->link_tier(l)];
        // A switch's member-to-member latency is split over the uplink and the downlink.
        double latency_s = level.switched ? tier.link_latency_s / 2 : tier.link_latency_s;
        links_.push_back(Link{tier.achievable_bandwidth_bytes_per_s(), latency_s, tier.name});
      }
    }
  }
}

void TieredTopology::add_folded_level(const NetworkSpec& spec) {
  Level level;
  std::vector<int64_t> row_scales;
  std::vector<int64_t> col_scales;
  int64_t rows = 1;
  int64_t cols = 1;
  for (const NetworkTier& tier : spec.tiers) {
    if (tier.topology != TopologyKind::mesh2d) break;
    level.folded.push_back(FoldedTier{tier.size(), tier.dims[1], rows, cols});
    row_scales.push_back(rows);
    col_scales.push_back(cols);
    rows *= tier.dims[0];
    cols *= tier.dims[1];
  }
  level.global_cols = cols;
  level.span = rows * cols;
  level.network = std::make_unique<GridNetwork>(
      std::vector<int64_t>{rows, cols}, false,
      std::vector<std::vector<int>>{fold_edge_tiers(row_scales, rows), fold_edge_tiers(col_scales, cols)});
  levels_.push_back(std::move(level));
}

void TieredTopology::add_level(const NetworkTier& tier, int index) {
  Level level;
  level.stride = levels_.empty() ? 1 : levels_.back().span;
  level.span = level.stride * tier.size();
  if (tier.topology == TopologyKind::switched) {
    level.switched = true;
    level.network = std::make_unique<SwitchNetwork>(tier.size(), index);
  } else {
    std::vector<int64_t> dims(tier.dims.begin(), tier.dims.end());
    std::vector<std::vector<int>> edge_tiers;
    for (int64_t d : dims) edge_tiers.emplace_back(d, index);
    level.network = std::make_unique<GridNetwork>(dims, tier.topology != TopologyKind::mesh2d, edge_tiers);
  }
  levels_.push_back(std::move(level));
}

int64_t TieredTopology::member(const Level& level, int64_t endpoint) const {
  if (level.folded.empty()) return endpoint / level.stride % level.network->members();
  int64_t rest = endpoint % level.span;
  int64_t row = 0;
  int64_t col = 0;
  for (const FoldedTier& tier : level.folded) {
    int64_t index = rest % tier.size;
    rest /= tier.size;
    row += index / tier.cols * tier.row_scale;
    col += index % tier.cols * tier.col_scale;
  }
  return row * level.global_cols + col;
}

void TieredTopology::append_route(int64_t src, int64_t dst, std::vector<LinkId>& out) const {
  for (int64_t e : {src, dst}) {
    if (e < 0 || e >= endpoints_) {
      throw InputError("route: endpoint " + std::to_string(e) + " is out of range (the network has " +
                       std::to_string(endpoints_) + " endpoints, 0.." + std::to_string(endpoints_ - 1) + ")");
    }
  }
  if (src == dst) return;
  // The highest level where the two differ carries the route; switched levels below it lead up to it and down.
  size_t top = levels_.size() - 1;
  while (member(levels_[top], src) == member(levels_[top], dst)) --top;
  for (size_t l = 1; l < top; ++l) {
    if (levels_[l].switched) out.push_back(group_link(levels_[l], src, SwitchNetwork::uplink(member(levels_[l], src))));
  }
  const Level& level = levels_[top];
  level.network->append_route(member(level, src), member(level, dst), group_link(level, src, 0), out);
  for (size_t l = top; l-- > 1;) {
    if (levels_[l].switched) {
      out.push_back(group_link(levels_[l], dst, SwitchNetwork::downlink(member(levels_[l], dst))));
    }
  }
}

std::string TieredTopology::link_name(LinkId id) const {
  auto it = std::upper_bound(levels_.begin(), levels_.end(), id,
                             [](LinkId link, const Level& level) { return link < level.first_link; });
  const Level& level = *(it - 1);
  int64_t offset = id - level.first_link;
  int64_t group = offset / level.network->links();
  std::string name = links_.at(id).tier;
  if (level.groups > 1) name += " group " + std::to_string(group);
  return name + " " + level.network->link_name(offset % level.network->links());
}

}  // namespace

std::unique_ptr<Topology> make_tiered_topology(const NetworkSpec& spec) { return std::make_unique<TieredTopology>(spec); }

}  // namespace tessera
