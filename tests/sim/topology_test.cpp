// Routes and link figures of every topology kind, counted by hand on small networks.
#include "tessera/sim/topology.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/input_error.h"

namespace tessera {
namespace {

using testing::input_error_of;

NetworkTier tier(std::string name, TopologyKind kind, std::vector<int> dims, double bandwidth_bytes_per_s = 100e9,
                 double latency_s = 1e-6) {
  return NetworkTier{std::move(name), kind, std::move(dims), bandwidth_bytes_per_s, latency_s};
}

std::vector<std::string> route_names(const Topology& topology, int64_t src, int64_t dst) {
  std::vector<std::string> names;
  for (LinkId l : topology.route(src, dst)) names.push_back(topology.link_name(l));
  return names;
}

TEST(TopologyRing, TakesTheShorterWayWithTiesToPlus) {
  auto ring = make_topology({{tier("ici", TopologyKind::ring, {8})}});
  EXPECT_EQ(ring->endpoints(), 8);
  EXPECT_EQ(ring->links(), 16);
  EXPECT_EQ(route_names(*ring, 0, 3), (std::vector<std::string>{"ici (0)->(1)", "ici (1)->(2)", "ici (2)->(3)"}));
  EXPECT_EQ(route_names(*ring, 0, 6), (std::vector<std::string>{"ici (0)->(7)", "ici (7)->(6)"}));
  EXPECT_EQ(route_names(*ring, 2, 6).front(), "ici (2)->(3)");  // 4 either way: +
  EXPECT_EQ(ring->route(2, 6).size(), 4u);
  EXPECT_TRUE(ring->route(5, 5).empty());
}

TEST(TopologyMesh, RoutesDimensionOrderWithoutWrap) {
  auto mesh = make_topology({{tier("noc", TopologyKind::mesh2d, {4, 4})}});
  EXPECT_EQ(mesh->links(), 48);  // 2 directions x (4 rows x 3 + 4 cols x 3)
  // (0,0) -> (3,3): dims[0] (rows) first, then columns; 6 hops, no wrap-around.
  std::vector<std::string> names = route_names(*mesh, 0, 15);
  ASSERT_EQ(names.size(), 6u);
  EXPECT_EQ(names[0], "noc (0,0)->(1,0)");
  EXPECT_EQ(names[2], "noc (2,0)->(3,0)");
  EXPECT_EQ(names[3], "noc (3,0)->(3,1)");
  EXPECT_EQ(names[5], "noc (3,2)->(3,3)");
  EXPECT_EQ(mesh->route(15, 0).size(), 6u);
}

TEST(TopologyTorus, Torus2dWrapsAround) {
  auto torus = make_topology({{tier("ici", TopologyKind::torus2d, {4, 4})}});
  EXPECT_EQ(torus->links(), 64);
  EXPECT_EQ(route_names(*torus, 0, 15), (std::vector<std::string>{"ici (0,0)->(3,0)", "ici (3,0)->(3,3)"}));
}

// (0,0,0) -> (2,3,1) on 4x4x4: x is 2 either way (+), y is 1 backwards via the wrap, z 1 forward.
TEST(TopologyTorus, Torus3dRoutesXThenYThenZ) {
  auto torus = make_topology({{tier("ici", TopologyKind::torus3d, {4, 4, 4})}});
  EXPECT_EQ(torus->links(), 64 * 6);
  int64_t dst = (2 * 4 + 3) * 4 + 1;
  EXPECT_EQ(route_names(*torus, 0, dst),
            (std::vector<std::string>{"ici (0,0,0)->(1,0,0)", "ici (1,0,0)->(2,0,0)", "ici (2,0,0)->(2,3,0)",
                                      "ici (2,3,0)->(2,3,1)"}));
}

TEST(TopologySwitch, RouteIsUplinkThenDownlinkWithHalfTheLatencyEach) {
  auto nvswitch = make_topology({{tier("nvlink", TopologyKind::switched, {8}, 300e9, 2e-6)}});
  EXPECT_EQ(nvswitch->links(), 16);
  EXPECT_EQ(route_names(*nvswitch, 2, 5), (std::vector<std::string>{"nvlink up 2", "nvlink down 5"}));
  // A member sending to two others shares its uplink.
  EXPECT_EQ(nvswitch->route(2, 5).front(), nvswitch->route(2, 6).front());
  for (LinkId l : nvswitch->route(2, 5)) {
    EXPECT_EQ(nvswitch->link(l).bandwidth_bytes_per_s, 300e9);
    EXPECT_EQ(nvswitch->link(l).latency_s, 1e-6);
    EXPECT_EQ(nvswitch->link(l).tier, "nvlink");
  }
}

// dgx_a100 x 4: NVSwitch inside a node, InfiniBand between nodes through the node's port (shared by its 8 GPUs).
TEST(TopologyMultiTier, SwitchedNodesLeaveThroughTheNodePort) {
  auto cluster = make_topology({{tier("nvlink", TopologyKind::switched, {8}, 300e9, 1e-6),
                                 tier("infiniband", TopologyKind::switched, {4}, 200e9, 5e-6)}});
  EXPECT_EQ(cluster->endpoints(), 32);
  EXPECT_EQ(cluster->links(), 4 * 16 + 8);
  EXPECT_EQ(route_names(*cluster, 0, 1), (std::vector<std::string>{"nvlink group 0 up 0", "nvlink group 0 down 1"}));
  EXPECT_EQ(route_names(*cluster, 3, 29), (std::vector<std::string>{"infiniband up 0", "infiniband down 3"}));
  EXPECT_EQ(cluster->route(0, 8).front(), cluster->route(1, 9).front());  // one port per node
  const Link& port = cluster->link(cluster->route(0, 8).front());
  EXPECT_EQ(port.bandwidth_bytes_per_s, 200e9);
  EXPECT_EQ(port.latency_s, 2.5e-6);
}

// Three switched tiers of 2: endpoint 0 to 7 goes up its node's port and its pod's port, and down the others.
TEST(TopologyMultiTier, RouteGoesUpThroughEverySwitchedTier) {
  auto fat_tree = make_topology({{tier("t0", TopologyKind::switched, {2}), tier("t1", TopologyKind::switched, {2}),
                                  tier("t2", TopologyKind::switched, {2})}});
  EXPECT_EQ(route_names(*fat_tree, 0, 7),
            (std::vector<std::string>{"t1 group 0 up 0", "t2 up 0", "t2 down 1", "t1 group 1 down 1"}));
}

TEST(TopologyMultiTier, TorusPodsJoinedByASwitchAndSwitchedNodesInARing) {
  auto pods = make_topology({{tier("ici", TopologyKind::torus3d, {2, 2, 2}), tier("dcn", TopologyKind::switched, {3})}});
  EXPECT_EQ(route_names(*pods, 1, 8), (std::vector<std::string>{"dcn up 0", "dcn down 1"}));
  EXPECT_EQ(pods->route(1, 6).size(), 3u);  // (0,0,1) -> (1,1,0)
  auto ring_of_nodes = make_topology({{tier("nvlink", TopologyKind::switched, {4}), tier("eth", TopologyKind::ring, {4})}});
  EXPECT_EQ(route_names(*ring_of_nodes, 0, 13), (std::vector<std::string>{"eth (0)->(3)"}));
}

// A wafer of 5x4 dies of 4x4 tiles is one 20x16 tile mesh; links crossing a die boundary are d2d links.
class WaferTopology : public ::testing::Test {
 protected:
  std::unique_ptr<Topology> wafer = make_topology({{tier("noc", TopologyKind::mesh2d, {4, 4}, 1e12, 1e-9),
                                                     tier("d2d", TopologyKind::mesh2d, {5, 4}, 250e9, 20e-9)}});
  // Endpoint of global tile (row, col): tile index within the die, then the die index, both row-major.
  static int64_t tile(int row, int col) { return (row % 4) * 4 + col % 4 + 16 * ((row / 4) * 4 + col / 4); }
};

TEST_F(WaferTopology, CornerToCornerCrossesFourPlusThreeDieBoundaries) {
  EXPECT_EQ(wafer->endpoints(), 320);
  EXPECT_EQ(tile(19, 15), 319);
  std::vector<LinkId> route = wafer->route(tile(0, 0), tile(19, 15));
  ASSERT_EQ(route.size(), 19u + 15u);
  int d2d = 0;
  for (LinkId l : route) d2d += wafer->link(l).tier == "d2d" ? 1 : 0;
  EXPECT_EQ(d2d, 4 + 3);
}

TEST_F(WaferTopology, LinksTakeTheFiguresOfTheBoundaryTheyCross) {
  EXPECT_EQ(route_names(*wafer, tile(0, 2), tile(0, 3)), (std::vector<std::string>{"noc (0,2)->(0,3)"}));
  EXPECT_EQ(route_names(*wafer, tile(0, 3), tile(0, 4)), (std::vector<std::string>{"d2d (0,3)->(0,4)"}));
  EXPECT_EQ(route_names(*wafer, tile(8, 5), tile(7, 5)), (std::vector<std::string>{"d2d (8,5)->(7,5)"}));
  const Link& d2d = wafer->link(wafer->route(tile(0, 3), tile(0, 4)).front());
  EXPECT_EQ(d2d.bandwidth_bytes_per_s, 250e9);
  EXPECT_EQ(d2d.latency_s, 20e-9);
  EXPECT_EQ(wafer->links(), 2 * (20 * 15 + 16 * 19));
}

TEST(TopologySpec, BadSpecsAreInputErrorsNamingTheField) {
  EXPECT_NE(input_error_of([] { make_topology({}); }).find("tiers is empty"), std::string::npos);
  EXPECT_NE(input_error_of([] { make_topology({{tier("noc", TopologyKind::mesh2d, {})}}); }).find(
                "tier 0 ('noc'): dims is empty"),
            std::string::npos);
  EXPECT_NE(input_error_of([] { make_topology({{tier("noc", TopologyKind::mesh2d, {4, 4, 4})}}); }).find(
                "mesh2d takes 2 dims"),
            std::string::npos);
  EXPECT_NE(input_error_of([] {
              make_topology({{tier("a", TopologyKind::ring, {4}), tier("ib", TopologyKind::switched, {0})}});
            }).find("tier 1 ('ib'): dims[0] = 0"),
            std::string::npos);
  EXPECT_NE(input_error_of([] { make_topology({{tier("ib", TopologyKind::switched, {4}, 0)}}); }).find(
                "link_bandwidth_bytes_per_s = 0"),
            std::string::npos);
  EXPECT_NE(input_error_of([] { make_topology({{tier("ib", TopologyKind::switched, {4}, 1e9, -1e-6)}}); }).find(
                "link_latency_s = -1e-06"),
            std::string::npos);
}

TEST(TopologySpec, EndpointOutOfRangeIsAnInputError) {
  auto ring = make_topology({{tier("ici", TopologyKind::ring, {8})}});
  EXPECT_NE(input_error_of([&] { ring->route(0, 8); }).find("endpoint 8 is out of range"), std::string::npos);
  EXPECT_NE(input_error_of([&] { ring->route(-1, 2); }).find("endpoint -1"), std::string::npos);
}

}  // namespace
}  // namespace tessera
