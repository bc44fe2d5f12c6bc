// newsdigest split: placeholder until its component lands; replaced by its owner.
#include <cstdio>

#include "commands.h"

namespace newsdigest::cli {

int RunSplit(int, char**) {
  std::fprintf(stderr, "newsdigest split: not available in this build\n");
  return kExitUsage;
}

}  // namespace newsdigest::cli
