#!/usr/bin/python3
"""Sharded newsdigest build on Dask distributed.

Trains (or takes) one dictionary, splits the inputs into shards in order,
runs `newsdigest build --dict D` on each shard as a Dask task, then
`newsdigest merge`s the shard files in order. Because every shard is built
with the same dictionary and options, the merged file is byte-identical to
one `newsdigest build --dict D` of all inputs (the shard property, issue 17).

    ndcluster.py -o out.ndg [--dict D | --train-dict] [--shards N]
                 [--workers N | --scheduler ADDR] [--work DIR] INPUT...

Inputs are files (each is one unit: a .txt article or a .jsonl file) or
directories, walked exactly as `newsdigest build DIR` walks them (article
files by extension, recursively, sorted by full path; see walk_directory). With --scheduler the
workers must see the same paths (a shared file system) and have newsdigest.

Exit codes: 0 ok, 1 error, 2 some input was rejected by a shard build,
77 Dask is not installed.
"""
import argparse
import os
import shutil
import stat
import subprocess
import sys
import tempfile

try:
    from dask.distributed import Client, LocalCluster
except ImportError:  # pragma: no cover - the ctest skips with 77
    Client = None
    LocalCluster = None


def find_newsdigest(given):
    if given:
        return os.path.abspath(given)
    here = os.path.dirname(os.path.abspath(__file__))
    for cand in (os.path.join(here, "..", "..", "build", "dev", "tools", "newsdigest"), shutil.which("newsdigest")):
        if cand and os.path.isfile(cand) and os.access(cand, os.X_OK):
            return os.path.abspath(cand)
    sys.exit("ndcluster: newsdigest not found; pass --newsdigest PATH")


# The file walk of `newsdigest build DIR`, reproduced exactly so that the
# shards hold the files one build reads, in its order. Source of the rules:
# core/ingest/article_source.cc (ArticleExtension, KindOfExtension, the
# directory branch of ArticleSource::Next) and SkipOutputInWalks in
# core/pipeline/build_run.cc. Keep them in step with those.
ARTICLE_EXTENSIONS = frozenset((
    ".txt", ".text",                       # plain text
    ".jsonl", ".ndjson", ".json",          # JSON lines
    ".html", ".htm", ".xhtml",             # HTML
    ".rss", ".atom", ".rdf", ".feed",      # feeds
    ".xml",                                # HTML or feed, sniffed
))


def is_article_file_name(name):
    """IsArticleFileName: the lower-cased extension, a trailing .gz removed, is an article one."""
    low = name.lower()
    if len(low) > 3 and low.endswith(".gz"):
        low = low[:-3]
    dot = low.rfind(".")
    if dot <= 0:
        return False
    return low[dot:] in ARTICLE_EXTENSIONS


def walk_directory(path, skip_stat):
    """The article files under `path` as build walks them: recursively,
    following directory links (each directory once, by device and inode),
    names starting with '.' skipped (folders not entered), only regular files
    (links followed) with an article extension, the output file left out,
    all sorted by their full path bytes (not folder by folder)."""
    files = []
    seen = set()
    try:
        st = os.stat(path)
        seen.add((st.st_dev, st.st_ino))
    except OSError:
        pass
    stack = [path]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                full = os.path.join(folder, name)
                try:
                    est = os.stat(full)  # follows links
                except OSError:
                    est = None
                if name.startswith("."):
                    continue
                if est is not None and stat.S_ISDIR(est.st_mode):
                    if (est.st_dev, est.st_ino) not in seen:
                        seen.add((est.st_dev, est.st_ino))
                        stack.append(full)
                    continue
                regular = est is not None and stat.S_ISREG(est.st_mode)
                if regular and skip_stat is not None and (est.st_dev, est.st_ino) == skip_stat:
                    continue
                if regular and is_article_file_name(name):
                    files.append(full)
    files.sort(key=os.fsencode)  # std::sort of the path strings: byte order
    return files


def expand_inputs(inputs, output=None):
    """Files in order: named files as given, directories walked as build walks them."""
    skip_stat = None
    if output and output != "-":
        try:
            ost = os.stat(output)
            if stat.S_ISREG(ost.st_mode):
                skip_stat = (ost.st_dev, ost.st_ino)
        except OSError:
            pass
    out = []
    for path in inputs:
        if os.path.isdir(path):
            out.extend(os.path.abspath(f) for f in walk_directory(path, skip_stat))
        else:
            out.append(os.path.abspath(path))
    return out


