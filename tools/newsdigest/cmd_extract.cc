// newsdigest extract: placeholder until its component lands; replaced by its owner.
#include <cstdio>

#include "commands.h"

namespace newsdigest::cli {

int RunExtract(int, char**) {
  std::fprintf(stderr, "newsdigest extract: not available in this build\n");
  return kExitUsage;
}

}  // namespace newsdigest::cli
