#include "yigongti/study/parameters.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <type_traits>

#include "core/text.hpp"
#include "study/parameter_table.hpp"
#include "yigongti/flows/flow_model.hpp"
#include "yigongti/scenario/scenario.hpp"

namespace ygt {
namespace detail {
namespace {

using S = ParameterScope;

bool is_line_scope(S s) {
  return s == S::line || s == S::line_setting;
}
bool is_scheme_scope(S s) {
  return s == S::scheme || s == S::scheme_band || s == S::scheme_tier;
}
bool is_behaviour_scope(S s) {
  return s == S::behaviour || s == S::behaviour_response || s == S::behaviour_line ||
         s == S::behaviour_alliance;
}

void replace_all(std::string& s, std::string_view key, std::string_view value) {
  for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size()))
    s.replace(at, key.size(), value);
}

/// The path of `row` at `slot`; `line` and `variant` name the slot's line and
/// variant by id; an intervention with an `id` is named by it
/// (`interventions.<id>.target`), otherwise by its position.
std::string path_of(const ParameterRow& row, const ParameterSlot& slot, std::string_view line,
                    std::string_view variant, std::string_view intervention_id = {}) {
  std::string p(row.pattern);
  if (!intervention_id.empty()) replace_all(p, "[<i>]", "." + std::string(intervention_id));
  replace_all(p, "<line>", line);
  replace_all(p, "<tier>", to_string(slot.tier));
  replace_all(p, "<scheme>", slot.scheme);
  replace_all(p, "<band>", std::to_string(slot.index));
  replace_all(p, "<i>", std::to_string(slot.index));
  if (p.find("<response>") != std::string::npos)
    replace_all(p, "<response>", to_string(static_cast<Response>(slot.index)));
  replace_all(p, "<alliance>", slot.scheme);
  if (!variant.empty()) p = "variants." + std::string(variant) + "." + p;
  return p;
}

/// `text` as steps: "overspend[1].insurer_share" is overspend, [1], insurer_share.
std::vector<std::string> steps_of(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (const char c : text) {
    if (c == '.' || c == '[') {
      if (!current.empty()) out.push_back(current);
      current = c == '[' ? "[" : "";
    } else if (c == ']') {
      out.push_back(current + "]");
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

[[noreturn]] void no_such_value(const std::string& path) {
  throw std::invalid_argument("parameter " + path + " does not exist in this scenario");
}

/// Calls `fn(value)` with every value `ref` names in `sc` (several for a
/// payment parameter shared by schemes of one id), as a `ValuePointer`.
/// Throws when there is none.
template <class Fn>
void visit(Scenario& sc, const ParameterRef& ref, Fn&& fn) {
  const ParameterRow& row = ParameterAccess::row(ref);
  const ParameterSlot& slot = ParameterAccess::slot(ref);
  if (row.flow != nullptr) {
    if (!sc.flows || (is_line_scope(row.scope) && slot.index >= sc.flows->lines.size()))
      no_such_value(ref.path());
    fn(ValuePointer(row.flow(*sc.flows, slot)));
    return;
  }
  if (row.scenario != nullptr) {
    const bool exists = sc.flows && sc.behaviour.enabled &&
                        (row.scope != S::behaviour_line || slot.index < sc.behaviour.lines.size()) &&
                        ((row.scope != S::behaviour_response && row.scope != S::behaviour_alliance) ||
                         slot.index < response_count);
    double* value = exists ? row.scenario(sc, slot) : nullptr;
    if (value == nullptr) no_such_value(ref.path());
    fn(ValuePointer(value));
    return;
  }
  if (row.intervention != nullptr) {
    if (slot.variant >= static_cast<std::ptrdiff_t>(sc.variants.size())) no_such_value(ref.path());
    auto& list = slot.variant < 0 ? sc.interventions
                                  : sc.variants[static_cast<std::size_t>(slot.variant)].interventions;
    if (slot.index >= list.size() || (row.kinds & (1u << static_cast<unsigned>(list[slot.index].kind))) == 0)
      no_such_value(ref.path());
    fn(ValuePointer(row.intervention(list[slot.index])));
    return;
  }
  bool found = false;
  const auto in = [&](std::vector<PaymentScheme>& schemes) {
    for (PaymentScheme& s : schemes) {
      if (s.id != slot.scheme) continue;
      const ValuePointer v = row.scheme(s, slot);
      if (std::holds_alternative<std::monostate>(v)) continue;
      found = true;
      fn(v);
    }
  };
  in(sc.payment);
  for (Variant& v : sc.variants) {
    if (v.payment) in(*v.payment);
  }
  if (!found) no_such_value(ref.path());
}

double read(const ValuePointer& v) {
  if (const auto* d = std::get_if<double*>(&v)) return **d;
  if (const auto* s = std::get_if<Share*>(&v)) return (*s)->value();
  return std::get<Money*>(v)->yuan();
}

void write(const ValuePointer& v, double x) {
  if (const auto* d = std::get_if<double*>(&v)) {
    **d = x;
  } else if (const auto* s = std::get_if<Share*>(&v)) {
    if ((*s)->value() != x) **s = Share(x);  // an exact fraction stays when unchanged
  } else {
    *std::get<Money*>(v) = Money::round_from_yuan(x);
  }
}

}  // namespace

/// Builds the index of one scenario: every path, in the order of the file's
/// sections, from the table's rows.
class ParameterIndexBuilder {
 public:
  ParameterIndexBuilder(ParameterIndex& index, const Scenario& sc) : index_(index), sc_(sc) {}

  void build() {
    const auto table = parameter_table();
    for (std::size_t r = 0; r < table.size();) {
      // Rows of one kind of scope form a block, enumerated instance-major.
      std::size_t end = r + 1;
      const auto block_of = [](S s) {
        if (is_line_scope(s)) return 1;
        if (is_scheme_scope(s)) return 2;
        if (s == S::intervention) return 3;
        return is_behaviour_scope(s) ? 4 : 0;
      };
      while (end < table.size() && block_of(table[end].scope) == block_of(table[r].scope) &&
             block_of(table[r].scope) != 0)
        ++end;
      const auto rows = table.subspan(r, end - r);
      switch (block_of(table[r].scope)) {
        case 0:
          flow_rows(rows);
          break;
        case 1:
          line_rows(rows);
          break;
        case 2:
          scheme_rows(rows);
          break;
        case 4:
          behaviour_rows(rows);
          break;
        default:
          intervention_rows(rows, sc_.interventions, -1);
          for (std::size_t v = 0; v < sc_.variants.size(); ++v)
            intervention_rows(rows, sc_.variants[v].interventions, static_cast<std::ptrdiff_t>(v));
      }
      r = end;
    }
  }

 private:
  void add(std::string path, ParameterRange range, const ParameterRow& row, ParameterSlot slot,
           bool shorthand = false) {
    if (index_.by_path_.contains(path)) return;  // a full path wins over a shorthand spelt the same
    index_.by_path_.emplace(path, index_.refs_.size());
    index_.paths_.push_back(path);
    index_.shorthand_.push_back(shorthand);
    index_.refs_.push_back(ParameterAccess::make(std::move(path), range, row, std::move(slot)));
  }

  bool applies(const ParameterRow& row, const ParameterSlot& slot) const {
    return row.applies == nullptr || row.applies(sc_, slot);
  }

  void flow_rows(std::span<const ParameterRow> rows) {
    if (!sc_.flows) return;
    for (const ParameterRow& row : rows) {
      if (row.scope == S::flows) {
        ParameterSlot slot;
        if (applies(row, slot)) add(path_of(row, slot, "", ""), row.range, row, slot);
        continue;
      }
      for (Tier t : sc_.county.settings()) {
        ParameterSlot slot;
        slot.tier = t;
        if (applies(row, slot)) add(path_of(row, slot, "", ""), row.range, row, slot);
      }
    }
  }

  void line_rows(std::span<const ParameterRow> rows) {
    if (!sc_.flows) return;
    for (std::size_t l = 0; l < sc_.flows->lines.size(); ++l) {
      const std::string& id = sc_.flows->lines[l].id;
      for (const ParameterRow& row : rows) {
        ParameterSlot slot;
        slot.index = l;
        if (row.scope == S::line) {
          if (applies(row, slot)) add(path_of(row, slot, id, ""), row.range, row, slot);
          continue;
        }
        for (Tier t : sc_.county.settings()) {
          slot.tier = t;
          if (applies(row, slot)) add(path_of(row, slot, id, ""), row.range, row, slot);
        }
      }
    }
  }

  /// Payment parameters by (scheme id, row, band or tier), in first-seen
  /// order over the shared schemes and then the variants', each with the
  /// intersection of the ranges of every scheme that has it; then the
  /// shorthands `payment.<param>` for those only one scheme id has.
  void scheme_rows(std::span<const ParameterRow> rows) {
    struct Entry {
      const ParameterRow* row;
      ParameterSlot slot;
      ParameterRange range;
    };
    std::vector<Entry> entries;
    const auto collect = [&](const std::vector<PaymentScheme>& schemes) {
      for (const PaymentScheme& s : schemes) {
        for (const ParameterRow& row : rows) {
          std::vector<ParameterSlot> slots;
          ParameterSlot slot;
          slot.scheme = s.id;
          if (row.scope == S::scheme) {
            slots.push_back(slot);
          } else if (row.scope == S::scheme_band) {
            if (const auto* gb = std::get_if<GlobalBudgetParameters>(&s.parameters)) {
              for (std::size_t b = 0; b < gb->overspend.size(); ++b) {
                slot.index = b;
                slots.push_back(slot);
              }
            }
          } else {
            for (Tier t : row.county_tiers ? sc_.county.settings()
                                           : std::vector<Tier>(all_tiers.begin(), all_tiers.end())) {
              slot.tier = t;
              slots.push_back(slot);
            }
          }
          for (ParameterSlot& x : slots) {
            // The accessors only read; the scheme is not changed.
            if (std::holds_alternative<std::monostate>(row.scheme(const_cast<PaymentScheme&>(s), x)))
              continue;
            ParameterRange range = row.range;
            if (row.scheme_range != nullptr) {
              if (auto own = row.scheme_range(s)) range = range.intersection(*own);
            }
            bool merged = false;
            for (Entry& e : entries) {
              if (e.row == &row && e.slot == x) {
                e.range = e.range.intersection(range);
                merged = true;
              }
            }
            if (!merged) entries.push_back({&row, std::move(x), range});
          }
        }
      }
    };
    collect(sc_.payment);
    for (const Variant& v : sc_.variants) {
      if (v.payment) collect(*v.payment);
    }
    for (const Entry& e : entries) add(path_of(*e.row, e.slot, "", ""), e.range, *e.row, e.slot);
    // Shorthands: the path without its scheme id.
    std::map<std::string, std::vector<const Entry*>> by_name;
    std::vector<std::string> names;
    for (const Entry& e : entries) {
      std::string name = path_of(*e.row, e.slot, "", "");
      name.erase(std::string_view("payment.").size(), e.slot.scheme.size() + 1);
      auto& ids = by_name[name];
      if (ids.empty()) names.push_back(name);
      ids.push_back(&e);
    }
    for (const std::string& name : names) {
      const auto& ids = by_name[name];
      if (ids.size() == 1) {
        add(name, ids[0]->range, *ids[0]->row, ids[0]->slot, true);
      } else {
        std::vector<std::string> full;
        for (const Entry* e : ids) full.push_back(path_of(*e->row, e->slot, "", ""));
        index_.ambiguous_.emplace(name, std::move(full));
      }
    }
  }

  void behaviour_rows(std::span<const ParameterRow> rows) {
    if (!sc_.flows || !sc_.behaviour.enabled) return;
    for (const ParameterRow& row : rows) {
      std::vector<ParameterSlot> slots;
      ParameterSlot slot;
      if (row.scope == S::behaviour) {
        slots.push_back(slot);
      } else if (row.scope == S::behaviour_response) {
        for (slot.index = 0; slot.index < response_count; ++slot.index) slots.push_back(slot);
      } else if (row.scope == S::behaviour_line) {
        for (slot.index = 0; slot.index < sc_.flows->lines.size(); ++slot.index) {
          if (applies(row, slot)) slots.push_back(slot);
        }
      } else {
        for (const AllianceBehaviour& a : sc_.behaviour.alliances) {
          slot.scheme = a.alliance;
          for (slot.index = 0; slot.index < response_count; ++slot.index) slots.push_back(slot);
        }
      }
      for (const ParameterSlot& s : slots) {
        const std::string line = row.scope == S::behaviour_line ? sc_.flows->lines[s.index].id : "";
        add(path_of(row, s, line, ""), row.range, row, s);
      }
    }
  }

  void intervention_rows(std::span<const ParameterRow> rows, const std::vector<Intervention>& list,
                         std::ptrdiff_t variant) {
    const std::string variant_id = variant < 0 ? "" : sc_.variants[static_cast<std::size_t>(variant)].id;
    std::vector<std::string>& ids =
        index_.intervention_ids_[variant < 0 ? "interventions" : "variants." + variant_id + ".interventions"];
    for (std::size_t i = 0; i < list.size(); ++i) {
      // An id names the intervention in the listed path; its position stays an alias.
      const std::string& id = list[i].id;
      const bool named = is_valid_intervention_id(id) && std::find(ids.begin(), ids.end(), id) == ids.end();
      if (named) ids.push_back(id);
      for (const ParameterRow& row : rows) {
        if ((row.kinds & (1u << static_cast<unsigned>(list[i].kind))) == 0) continue;
        ParameterSlot slot;
        slot.index = i;
        slot.variant = variant;
        ParameterRange range = row.range;
        if (row.intervention_range != nullptr) {
          if (auto own = row.intervention_range(sc_, list[i])) range = range.intersection(*own);
        }
        if (!named) {
          add(path_of(row, slot, "", variant_id), range, row, slot);
          continue;
        }
        std::string positional = path_of(row, slot, "", variant_id);
        add(path_of(row, slot, "", variant_id, id), range, row, slot);
        index_.aliases_.emplace(positional, ParameterAccess::make(positional, range, row, slot));
      }
    }
  }

  ParameterIndex& index_;
  const Scenario& sc_;
};

}  // namespace detail

ParameterIndex::ParameterIndex(const Scenario& scenario)
    : behaviour_off_(scenario.flows.has_value() && !scenario.behaviour.enabled) {
  detail::ParameterIndexBuilder(*this, scenario).build();
}

std::optional<ParameterRef> ParameterIndex::find(std::string_view path, const std::string& where,
                                                 ProblemList& problems) const {
  if (const auto it = by_path_.find(path); it != by_path_.end()) return refs_[it->second];
  if (const auto it = aliases_.find(path); it != aliases_.end()) return it->second;
  if (const auto it = ambiguous_.find(path); it != ambiguous_.end()) {
    problems.add(where,
                 "parameter \"" + std::string(path) +
                     "\" is ambiguous: " + std::to_string(it->second.size()) + " payment schemes have it",
                 "a full path: " + detail::alternatives(it->second));
    return std::nullopt;
  }
  // An intervention named by an id the list does not have.
  for (const auto& [list, ids] : intervention_ids_) {
    const std::string prefix = list + ".";
    if (path.rfind(prefix, 0) != 0) continue;
    const std::string_view rest = path.substr(prefix.size());
    const std::string id(rest.substr(0, rest.find('.')));
    if (std::find(ids.begin(), ids.end(), id) != ids.end()) break;
    problems.add(where,
                 detail::with_suggestion(
                     "unknown intervention id \"" + id + "\" in \"" + std::string(path) + "\"", id, ids),
                 ids.empty()
                     ? "an id given to an intervention of " + list + ", or its position: " + list + "[i]"
                     : "the id of an intervention of " + list + ": " + detail::alternatives(ids));
    return std::nullopt;
  }
  if (behaviour_off_ && path.rfind("behaviour.", 0) == 0) {
    problems.add(where, "parameter \"" + std::string(path) + "\" has no effect: behaviour is off",
                 "a behaviour section other than \"off\", or no behaviour parameter");
    return std::nullopt;
  }
  problems.add(where,
               detail::with_suggestion("unknown parameter \"" + std::string(path) + "\"", path, paths_),
               "a parameter path of this scenario, such as choice.b_cap or "
               "service_lines.<line>.capability.<tier> (docs/scenario-format.md, \"Parameter paths\")");
  return std::nullopt;
}

ParameterRange ParameterRange::intersection(const ParameterRange& b) const noexcept {
  ParameterRange r = *this;
  if (b.lo > r.lo || (b.lo == r.lo && b.lo_open)) {
    r.lo = b.lo;
    r.lo_open = b.lo_open;
  }
  if (b.hi < r.hi || (b.hi == r.hi && b.hi_open)) {
    r.hi = b.hi;
    r.hi_open = b.hi_open;
  }
  return r;
}

bool ParameterRange::contains(double v) const noexcept {
  if (!std::isfinite(v)) return false;
  const bool above = lo_open ? v > lo : v >= lo;
  const bool below = hi_open ? v < hi : v <= hi;
  return above && below;
}

std::string ParameterRange::describe() const {
  const auto end = [](double x) {
    if (std::isinf(x)) return std::string(x < 0 ? "-inf" : "inf");
    return detail::number_text(x);
  };
  return std::string(lo_open ? "(" : "[") + end(lo) + ", " + end(hi) + (hi_open ? ")" : "]");
}

std::string_view ParameterRef::unit() const noexcept {
  return row_->unit;
}

ParameterLocation ParameterRef::location() const {
  using S = detail::ParameterScope;
  ParameterLocation out;
  out.form = row_->form;
  std::string path = detail::path_of(*row_, slot_, "<line>", "");
  // The steps are the path below its anchor.
  if (row_->scope == S::line || row_->scope == S::line_setting) {
    out.anchor = ParameterLocation::Anchor::service_line;
    out.index = slot_.index;
    path.erase(0, std::string_view("service_lines.<line>.").size());
  } else if (row_->scope == S::scheme || row_->scope == S::scheme_band || row_->scope == S::scheme_tier) {
    out.anchor = ParameterLocation::Anchor::scheme;
    out.scheme = slot_.scheme;
    path.erase(0, std::string_view("payment.").size() + slot_.scheme.size() + 1);
  } else if (row_->scope == S::intervention) {
    out.anchor = ParameterLocation::Anchor::intervention;
    out.index = slot_.index;
    out.variant = slot_.variant;
    path.erase(0, path.find("].") + 2);
  }
  if (row_->scope == S::behaviour_line) path = path_;  // the line by its id, as the section names it
  if (out.form != ParameterLocation::Form::rate_factor) out.steps = detail::steps_of(path);
  return out;
}

bool ParameterRef::same_value(const ParameterRef& other) const noexcept {
  const detail::ParameterRow& a = *row_;
  const detail::ParameterRow& b = *other.row_;
  return a.flow == b.flow && a.scheme == b.scheme && a.intervention == b.intervention &&
         a.scenario == b.scenario && slot_ == other.slot_;
}

ParameterRef resolve_parameter(const Scenario& scenario, std::string_view path, std::string_view where) {
  const ParameterIndex index(scenario);
  ProblemList problems;
  auto ref = index.find(path, std::string(where), problems);
  problems.throw_if_any(scenario.origin);
  return *ref;
}

std::vector<std::string> parameter_paths(const Scenario& scenario) {
  return ParameterIndex(scenario).paths();
}

std::vector<ParameterInfo> list_parameters(const Scenario& scenario) {
  const ParameterIndex index(scenario);
  std::vector<ParameterInfo> out;
  for (std::size_t i = 0; i < index.parameters().size(); ++i) {
    const ParameterRef& ref = index.parameters()[i];
    out.push_back({ref.path(), get_parameter(scenario, ref), ref.range(), ref.unit(), index.is_shorthand(i)});
  }
  return out;
}

double get_parameter(const Scenario& scenario, const ParameterRef& ref) {
  double value = 0.0;
  bool first = true;
  // `visit` hands out writable pointers; reading through them leaves the scenario as it was.
  detail::visit(const_cast<Scenario&>(scenario), ref, [&](const detail::ValuePointer& v) {
    if (first) value = detail::read(v);
    first = false;
  });
  return value - detail::ParameterAccess::row(ref).stored_offset;
}

void set_parameter(Scenario& scenario, const ParameterRef& ref, double value) {
  if (!ref.range().contains(value)) {
    throw std::invalid_argument("parameter " + ref.path() + " = " + detail::number_text(value) +
                                " is outside its range " + ref.range().describe());
  }
  const detail::ParameterRow& row = detail::ParameterAccess::row(ref);
  const double stored = value + row.stored_offset;
  const double before = row.keeps_chain ? get_parameter(scenario, ref) : 0.0;
  detail::visit(scenario, ref, [&](const detail::ValuePointer& v) { detail::write(v, stored); });
  if (!row.keeps_chain) return;
  // The referral chain must still end.
  const auto problems = check_flow_parameters(scenario.county, *scenario.flows);
  if (problems.empty()) return;
  detail::visit(scenario, ref, [&](const detail::ValuePointer& v) { detail::write(v, before); });
  throw std::invalid_argument("parameter " + ref.path() + " = " + detail::number_text(value) + ": " +
                              problems.front().what);
}

}  // namespace ygt
