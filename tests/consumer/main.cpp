// Loads a scenario through the installed package, prints its county's name,
// projects it and writes the projection's JSON through io's public writers.
#include <iostream>
#include <yigongti/yigongti.hpp>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: consumer SCENARIO\n";
    return 2;
  }
  try {
    const ygt::Scenario sc = ygt::load_scenario(argv[1]);
    const ygt::Money m = ygt::Money::parse("857.5");
    std::cout << sc.county.name() << "\n" << m.to_string() << "\n" << ygt::version_string << "\n";
    const ygt::ResultSet result = ygt::projection_result(sc, ygt::project(sc));
    std::cout << "indicator rows " << result.table("indicators").rows.size() << ", json "
              << (ygt::result_json(result).find("\"county_visit_rate\"") != std::string::npos ? "ok"
                                                                                              : "missing")
              << "\n";
  } catch (const ygt::InputError& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
  return 0;
}
