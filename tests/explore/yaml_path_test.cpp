#include "tessera/explore/yaml_path.h"

#include <gtest/gtest.h>

#include <string>

#include "support/input_error.h"

namespace tessera {
namespace {

using testing::input_error_of;

YAML::Node document() {
  return YAML::Load(
      "a:\n"
      "  b: 1\n"
      "  list: [10, 20, {x: 1}]\n"
      "  s: scalar\n"
      "top: 5\n");
}

// The error setting `path` gives, with the document left as it was.
std::string error_of(const std::string& path) {
  YAML::Node doc = document();
  std::string before = YAML::Dump(doc);
  std::string message = input_error_of([&] { set_yaml_path(doc, path, YAML::Node(99)); });
  EXPECT_EQ(YAML::Dump(doc), before) << "a failed set changed the document: " << path;
  EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  return message;
}

TEST(YamlPathTest, SetsNestedMapKey) {
  YAML::Node doc = document();
  set_yaml_path(doc, "a.b", YAML::Node(7));
  EXPECT_EQ(doc["a"]["b"].as<int>(), 7);
  EXPECT_EQ(doc["top"].as<int>(), 5);
  set_yaml_path(doc, "top", YAML::Node("new"));
  EXPECT_EQ(doc["top"].as<std::string>(), "new");
}

TEST(YamlPathTest, SetsListIndexAndInsideListItems) {
  YAML::Node doc = document();
  set_yaml_path(doc, "a.list[1]", YAML::Node(30));
  set_yaml_path(doc, "a.list[2].x", YAML::Node(2));
  ASSERT_EQ(doc["a"]["list"].size(), 3u);
  EXPECT_EQ(doc["a"]["list"][0].as<int>(), 10);
  EXPECT_EQ(doc["a"]["list"][1].as<int>(), 30);
  EXPECT_EQ(doc["a"]["list"][2]["x"].as<int>(), 2);
}

TEST(YamlPathTest, SetsAWholeSubtreeAsACopy) {
  YAML::Node doc = document();
  YAML::Node value = YAML::Load("{p: 1, q: [1, 2]}");
  set_yaml_path(doc, "a.b", value);
  value["p"] = 2;  // the document holds a clone, not an alias of the caller's node
  EXPECT_EQ(doc["a"]["b"]["p"].as<int>(), 1);
  EXPECT_EQ(doc["a"]["b"]["q"].size(), 2u);
}

TEST(YamlPathTest, NewFinalKeyIsAllowed) {
  YAML::Node doc = document();
  set_yaml_path(doc, "a.new_key", YAML::Node(7));
  EXPECT_EQ(doc["a"]["new_key"].as<int>(), 7);
  EXPECT_EQ(doc["a"].size(), 4u);
}

TEST(YamlPathTest, MissingIntermediateKeyListsExistingKeys) {
  std::string message = error_of("a.missing.c");
  EXPECT_NE(message.find("path 'a.missing.c'"), std::string::npos) << message;
  EXPECT_NE(message.find("no key 'missing'"), std::string::npos) << message;
  EXPECT_NE(message.find("keys: b, list, s"), std::string::npos) << message;

  message = error_of("nope.b");
  EXPECT_NE(message.find("no key 'nope'"), std::string::npos) << message;
  EXPECT_NE(message.find("keys: a, top"), std::string::npos) << message;
}

TEST(YamlPathTest, IndexOutOfRange) {
  std::string message = error_of("a.list[3]");
  EXPECT_NE(message.find("has 3 items, no [3]"), std::string::npos) << message;
  message = error_of("a.list[7].x");
  EXPECT_NE(message.find("no [7]"), std::string::npos) << message;
}

TEST(YamlPathTest, IndexingANonList) {
  std::string message = error_of("a.b[0]");
  EXPECT_NE(message.find("'a.b' is not a list"), std::string::npos) << message;
  message = error_of("a.s.t");
  EXPECT_NE(message.find("'a.s' is not a mapping"), std::string::npos) << message;
}

TEST(YamlPathTest, MalformedPaths) {
  EXPECT_NE(error_of("a..b").find("empty key at character 3"), std::string::npos) << error_of("a..b");
  EXPECT_NE(error_of("a[").find("expected [index]"), std::string::npos) << error_of("a[");
  EXPECT_NE(error_of("a[]").find("expected [index]"), std::string::npos) << error_of("a[]");
  EXPECT_NE(error_of("a[x]").find("index 'x' is not a whole number"), std::string::npos) << error_of("a[x]");
  EXPECT_NE(error_of("a[-1]").find("not a whole number"), std::string::npos) << error_of("a[-1]");
  EXPECT_NE(error_of("").find("empty path"), std::string::npos) << error_of("");
  EXPECT_NE(error_of("a.").find("ends with '.'"), std::string::npos) << error_of("a.");
  EXPECT_NE(error_of(".a").find("empty key at character 1"), std::string::npos) << error_of(".a");
  EXPECT_NE(error_of("a.list[1]x").find("expected '.'"), std::string::npos) << error_of("a.list[1]x");
}

}  // namespace
}  // namespace tessera
