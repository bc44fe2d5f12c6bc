// newsdigest keygen -o KEY [--force]: a new Ed25519 key pair for signing
// digest files: KEY (secret, mode 0600) and KEY.pub (public), each written
// atomically. Prints the key id, which `ls`, `show` and `verify` report.
#include <cstdio>
#include <string>

#include "cli_common.h"
#include "cli_output.h"
#include "newsdigest/sign/sign.h"

namespace newsdigest::cli {

int RunKeygen(int argc, char** argv) {
  CLI::App app{"Create a key pair for signing digest files (build/salvage --sign KEY, verify --key KEY.pub).",
               "newsdigest keygen"};
  std::string out;
  bool force = false;
  app.add_option("-o,--output", out, "Secret key file to write (mode 0600); the public key goes to <file>.pub")
      ->required();
  app.add_flag("--force", force, "Replace existing key files");
  app.footer(
      "The secret key file must stay private: commands refuse one that group or others may read.\n"
      "Exit status: 0 written; 1 usage error or the files could not be written (nothing is left half-written).");
  int code = 0;
  if (!ParseCommandLine(app, argc, argv, &code)) return code;
  sign::SecretKey key;
  std::string err;
  if (!sign::GenerateKey(&key).ok()) {
    std::fprintf(stderr, "newsdigest keygen: cannot generate a key\n");
    return kExitUsage;
  }
  if (!sign::WriteKeyFiles(out, key, force, &err).ok()) {
    std::fprintf(stderr, "newsdigest keygen: %s\n", TerminalSafe(err).c_str());
    return kExitUsage;
  }
  OutPrintf("%s: secret key (keep it private)\n%s.pub: public key, key id %s\n", TerminalSafe(out).c_str(),
            TerminalSafe(out).c_str(), sign::KeyIdHex(sign::KeyIdOf(key.public_key())).c_str());
  return kExitOk;
}

}  // namespace newsdigest::cli
