#pragma once
/// \file
/// Stand-alone settlement files: one year's actual figures settled under the
/// payment schemes of a county (`docs/payment.md`).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "yigongti/io/scenario_file.hpp"
#include "yigongti/payment/scheme.hpp"

namespace ygt {

/// The schema identifier of settlement files.
inline constexpr std::string_view settlement_schema = "yigongti/settlement/1";

/// A validated settlement file: the county (from the scenario it names), the
/// schemes to settle and the year's actual figures.
struct SettlementFile {
  std::string origin;
  std::string name;
  Scenario scenario;                   ///< the scenario named by `scenario`
  std::vector<PaymentScheme> schemes;  ///< the file's `payment`, or the scenario's schemes in force
  YearActuals actuals;
};

/// Reads and validates a settlement file; the scenario it names is read
/// relative to it. Throws `InputError` listing every problem.
[[nodiscard]] SettlementFile load_settlement(const std::filesystem::path& path);

/// Settles every scheme of `file` for its year. Throws `InputError` for figures
/// a scheme cannot use.
[[nodiscard]] std::vector<SchemeSettlement> settle_file(const SettlementFile& file);

}  // namespace ygt
