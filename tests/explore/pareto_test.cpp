#include "tessera/explore/pareto.h"

#include <gtest/gtest.h>

namespace tessera {
namespace {

TEST(ParetoTest, Dominance) {
  EXPECT_TRUE(dominates({1, 2}, {2, 3}));    // better in both
  EXPECT_TRUE(dominates({1, 2}, {1, 3}));    // tie in one, better in the other
  EXPECT_FALSE(dominates({1, 3}, {1, 2}));
  EXPECT_FALSE(dominates({1, 2}, {1, 2}));   // equal: neither dominates
  EXPECT_FALSE(dominates({1, 3}, {2, 2}));   // a trade-off
  EXPECT_FALSE(dominates({2, 2}, {1, 3}));
  EXPECT_TRUE(dominates({0, 0, 0}, {0, 0, 1e-9}));
  EXPECT_FALSE(dominates({0, 0, 2}, {1, 1, 1}));
  EXPECT_TRUE(dominates({-5}, {-4}));        // single objective: strictly smaller
  EXPECT_FALSE(dominates({-4}, {-4}));
}

TEST(ParetoTest, FrontWithDuplicatesAndTies) {
  std::vector<std::vector<double>> points{
      {1, 5},    // 0: front
      {2, 3},    // 1: front
      {3, 3},    // 2: dominated by 1 (tie in the second objective)
      {1, 5},    // 3: duplicate of 0: dropped
      {4, 1},    // 4: front
      {5, 1},    // 5: dominated by 4 (tie)
      {2, 3},    // 6: duplicate of 1: dropped
      {0.5, 6},  // 7: front (best first objective)
      {1, 6},    // 8: dominated by 0 and 7
  };
  EXPECT_EQ(pareto_front(points), (std::vector<size_t>{0, 1, 4, 7}));
}

TEST(ParetoTest, DuplicatesOfADominatedPointAllGo) {
  EXPECT_EQ(pareto_front({{3, 3}, {2, 2}, {2, 2}, {3, 3}}), (std::vector<size_t>{1}));
}

TEST(ParetoTest, SmallCases) {
  EXPECT_TRUE(pareto_front({}).empty());
  EXPECT_EQ(pareto_front({{7, 7}}), (std::vector<size_t>{0}));
  EXPECT_EQ(pareto_front({{1}, {0}, {2}, {0}}), (std::vector<size_t>{1}));  // one objective: the first minimum
  // Every point a trade-off: all kept, in input order.
  EXPECT_EQ(pareto_front({{3, 1}, {1, 3}, {2, 2}}), (std::vector<size_t>{0, 1, 2}));
}

}  // namespace
}  // namespace tessera
