// newsdigest train-dict: placeholder until its component lands; replaced by its owner.
#include <cstdio>

#include "commands.h"

namespace newsdigest::cli {

int RunTrainDict(int, char**) {
  std::fprintf(stderr, "newsdigest train-dict: not available in this build\n");
  return kExitUsage;
}

}  // namespace newsdigest::cli
