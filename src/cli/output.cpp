#include "cli/output.hpp"

#include <boost/json/serialize.hpp>
#include <boost/program_options/errors.hpp>
#include <boost/program_options/parsers.hpp>
#include <boost/program_options/positional_options.hpp>
#include <ostream>

namespace ygt::cli {

std::optional<std::vector<std::string>> parse_command(
    const std::vector<std::string>& args, const boost::program_options::options_description& visible,
    boost::program_options::variables_map& vm, Io io) {
  namespace po = boost::program_options;
  po::options_description all;
  all.add(visible).add_options()("file", po::value<std::vector<std::string>>(), "input file");
  po::positional_options_description positional;
  positional.add("file", -1);
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help") != 0) {
    io.out << visible << "\n";
    return std::nullopt;
  }
  return vm.count("file") != 0 ? vm["file"].as<std::vector<std::string>>() : std::vector<std::string>{};
}

detail::Format parse_format(const std::string& text) {
  if (text == "table") return detail::Format::table;
  if (text == "csv") return detail::Format::csv;
  if (text == "json") return detail::Format::json;
  throw boost::program_options::invalid_option_value("--format " + text + " (expected table, csv or json)");
}

void write_tables(const std::vector<detail::Table>& tables, detail::Format format, const std::string& out_dir,
                  const std::string& json_stem, boost::json::object extra, Io io) {
  if (format == detail::Format::json) {
    for (const auto& t : tables) extra[t.name] = detail::to_json(t);
    const std::string text = boost::json::serialize(extra) + "\n";
    if (out_dir.empty()) {
      io.out << text;
    } else {
      detail::AtomicFiles files(out_dir);
      files.add(json_stem + ".json", text);
      files.commit();
    }
    return;
  }
  const bool csv = format == detail::Format::csv;
  if (out_dir.empty()) {
    for (std::size_t i = 0; i < tables.size(); ++i) {
      if (i > 0) io.out << "\n";
      if (!csv && tables.size() > 1) io.out << "== " << tables[i].name << "\n";
      io.out << (csv ? detail::to_csv(tables[i]) : detail::to_text(tables[i]));
    }
    return;
  }
  detail::AtomicFiles files(out_dir);
  for (const auto& t : tables)
    files.add(t.name + (csv ? ".csv" : ".txt"), csv ? detail::to_csv(t) : detail::to_text(t));
  files.commit();
}

}  // namespace ygt::cli
