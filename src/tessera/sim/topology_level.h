#pragma once
// Internal to the topologies: the network inside one group of a tier (a "level"), with members 0..members()-1 and
// directed links 0..links()-1. TieredTopology stacks levels and gives every group its own copy of the links.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tessera/hardware/network_spec.h"
#include "tessera/sim/topology.h"

namespace tessera {

class LevelNetwork {
 public:
  virtual ~LevelNetwork() = default;
  virtual int64_t members() const = 0;
  virtual int64_t links() const = 0;
  // The index of the spec tier whose bandwidth and latency the link has (a folded mesh mixes tiers).
  virtual int link_tier(int64_t link) const = 0;
  virtual std::string link_name(int64_t link) const = 0;
  // Appends first_link + the local ids of the links from member src to member dst.
  virtual void append_route(int64_t src, int64_t dst, LinkId first_link, std::vector<LinkId>& out) const = 0;
};

// Rings, meshes and tori of any dimension: members at row-major positions, dimension-order routing in dims order,
// the shorter way around a wrapped dimension (ties to +).
class GridNetwork final : public LevelNetwork {
 public:
  // edge_tier[d][x]: the tier of the two links between positions x and x + 1 (mod dims[d]) along dimension d.
  GridNetwork(std::vector<int64_t> dims, bool wrap, std::vector<std::vector<int>> edge_tier);
  int64_t members() const override { return nodes_; }
  int64_t links() const override { return static_cast<int64_t>(links_.size()); }
  int link_tier(int64_t link) const override;
  std::string link_name(int64_t link) const override;
  void append_route(int64_t src, int64_t dst, LinkId first_link, std::vector<LinkId>& out) const override;

 private:
  struct GridLink {
    int64_t from;
    int dim;
    int dir;  // 0: +, 1: -
  };
  int64_t coord(int64_t node, size_t dim) const { return node / stride_[dim] % dims_[dim]; }
  int64_t neighbour(int64_t node, size_t dim, int dir) const;
  std::string position(int64_t node) const;

  std::vector<int64_t> dims_;
  std::vector<int64_t> stride_;
  bool wrap_;
  int64_t nodes_ = 1;
  std::vector<std::vector<int>> edge_tier_;
  std::vector<GridLink> links_;
  std::vector<int32_t> link_of_;  // ((node * dims + dim) * 2 + dir) -> local link, -1 at a mesh edge
};

// A non-blocking switch: member m's uplink (link 2m) and downlink (link 2m + 1).
class SwitchNetwork final : public LevelNetwork {
 public:
  SwitchNetwork(int64_t members, int tier) : members_(members), tier_(tier) {}
  int64_t members() const override { return members_; }
  int64_t links() const override { return 2 * members_; }
  int link_tier(int64_t) const override { return tier_; }
  std::string link_name(int64_t link) const override;
  void append_route(int64_t src, int64_t dst, LinkId first_link, std::vector<LinkId>& out) const override;
  static int64_t uplink(int64_t member) { return 2 * member; }
  static int64_t downlink(int64_t member) { return 2 * member + 1; }

 private:
  int64_t members_;
  int tier_;
};

// The topology of a validated spec (topology.cpp validates).
std::unique_ptr<Topology> make_tiered_topology(const NetworkSpec& spec);

}  // namespace tessera
