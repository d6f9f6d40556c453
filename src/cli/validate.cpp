#include <algorithm>
#include <boost/program_options.hpp>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "yigongti/io/region_file.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/study/uncertainty.hpp"

namespace ygt::cli {
namespace po = boost::program_options;
namespace {

/// A whole number with thousands separators: 1,100,000.
std::string grouped(double x) {
  const auto n = static_cast<long long>(std::llround(x));
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    out += digits[i];
    const std::size_t left = digits.size() - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return n < 0 ? "-" + out : out;
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

void summarise(const ScenarioFile& file, std::ostream& out) {
  const Scenario& sc = file.scenario;
  const County& c = sc.county;
  out << sc.origin << ": valid\n";
  out << "  scenario      " << sc.name << " (" << file.schema << ", years " << sc.years.start << "-"
      << sc.years.end << ")\n";
  out << "  county        " << c.id() << "  " << c.name() << "\n";
  out << "  townships     " << c.townships().size() << ", population " << grouped(c.total_population())
      << "\n";
  out << "  institutions  facilities (entries) by tier\n";
  for (Tier t : all_tiers) {
    std::size_t entries = 0;
    for (const auto& i : c.institutions()) entries += i.tier() == t ? 1u : 0u;
    if (entries == 0) continue;
    out << "    " << std::left << std::setw(14) << to_string(t) << std::right << std::setw(7)
        << grouped(static_cast<double>(c.facility_count(t))) << "  (" << entries << ")\n";
  }
  out << "  alliances     " << c.alliances().size() << "\n";
  for (const Alliance& a : c.alliances()) {
    long long facilities = 0;
    for (const auto& id : a.lead()) facilities += c.institution(id).count();
    for (const auto& id : a.members()) facilities += c.institution(id).count();
    std::vector<std::string> domains;
    for (Domain d : a.unified()) domains.emplace_back(to_string(d));
    out << "    " << a.id() << ": " << a.name() << "\n";
    out << "      lead " << joined(a.lead()) << "; " << grouped(static_cast<double>(facilities))
        << " facilities in " << a.lead().size() + a.members().size() << " entries\n";
    out << "      unifies " << (domains.empty() ? std::string("nothing") : joined(domains)) << " ("
        << domains.size() << " of " << all_domains.size() << " domains)"
        << (a.legal_entity() ? "; one legal entity" : "") << "\n";
    // The mechanisms given to it, with the interventions (shared, or a variant's) that carry them.
    std::vector<std::string> mechanisms;
    const auto add = [&](const std::vector<Intervention>& list, const std::string& where) {
      for (const Intervention& iv : list) {
        if (iv.alliance != a.id()) continue;
        std::string m =
            std::string(to_string(iv.kind)) + " (" + where + ", from " + std::to_string(iv.path.from) + ")";
        if (std::find(mechanisms.begin(), mechanisms.end(), m) == mechanisms.end()) mechanisms.push_back(m);
      }
    };
    add(sc.interventions, "all variants");
    for (const Variant& v : sc.variants) add(v.interventions, v.id);
    if (!mechanisms.empty()) out << "      mechanisms " << joined(mechanisms) << "\n";
  }
  if (sc.flows) {
    out << "  behaviour     "
        << (!sc.behaviour.enabled    ? "off"
            : sc.behaviour_defaulted ? "on, the documented defaults (no behaviour section; docs/behaviour.md)"
                                     : "on, as the behaviour section gives")
        << "\n";
  }
  if (!sc.variants.empty()) {
    std::vector<std::string> ids;
    for (const Variant& v : sc.variants) ids.push_back(v.id);
    out << "  variants      " << joined(ids) << "\n";
  }
  if (file.uncertainty) {
    out << "  uncertainty   " << file.uncertainty->draws << " draws, seed " << file.uncertainty->seed << ", "
        << file.uncertainty->parameters.size() << " distributions:\n";
    for (const UncertainParameter& p : file.uncertainty->parameters) {
      std::vector<std::string> paths;
      for (const ParameterRef& r : p.targets) paths.push_back(r.path());
      out << "    " << to_string(p.dist.kind) << "  " << joined(paths) << "\n";
    }
  }
}

void summarise_region(const RegionFile& file, std::ostream& out) {
  const Region& r = file.region;
  out << r.origin << ": valid\n";
  out << "  region        " << r.id << "  " << r.name << " (" << file.schema << ", years " << r.years.start
      << "-" << r.years.end << ")\n";
  std::vector<std::string> hospitals;
  for (const InstitutionSpec& h : r.hospitals)
    hospitals.push_back(h.id + (h.name.empty() ? "" : " " + h.name));
  out << "  hospitals     " << (hospitals.empty() ? std::string("none") : joined(hospitals)) << "\n";
  out << "  groups        " << r.groups.size() << "\n";
  for (const CityGroup& g : r.groups) {
    std::vector<std::string> members;
    for (const GroupMember& m : g.alliances) members.push_back(m.county + "/" + m.alliance);
    out << "    " << g.id << ": " << g.name << "\n";
    out << "      led by " << (g.hospitals.empty() ? std::string("no city hospital") : joined(g.hospitals))
        << "; alliances " << joined(members) << "\n";
  }
  out << "  variants      " << joined(r.variant_ids()) << "\n";
  out << "  counties      " << r.counties.size() << "\n";
  for (std::size_t c = 0; c < r.counties.size(); ++c) {
    std::ostringstream county;
    summarise({r.counties[c], file.schema, file.uncertainty[c], file.calibration[c]}, county);
    std::istringstream lines(county.str());
    std::string line;
    while (std::getline(lines, line)) out << "    " << line << "\n";
  }
}

}  // namespace

int run_validate(const std::vector<std::string>& args, Io io) {
  po::options_description visible(
      "usage: ygt validate FILE... [--quiet]\n\n"
      "Checks each scenario file and prints a summary of its county, or every problem\n"
      "found (FILE: json.path: what is wrong (what was expected)).\n\noptions");
  visible.add_options()("help,h", "show this help")("quiet,q", "print nothing for valid files");
  po::variables_map vm;
  const auto parsed = parse_command(args, visible, vm, io);
  if (!parsed) return exit_ok;
  const std::vector<std::string>& files = *parsed;
  if (files.empty()) {
    io.err << "ygt validate: no scenario file given (usage: ygt validate FILE...)\n";
    return exit_bad_input;
  }
  int code = exit_ok;
  for (const auto& file : files) {
    try {
      if (is_region_file(file)) {
        const RegionFile loaded = load_region_file(file);
        if (vm.count("quiet") == 0) summarise_region(loaded, io.out);
        continue;
      }
      const ScenarioFile loaded = load_scenario_file(file);
      if (vm.count("quiet") == 0) summarise(loaded, io.out);
    } catch (const InputError& e) {
      io.err << e.what() << "\n";
      code = exit_bad_input;
    }
  }
  return code;
}

}  // namespace ygt::cli
