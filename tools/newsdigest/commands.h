// The subcommands of the `newsdigest` CLI. Each lives in its own
// cmd_<name>.cc, parses its own arguments (argv[0] is "newsdigest <name>")
// and returns the process exit code:
//   0 success; 1 usage error or fatal failure; 2 some input was rejected
//   (each reported on stderr) while the rest was processed.
#ifndef NEWSDIGEST_TOOLS_COMMANDS_H_
#define NEWSDIGEST_TOOLS_COMMANDS_H_

namespace newsdigest::cli {

int RunBuild(int argc, char** argv);      // cmd_build.cc
int RunLs(int argc, char** argv);         // cmd_ls.cc
int RunShow(int argc, char** argv);       // cmd_show.cc
int RunSummarize(int argc, char** argv);  // cmd_summarize.cc
int RunVerify(int argc, char** argv);     // cmd_verify.cc
int RunStats(int argc, char** argv);      // cmd_stats.cc
int RunSplit(int argc, char** argv);      // cmd_split.cc   (sentence segmentation)
int RunExtract(int argc, char** argv);    // cmd_extract.cc (HTML article extraction)
int RunTrainDict(int argc, char** argv);  // cmd_train_dict.cc (zstd dictionary training)
int RunSalvage(int argc, char** argv);    // cmd_salvage.cc (recover a damaged file)
int RunKeygen(int argc, char** argv);     // cmd_keygen.cc (signing keys)
int RunDelta(int argc, char** argv);      // cmd_delta.cc (update OLD -> NEW)
int RunPatch(int argc, char** argv);      // cmd_patch.cc (apply an update)
int RunMerge(int argc, char** argv);      // cmd_merge.cc (merge digest files)
int RunAppend(int argc, char** argv);     // cmd_append.cc (add articles to a digest file)

// Exit codes shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitUsage = 1;
inline constexpr int kExitPartial = 2;

}  // namespace newsdigest::cli

#endif  // NEWSDIGEST_TOOLS_COMMANDS_H_
