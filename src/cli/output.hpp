#pragma once
// What the commands share: the --format option and writing result tables.

#include <boost/json/value.hpp>
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/variables_map.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "io/table.hpp"

namespace ygt::cli {

/// Parses a command's options (`visible`) and its FILE arguments into `vm`.
/// Returns the files, or nothing when `--help` was asked for and shown.
/// Throws the option parser's errors (usage errors: exit 2).
std::optional<std::vector<std::string>> parse_command(
    const std::vector<std::string>& args, const boost::program_options::options_description& visible,
    boost::program_options::variables_map& vm, Io io);

/// Parses `table`, `csv` or `json`; throws a usage error (exit 2) otherwise.
detail::Format parse_format(const std::string& text);

/// Writes `tables` in `format`: to `out_dir` when given (one file per table for
/// table and CSV, `<stem>.json` holding `extra` and every table for JSON, all
/// written atomically), else to `io.out`.
void write_tables(const std::vector<detail::Table>& tables, detail::Format format, const std::string& out_dir,
                  const std::string& json_stem, boost::json::object extra, Io io);

}  // namespace ygt::cli
