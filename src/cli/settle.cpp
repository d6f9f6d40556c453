#include <boost/program_options.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "yigongti/io/results.hpp"
#include "yigongti/io/settlement.hpp"

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
      "write figures.csv, ledger.csv and settlement.json into DIR (created if missing), all or nothing");
  po::variables_map vm;
  const auto parsed = parse_command(args, visible, vm, io);
  if (!parsed) return exit_ok;
  const auto path = one_file(*parsed, "settle", "settlement file", io);
  if (!path) return exit_bad_input;
  const Format format = parse_format(format_text);

  const SettlementFile file = load_settlement(*path);
  const std::vector<SchemeSettlement> results = settle_file(file);

  const ResultSet result = settlement_result(file, results);
  emit(result, format, out_dir, "settlement.json", io, [&] {
    return (file.name.empty() ? file.origin : file.name) + ": settlement of " +
           std::to_string(file.actuals.year) + "\n\n" + text_of(result);
  });
  return exit_ok;
}

}  // namespace ygt::cli
