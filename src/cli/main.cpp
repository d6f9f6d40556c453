// The `ygt` program: scenario studies of county medical communities from the command line.

#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  return ygt::cli::run(args, {std::cout, std::cerr});
}
