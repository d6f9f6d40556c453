#include "yigongti/core/money.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "yigongti/core/error.hpp"

namespace ygt {
namespace {

__extension__ typedef __int128 i128;  // GCC and Clang: exact 128-bit intermediates

constexpr std::int64_t fen_per_yuan = 100;

[[noreturn]] void overflow(const char* what) {
  throw std::overflow_error(std::string("ygt::Money: ") + what + " exceeds the 64-bit range of fen");
}

std::int64_t narrow(i128 value, const char* what) {
  if (value > std::numeric_limits<std::int64_t>::max() || value < std::numeric_limits<std::int64_t>::min()) {
    overflow(what);
  }
  return static_cast<std::int64_t>(value);
}

i128 abs128(i128 v) {
  return v < 0 ? -v : v;
}

/// `num / den` rounded by `mode`; `den > 0`.
i128 divide_rounded(i128 num, i128 den, Rounding mode) {
  const i128 q = num / den;  // toward zero
  const i128 r = num % den;  // sign of num
  if (r == 0) return q;
  const i128 away = num < 0 ? q - 1 : q + 1;
  const i128 twice = 2 * abs128(r);
  switch (mode) {
    case Rounding::toward_zero:
      return q;
    case Rounding::away_from_zero:
      return away;
    case Rounding::floor:
      return num < 0 ? q - 1 : q;
    case Rounding::ceiling:
      return num > 0 ? q + 1 : q;
    case Rounding::half_away_from_zero:
      return twice >= den ? away : q;
    case Rounding::half_even:
      if (twice > den) return away;
      if (twice < den) return q;
      return (q % 2 == 0) ? q : away;
  }
  return q;
}

/// The exact product `fen * ratio` rounded by `mode`. A finite double is
/// `m * 2^e` with a 53-bit integer `m`, so `fen * m` fits in 128 bits and the
/// power of two is applied exactly.
std::int64_t scale_exact(std::int64_t fen, double ratio, Rounding mode, const char* what) {
  if (!std::isfinite(ratio))
    throw std::invalid_argument(std::string("ygt::Money: ") + what + " is not finite");
  if (ratio == 0.0 || fen == 0) return 0;
  int exponent = 0;
  const double fraction = std::frexp(ratio, &exponent);                       // ratio = fraction * 2^exponent
  const auto mantissa = static_cast<std::int64_t>(std::ldexp(fraction, 53));  // exact: 53 bits
  exponent -= 53;
  const i128 product = static_cast<i128>(fen) * mantissa;  // |product| < 2^116
  if (exponent >= 0) {
    if (exponent > 62) overflow(what);
    const i128 limit = (static_cast<i128>(1) << 126) >> exponent;
    if (abs128(product) >= limit) overflow(what);
    return narrow(product << exponent, what);
  }
  const int shift = -exponent;
  if (shift > 125) {
    // |product| < 2^116 <= 2^shift / 2^9: the exact result lies strictly inside (-1, 1), far from a half.
    return narrow(divide_rounded(product > 0 ? 1 : -1, 4, mode), what);
  }
  return narrow(divide_rounded(product, static_cast<i128>(1) << shift, mode), what);
}

void check_weight(double w, std::size_t i) {
  if (!std::isfinite(w)) {
    throw std::invalid_argument("ygt::split: weight " + std::to_string(i) + " is not finite");
  }
  if (w < 0.0) throw std::invalid_argument("ygt::split: weight " + std::to_string(i) + " is negative");
}

/// Largest remainder over exact integer quotas: `parts[i] = floor(T * w_i / W)`,
/// then one fen each to the largest remainders, ties to the earlier position.
/// `base`, `remainder` and `order` are scratch of the weights' size; nothing is
/// allocated. Weights and their sum are below 2^62, so every quota and
/// remainder fits 64 bits and each product fits 128.
void split_integral(std::int64_t total, std::span<const std::int64_t> weights, std::int64_t weight_sum,
                    std::span<std::int64_t> base, std::span<std::int64_t> remainder,
                    std::span<std::size_t> order, std::span<Money> parts) {
  const bool negative = total < 0;
  const i128 magnitude = negative ? -static_cast<i128>(total) : static_cast<i128>(total);
  const std::size_t n = weights.size();
  i128 assigned = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const i128 scaled = magnitude * weights[i];
    base[i] = static_cast<std::int64_t>(scaled / weight_sum);
    remainder[i] = static_cast<std::int64_t>(scaled % weight_sum);
    assigned += base[i];
    order[i] = i;
  }
  const auto left = static_cast<std::size_t>(magnitude - assigned);  // < n
  if (left > 0) {
    // A strict order (remainder down, then position up) gives the same parts
    // as a stable sort, without the stable sort's buffer.
    const auto before = [&](std::size_t a, std::size_t b) {
      return remainder[a] > remainder[b] || (remainder[a] == remainder[b] && a < b);
    };
    std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(left), order.end(), before);
    for (std::size_t k = 0; k < left; ++k) base[order[k]] += 1;
  }
  for (std::size_t i = 0; i < n; ++i) parts[i] = Money::from_fen(negative ? -base[i] : base[i]);
}

