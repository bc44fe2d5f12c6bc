// newsdigest salvage: placeholder until its component lands; replaced by its owner.
#include <cstdio>

#include "commands.h"

namespace newsdigest::cli {

int RunSalvage(int, char**) {
  std::fprintf(stderr, "newsdigest salvage: not available in this build\n");
  return kExitUsage;
}

}  // namespace newsdigest::cli
