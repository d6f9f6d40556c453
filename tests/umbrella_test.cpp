// The umbrella header gives the whole public API: every installed header but
// the internals (detail/) and the optional MPI component's.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <yigongti/yigongti.hpp>

namespace {

TEST(Umbrella, IncludesEveryPublicHeader) {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(YGT_SOURCE_DIR) / "include";
  std::ifstream in(root / "yigongti" / "yigongti.hpp");
  std::stringstream text;
  text << in.rdbuf();
  std::set<std::string> missing;
  for (const auto& e : fs::recursive_directory_iterator(root / "yigongti")) {
    if (!e.is_regular_file() || e.path().extension() != ".hpp") continue;
    const std::string header = fs::relative(e.path(), root).generic_string();
    if (header == "yigongti/yigongti.hpp" || header == "yigongti/study/distributed.hpp" ||
        header.find("/detail/") != std::string::npos)
      continue;
    if (text.str().find("#include \"" + header + "\"") == std::string::npos) missing.insert(header);
  }
  EXPECT_TRUE(missing.empty()) << "not in yigongti.hpp: " << *missing.begin();
  // And it compiles on its own, with what it promises: a type of every layer.
  EXPECT_EQ(ygt::parse_enum<ygt::Tier>("county"), ygt::Tier::county);
  EXPECT_EQ(sizeof(ygt::ResultSet) > 0 && sizeof(ygt::EnsembleOptions) > 0 && sizeof(ygt::SummaryTable) > 0,
            true);
}

}  // namespace