std::vector<Money> split_integral(std::int64_t total, std::span<const std::int64_t> weights,
                                  std::int64_t weight_sum) {
  const std::size_t n = weights.size();
  std::vector<std::int64_t> base(n);
  std::vector<std::int64_t> remainder(n);
  std::vector<std::size_t> order(n);
  std::vector<Money> parts(n);
  split_integral(total, weights, weight_sum, base, remainder, order, parts);
  return parts;
}

}  // namespace

Money Money::from_yuan(std::int64_t yuan) {
  return Money(narrow(static_cast<i128>(yuan) * fen_per_yuan, "an amount in yuan"));
}

Money Money::parse(std::string_view text) {
  const auto fail = [&](const std::string& why) -> Money {
    throw InputError("not an amount of money: \"" + std::string(text) + "\": " + why +
                     " (expected decimal yuan such as 8570000, 857.5 or -12.34)");
  };
  if (text.empty()) return fail("empty text");
  std::size_t pos = 0;
  bool negative = false;
  if (text[0] == '-' || text[0] == '+') {
    negative = text[0] == '-';
    ++pos;
  }
  const std::size_t int_begin = pos;
  i128 fen = 0;
  constexpr i128 limit = static_cast<i128>(std::numeric_limits<std::int64_t>::max()) + 1;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    fen = fen * 10 + (text[pos] - '0');
    if (fen * fen_per_yuan > limit) return fail("too large for 64-bit fen");
    ++pos;
  }
  if (pos == int_begin) return fail("no digits before the decimal point");
  fen *= fen_per_yuan;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t frac_begin = pos;
    i128 scale = 10;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (pos - frac_begin == 2) return fail("more than two decimals (fen are the smallest unit)");
      fen += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == frac_begin) return fail("no digits after the decimal point");
  }
  if (pos != text.size()) return fail("unexpected character '" + std::string(1, text[pos]) + "'");
  if (fen > limit || (!negative && fen == limit)) return fail("too large for 64-bit fen");
  return Money(static_cast<std::int64_t>(negative ? -fen : fen));
}

Money Money::round_from_yuan(double yuan, Rounding mode) {
  return Money(scale_exact(fen_per_yuan, yuan, mode, "an amount in yuan"));
}

std::string Money::to_string() const {
  const i128 v = fen_;
  const i128 magnitude = abs128(v);
  std::string whole = std::to_string(static_cast<unsigned long long>(magnitude / fen_per_yuan));
  const auto cents = static_cast<int>(magnitude % fen_per_yuan);
  std::string text = v < 0 ? "-" : "";
  text += whole;
  text += '.';
  text += static_cast<char>('0' + cents / 10);
  text += static_cast<char>('0' + cents % 10);
  return text;
}

std::string Money::to_string_grouped() const {
  std::string plain = to_string();
  const std::size_t sign = plain[0] == '-' ? 1 : 0;
  const std::size_t point = plain.find('.');
  std::string grouped = plain.substr(0, sign);
  for (std::size_t i = sign; i < point; ++i) {
    grouped += plain[i];
    const std::size_t left = point - i - 1;
    if (left > 0 && left % 3 == 0) grouped += ',';
  }
  grouped += plain.substr(point);
  return grouped;
}

Money Money::scaled(double ratio, Rounding mode) const {
  return Money(scale_exact(fen_, ratio, mode, "a ratio"));
}

Money Money::scaled(std::int64_t numerator, std::int64_t denominator, Rounding mode) const {
  if (denominator == 0) throw std::invalid_argument("ygt::Money::scaled: zero denominator");
  i128 num = static_cast<i128>(fen_) * numerator;
  i128 den = denominator;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  return Money(narrow(divide_rounded(num, den, mode), "a scaled amount"));
}

