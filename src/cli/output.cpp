#include "cli/output.hpp"

#include <boost/program_options/errors.hpp>
#include <boost/program_options/parsers.hpp>
#include <boost/program_options/positional_options.hpp>
#include <fstream>
#include <ostream>
#include <sstream>

#include "cli/text_table.hpp"
#include "yigongti/io/region_file.hpp"

namespace ygt::cli {
namespace {

std::vector<const Table*> chosen(const ResultSet& result, const std::vector<std::string>& names) {
  std::vector<const Table*> out;
  if (names.empty()) {
    for (const Table& t : result.tables) out.push_back(&t);
  } else {
    for (const std::string& n : names) out.push_back(&result.table(n));
  }
  return out;
}

}  // namespace

bool is_region_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream text;
  text << in.rdbuf();
  return is_region_text(text.str());
}

std::optional<std::vector<std::string>> parse_command(
    const std::vector<std::string>& args, const boost::program_options::options_description& visible,
    boost::program_options::variables_map& vm, Io& io) {
  namespace po = boost::program_options;
  po::options_description all;
  all.add(visible).add_options()("file", po::value<std::vector<std::string>>(), "input file");
  po::options_description csv("CSV options");
  csv.add_options()("bom",
                    "begin every CSV written (files and standard output) with a UTF-8 byte-order mark, "
                    "for Excel (docs/output.md)");
  const bool writes_csv = visible.find_nothrow("format", false) != nullptr;
  if (writes_csv) all.add(csv);
  po::positional_options_description positional;
  positional.add("file", -1);
  po::store(po::command_line_parser(args).options(all).positional(positional).run(), vm);
  po::notify(vm);
  if (vm.count("help") != 0) {
    io.out << visible << "\n";
    if (writes_csv) io.out << csv << "\n";
    return std::nullopt;
  }
  io.bom = writes_csv && vm.count("bom") != 0;
  return vm.count("file") != 0 ? vm["file"].as<std::vector<std::string>>() : std::vector<std::string>{};
}

std::optional<std::string> one_file(const std::vector<std::string>& files, const std::string& command,
                                    const std::string& what, Io io) {
  if (files.size() == 1) return files.front();
  io.err << "ygt " << command << ": give exactly one " << what << " (usage: ygt " << command << " FILE)\n";
  return std::nullopt;
}

Format parse_format(const std::string& text) {
  if (text == "table") return Format::table;
  if (text == "csv") return Format::csv;
  if (text == "json") return Format::json;
  throw boost::program_options::invalid_option_value("--format " + text + " (expected table, csv or json)");
}

std::string text_of(const ResultSet& result, const std::vector<std::string>& names) {
  const auto tables = chosen(result, names);
  std::string out;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    if (i > 0) out += "\n";
    if (tables.size() > 1) out += "== " + tables[i]->name + "\n";
    out += to_text(*tables[i]);
  }
  return out;
}

void emit(const ResultSet& result, Format format, const std::string& out_dir, const std::string& json_name,
          Io io, const std::function<std::string()>& text, const std::vector<std::string>& names) {
  if (!out_dir.empty()) {
    write_result(out_dir, result, json_name, io.bom);
    std::vector<std::string> files;
    for (const Table& t : result.tables) files.push_back(t.name + ".csv");
    files.push_back(json_name);
    std::string list;
    for (std::size_t i = 0; i < files.size(); ++i)
      list += (i == 0 ? "" : i + 1 == files.size() ? " and " : ", ") + files[i];
    io.out << "wrote " << list << " to " << out_dir << "\n";
    return;
  }
  if (format == Format::json) {
    io.out << result_json(result);
  } else if (format == Format::csv) {
    const auto tables = chosen(result, names);
    if (io.bom) io.out << utf8_bom;
    for (std::size_t i = 0; i < tables.size(); ++i) io.out << (i > 0 ? "\n" : "") << to_csv(*tables[i]);
  } else {
    io.out << text();
  }
}

}  // namespace ygt::cli