def split(items, n):
    """n consecutive, near-equal shards (none empty)."""
    n = max(1, min(n, len(items)))
    base, extra = divmod(len(items), n)
    shards, start = [], 0
    for i in range(n):
        size = base + (1 if i < extra else 0)
        shards.append(items[start:start + size])
        start += size
    return shards


def build_shard(newsdigest, dict_path, build_args, files, out_path):
    """One Dask task: `newsdigest build --dict D -o out files...`; returns (rc, stderr)."""
    cmd = [newsdigest, "build", "-q", "-j", "1", "--dict", dict_path] + build_args + ["-o", out_path] + files
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return proc.returncode, proc.stderr


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+")
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--dict", help="dictionary file (train-dict output) every shard uses")
    ap.add_argument("--train-dict", action="store_true", help="train the dictionary on the inputs first")
    ap.add_argument("--embed-dict", action="store_true", help="embed the dictionary in the output")
    ap.add_argument("--shards", type=int, default=0, help="number of shards (default: 4 per worker)")
    ap.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://host:8786)")
    ap.add_argument("--work", help="folder for shard files (default: a temporary folder)")
    ap.add_argument("--newsdigest", help="path of the newsdigest binary")
    args = ap.parse_args(argv)
    if Client is None:
        print("ndcluster: python3-distributed (Dask) is not installed", file=sys.stderr)
        return 77
    nd = find_newsdigest(args.newsdigest)
    files = expand_inputs(args.inputs, args.output)
    if not files:
        print("ndcluster: no input files", file=sys.stderr)
        return 1
    work = args.work or tempfile.mkdtemp(prefix="ndcluster.")
    try:
        os.makedirs(work, exist_ok=True)
        return run(args, nd, files, work)
    finally:
        # A temporary folder goes on every path (errors and exceptions too).
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


def run(args, nd, files, work):
    """Dictionary, shard builds and the merge; @return the exit code."""
    dict_path = args.dict
    if not dict_path:
        if not args.train_dict:
            print("ndcluster: give --dict FILE or --train-dict (every shard must use the same dictionary)",
                  file=sys.stderr)
            return 1
        dict_path = os.path.join(work, "news.dict")
        rc = subprocess.run([nd, "train-dict", "-o", dict_path] + files).returncode
        if rc != 0:
            return 1
    dict_path = os.path.abspath(dict_path)
    build_args = ["--embed-dict"] if args.embed_dict else []
    if args.scheduler:
        client = Client(args.scheduler)
        cluster = None
        workers = max(1, len(client.scheduler_info().get("workers", {})))
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
        workers = args.workers
    try:
        shards = split(files, args.shards or 4 * workers)
        outs = [os.path.join(os.path.abspath(work), "shard-%05d.ndg" % i) for i in range(len(shards))]
        futures = [client.submit(build_shard, nd, dict_path, build_args, s, o, pure=False)
                   for s, o in zip(shards, outs)]
        results = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    partial = False
    for (rc, err), o in zip(results, outs):
        if err:
            sys.stderr.write(err)
        if rc == 2:
            partial = True
        elif rc != 0:
            print("ndcluster: the build of %s failed (exit %d)" % (o, rc), file=sys.stderr)
            return 1
    present = [o for o in outs if os.path.exists(o)]
    if not present:
        # As build says when it packs nothing: no output, exit 2.
        print("ndcluster: %s: no article packed, every input was rejected; not written "
              "(an existing file is left as it was)" % args.output, file=sys.stderr)
        return 2
    # --deep-dedup: shares every body build would share (also one stored under
    # another title or language), so the result equals one build byte for byte.
    merge = [nd, "merge", "-q", "--deep-dedup"] + ([] if args.embed_dict else ["--dict", dict_path]) + present + ["-o", args.output]
    rc = subprocess.run(merge).returncode
    if rc not in (0, 2):
        return 1
    return 2 if partial or rc == 2 else 0


if __name__ == "__main__":
    sys.exit(main())