Money Money::abs() const {
  return Money(narrow(abs128(fen_), "the absolute value"));
}

Money& Money::operator+=(Money other) {
  if (__builtin_add_overflow(fen_, other.fen_, &fen_)) overflow("a sum");
  return *this;
}

Money& Money::operator-=(Money other) {
  if (__builtin_sub_overflow(fen_, other.fen_, &fen_)) overflow("a difference");
  return *this;
}

Money Money::operator-() const {
  return Money(narrow(-static_cast<i128>(fen_), "a negation"));
}

Money Money::times(std::int64_t k) const {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(fen_, k, &out)) overflow("a product");
  return Money(out);
}

Money sum(std::span<const Money> amounts) {
  Money total;
  for (Money m : amounts) total += m;
  return total;
}

namespace {

/// The sum of integral weights; throws for none, a negative one, a zero sum or
/// a sum of 2^62 or more.
std::int64_t integral_weight_sum(std::span<const std::int64_t> weights) {
  if (weights.empty()) throw std::invalid_argument("ygt::split: no weights");
  std::int64_t weight_sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] < 0)
      throw std::invalid_argument("ygt::split: weight " + std::to_string(i) + " is negative");
    if (weights[i] >= (std::int64_t{1} << 62) - weight_sum)
      throw std::invalid_argument("ygt::split: the weights sum to 2^62 or more");
    weight_sum += weights[i];
  }
  if (weight_sum == 0) throw std::invalid_argument("ygt::split: all weights are zero");
  return weight_sum;
}

}  // namespace

std::vector<Money> split(Money total, std::span<const std::int64_t> weights) {
  return split_integral(total.fen(), weights, integral_weight_sum(weights));
}

void Splitter::split(Money total, std::span<const std::int64_t> weights, std::span<Money> parts) {
  const std::size_t n = weights.size();
  if (n > base_.size() || parts.size() != n) {
    throw std::invalid_argument("ygt::Splitter: more weights than the capacity, or parts of another size");
  }
  split_integral(total.fen(), weights, integral_weight_sum(weights), std::span(base_).first(n),
                 std::span(remainder_).first(n), std::span(order_).first(n), parts);
}

std::vector<Money> split(Money total, std::span<const double> weights) {
  if (weights.empty()) throw std::invalid_argument("ygt::split: no weights");
  bool integral = true;
  long double weight_sum = 0.0L;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    check_weight(weights[i], i);
    integral = integral && weights[i] == std::floor(weights[i]) && weights[i] < 0x1p62;
    weight_sum += weights[i];
  }
  if (weight_sum == 0.0L) throw std::invalid_argument("ygt::split: all weights are zero");
  if (integral && weight_sum < 0x1p62L) {
    std::vector<std::int64_t> w;
    w.reserve(weights.size());
    for (double x : weights) w.push_back(static_cast<std::int64_t>(x));
    return split_integral(total.fen(), w, static_cast<std::int64_t>(weight_sum));
  }

  // General weights: quotas in extended precision, whole fen toward zero, then the
  // fen left over by largest remainder. The parts sum to the total by construction.
  const bool negative = total.is_negative();
  const i128 magnitude = abs128(total.fen());
  const std::size_t n = weights.size();
  std::vector<i128> base(n);
  std::vector<long double> remainder(n);
  i128 assigned = 0;
  const auto magnitude_ld = static_cast<long double>(magnitude);
  for (std::size_t i = 0; i < n; ++i) {
    const long double quota = magnitude_ld * (static_cast<long double>(weights[i]) / weight_sum);
    const long double whole = std::floor(quota);
    base[i] = static_cast<i128>(whole);
    remainder[i] = quota - whole;
    assigned += base[i];
  }
  // Rounding in the quotas can leave the floors a fen or so over the total; take
  // those back from the smallest remainders among parts that have a fen to give.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return remainder[a] > remainder[b]; });
  i128 left = magnitude - assigned;
  for (std::size_t k = 0; left > 0; k = (k + 1) % n, --left) base[order[k]] += 1;
  for (std::size_t k = n; left < 0; k = (k == 0 ? n : k) - 1) {
    if (k < n && base[order[k]] > 0) {
      base[order[k]] -= 1;
      ++left;
    }
  }
  std::vector<Money> parts;
  parts.reserve(n);
  for (i128 b : base) parts.push_back(Money::from_fen(static_cast<std::int64_t>(negative ? -b : b)));
  return parts;
}

}  // namespace ygt
