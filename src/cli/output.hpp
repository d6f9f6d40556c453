#pragma once
// What the commands share: the --format option and writing result tables.

#include <boost/json/value.hpp>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "io/table.hpp"

namespace ygt::cli {

/// Parses `table`, `csv` or `json`; throws a usage error (exit 2) otherwise.
detail::Format parse_format(const std::string& text);

/// Writes `tables` in `format`: to `out_dir` when given (one file per table for
/// table and CSV, `<stem>.json` holding `extra` and every table for JSON, all
/// written atomically), else to `io.out`.
void write_tables(const std::vector<detail::Table>& tables, detail::Format format, const std::string& out_dir,
                  const std::string& json_stem, boost::json::object extra, Io io);

}  // namespace ygt::cli
