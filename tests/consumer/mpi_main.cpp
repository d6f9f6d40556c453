// Links yigongti::mpi from the installed package; run without a launcher it is
// a single process: one rank, and a distributed run would be a plain one.
#include <iostream>
#include <yigongti/study/distributed.hpp>

int main() {
  std::cout << "mpi component: launched " << (ygt::mpi_launched() ? "yes" : "no") << ", ranks "
            << ygt::mpi_size() << '\n';
  return 0;
}
