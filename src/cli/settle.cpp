#include <boost/json/object.hpp>
#include <boost/program_options.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "yigongti/io/settlement.hpp"
#include "yigongti/version.hpp"

namespace ygt::cli {
namespace po = boost::program_options;

int run_settle(const std::vector<std::string>& args, Io io) {
  po::options_description visible(
      "usage: ygt settle FILE [--out DIR] [--format table|csv|json]\n\n"
      "Settles one year's actual figures under the county's payment schemes and prints the\n"
      "settlement's figures and its ledger of transfers (docs/payment.md).\n\noptions");
  std::string format_text = "table";
  std::string out_dir;
  visible.add_options()("help,h", "show this help")("format", po::value(&format_text)->value_name("FORMAT"),
                                                    "table (default, for people), csv or json")(
      "out", po::value(&out_dir)->value_name("DIR"),
      "write the results into DIR (created if missing) instead of stdout");
  po::variables_map vm;
  const auto parsed = parse_command(args, visible, vm, io);
  if (!parsed) return exit_ok;
  const std::vector<std::string>& files = *parsed;
  if (files.size() != 1) {
    io.err << "ygt settle: give exactly one settlement file (usage: ygt settle FILE)\n";
    return exit_bad_input;
  }
  const detail::Format format = parse_format(format_text);

  const SettlementFile file = load_settlement(files[0]);
  const std::vector<SchemeSettlement> results = settle_file(file);

  detail::Table figures{"figures", {"year", "scheme", "kind", "figure", "value"}, {}};
  detail::Table ledger{"ledger", {"year", "quarter", "scheme", "from", "to", "kind", "amount"}, {}};
  for (const auto& r : results) {
    for (const auto& f : r.figures) {
      std::vector<detail::Cell> row = {std::int64_t{file.actuals.year}, r.scheme_id,
                                       std::string(to_string(r.kind)), f.name};
      if (const Money* m = std::get_if<Money>(&f.value)) {
        row.emplace_back(*m);
      } else {
        row.emplace_back(std::get<double>(f.value));
      }
      figures.add(std::move(row));
    }
    for (const Transfer& t : r.ledger.transfers()) {
      ledger.add({std::int64_t{t.year}, std::int64_t{t.quarter}, r.scheme_id, t.from, t.to,
                  std::string(to_string(t.kind)), t.amount});
    }
  }
  boost::json::object extra;
  extra["name"] = file.name;
  extra["year"] = file.actuals.year;
  extra["scenario"] = file.scenario.origin;
  extra["inputs_checksum"] = file.scenario.checksum;
  extra["yigongti_version"] = version_string;
  if (format == detail::Format::table && out_dir.empty()) {
    io.out << (file.name.empty() ? file.origin : file.name) << ": settlement of " << file.actuals.year
           << "\n\n";
  }
  write_tables({figures, ledger}, format, out_dir, "settlement", std::move(extra), io);
  return exit_ok;
}

}  // namespace ygt::cli
