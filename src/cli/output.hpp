#pragma once
// What the commands share: their options, one scenario file, the --format
// option and writing a result (io's files, or stdout).

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "yigongti/io/table.hpp"

namespace ygt::cli {

/// Parses a command's options (`visible`) and its FILE arguments into `vm`.
/// A command with `--format` writes CSV and also takes `--bom`, which sets
/// `io.bom`. Returns the files, or nothing when `--help` was asked for and
/// shown. Throws the option parser's errors (usage errors: exit 2).
std::optional<std::vector<std::string>> parse_command(
    const std::vector<std::string>& args, const boost::program_options::options_description& visible,
    boost::program_options::variables_map& vm, Io& io);

/// The one FILE of `command`; otherwise a usage line on `io.err` and nothing.
std::optional<std::string> one_file(const std::vector<std::string>& files, const std::string& command,
                                    const std::string& what, Io io);

/// Whether the file at `path` is a region file (`ygt::is_region_text`);
/// false when it cannot be read (reading it as a county file says why).
bool is_region_file(const std::string& path);

/// How a result goes to standard output.
enum class Format { table, csv, json };

/// Parses `table`, `csv` or `json`; throws a usage error (exit 2) otherwise.
Format parse_format(const std::string& text);

/// The tables of `result` named `names` (every table when empty) as aligned
/// text, each under a `== name` heading when there are several.
std::string text_of(const ResultSet& result, const std::vector<std::string>& names = {});

/// Writes `result`: into `out_dir` when given (io's files: a CSV per table and
/// `json_name`, all or nothing; `note` then says so on stdout), else to stdout
/// in `format`: the JSON document, the CSV of the tables named `names` (every
/// table when empty), or `text()` for people. With `io.bom` each CSV, file or
/// standard output, starts with the UTF-8 byte-order mark.
void emit(const ResultSet& result, Format format, const std::string& out_dir, const std::string& json_name,
          Io io, const std::function<std::string()>& text, const std::vector<std::string>& names = {});

}  // namespace ygt::cli
