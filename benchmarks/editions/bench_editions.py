#!/usr/bin/python3
"""Scale figures of issue 17: a synthetic article stream built in shards
(`newsdigest build --dict`), merged (`newsdigest merge`), and appended to.

usage: bench_editions.py NEWSDIGEST [--articles N] [--shards S] [--append M]
                         [--jobs J] [--work DIR] [--keep] [--reuse]

The stream is generated (never stored in the repository) from the bundled
examples (tools/examples): each article is a source article with its
paragraphs' sentences rotated, a numbered sentence and a date, so bodies
differ; every 50th article repeats an earlier body (dedup across shards).
Each step runs under /usr/bin/time: wall seconds and peak RSS. Prints a
Markdown table and writes results.json to the work folder.
--jobs J builds J shards at a time (each `build -j 1`; a shard's JSONL is
generated just before its build and deleted right after, so at most J
are on disk). --reuse skips generation and builds when the work folder
already holds the shard files and dictionary of an earlier run (--keep or
--work), and only merges and appends (e.g. to compare two binaries).
"""
import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "..", "tools", "examples")
DAY0 = 1767225600  # 2026-01-01T00:00:00Z


def sources():
    out = []
    for name in sorted(os.listdir(EXAMPLES)):
        path = os.path.join(EXAMPLES, name)
        if name.endswith(".txt"):
            with open(path, encoding="utf-8") as f:
                lines = [l.strip() for l in f.read().split("\n") if l.strip()]
            if len(lines) > 1:
                out.append((lines[0], lines[1:]))
        elif name.endswith(".jsonl"):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    a = json.loads(line)
                    if a.get("text"):
                        out.append((a.get("title", ""), [p for p in a["text"].split("\n") if p.strip()]))
    return out


def article(src, i):
    title, paras = src[i % len(src)]
    turn = i // len(src)
    body = []
    for p in paras:
        s = p.split(". ")
        k = turn % len(s)
        body.append(". ".join(s[k:] + s[:k]))
    body.append("Report %d of the stream, edition %d." % (i, turn))
    return {"id": "s%d" % i, "title": "%s (%d)" % (title, i), "text": "\n".join(body),
            "published": DAY0 + i * 30}


def generate(path, src, first, count, repeat_every=50):
    """Articles first..first+count-1; every repeat_every-th repeats the body of article i-7 (maybe another shard)."""
    size = 0
    with open(path, "w", encoding="utf-8") as f:
        for i in range(first, first + count):
            a = article(src, i)
            if repeat_every and i % repeat_every == 0 and i >= 7:
                a["text"] = article(src, i - 7)["text"]
            line = json.dumps(a, ensure_ascii=False) + "\n"
            size += len(line.encode())
            f.write(line)
    return size


def timed(cmd):
    """(wall seconds, peak RSS MiB, CPU seconds user+sys) of cmd under /usr/bin/time."""
    t0 = time.time()
    p = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S"] + cmd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True)
    wall = time.time() - t0
    if p.returncode not in (0, 2):
        sys.exit("failed (%d): %s\n%s" % (p.returncode, " ".join(cmd), p.stderr))
    last = p.stderr.strip().split("\n")[-1].split()
    return wall, int(last[1]) / 1024.0, float(last[2]) + float(last[3])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("newsdigest")
    ap.add_argument("--articles", type=int, default=1000000)
    ap.add_argument("--shards", type=int, default=10)
    ap.add_argument("--append", type=int, default=2000)
    ap.add_argument("--work")
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--merge-runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--reuse", action="store_true")
    a = ap.parse_args()
    nd = os.path.abspath(a.newsdigest)
    work = a.work or tempfile.mkdtemp(prefix="nd_editions.")
    os.makedirs(work, exist_ok=True)
    src = sources()
    per = (a.articles + a.shards - 1) // a.shards
    res = {"articles": a.articles, "shards": a.shards, "jobs": a.jobs, "shard_steps": []}
    d = os.path.join(work, "news.dict")
    outs = [os.path.join(work, "shard%03d.ndg" % s) for s in range(a.shards)]
    old = None
    if a.reuse:
        with open(os.path.join(work, "results.json")) as f:
            old = json.load(f)
        if old["articles"] != a.articles or old["shards"] != a.shards:
            sys.exit("--reuse: %s holds another run (%d articles, %d shards)" % (work, old["articles"], old["shards"]))
        res["shard_steps"] = old["shard_steps"]
        res["shard_wall_s"] = old.get("shard_wall_s")
    else:
        # The dictionary is trained on the first shard's text.
        p0 = os.path.join(work, "train.jsonl")
        generate(p0, src, 0, min(per, a.articles))
        subprocess.run([nd, "train-dict", "-o", d, p0], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        os.remove(p0)

        def one_shard(s):
            first, count = s * per, min(per, a.articles - s * per)
            p = os.path.join(work, "shard%03d.jsonl" % s)
            size = generate(p, src, first, count)
            wall, rss, cpu = timed([nd, "build", "-q", "-j", "1", "--dict", d, "-o", outs[s], p])
            os.remove(p)  # generated input: not kept
            return {"articles": count, "input_bytes": size, "output_bytes": os.path.getsize(outs[s]),
                    "seconds": wall, "cpu_s": cpu, "rss_mib": rss, "articles_per_s": count / wall,
                    "articles_per_cpu_s": count / max(cpu, 1e-3)}

        t0 = time.time()
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
            res["shard_steps"] = list(pool.map(one_shard, range(a.shards)))
        res["shard_wall_s"] = time.time() - t0
        with open(os.path.join(work, "results.json"), "w") as f:  # for --reuse
            json.dump(res, f, indent=1)
    # Merge, side by side: identical bodies found by frame bytes (default),
    # by decoding every text (--deep-dedup: the previous default), and no
    # sharing; each run --merge-runs times, the least CPU time kept.
    in_bytes = sum(os.path.getsize(o) for o in outs)
    res["merge_modes"] = []
    merged = os.path.join(work, "merged.ndg")
    for name, flags in (("frames (default)", []), ("--deep-dedup", ["--deep-dedup"]), ("--no-dedup", ["--no-dedup"])):
        out = merged if not flags else os.path.join(work, "merged%s.ndg" % flags[0].replace("-", "_"))
        best = None
        for _ in range(a.merge_runs):
            if os.path.exists(out):
                os.remove(out)
            r = timed([nd, "merge", "-q", "--dict", d] + flags + outs + ["-o", out])
            if best is None or r[2] < best[2]:
                best = r
        wall, rss, cpu = best
        res["merge_modes"].append({"mode": name, "seconds": wall, "cpu_s": cpu, "rss_mib": rss,
                                   "input_bytes": in_bytes, "output_bytes": os.path.getsize(out),
                                   "mb_per_cpu_s": in_bytes / max(cpu, 1e-3) / 1e6, "mb_per_s": in_bytes / wall / 1e6})
    res["merge"] = res["merge_modes"][0]
    with open(merged, "rb") as f1, open(os.path.join(work, "merged__deep_dedup.ndg"), "rb") as f2:
        res["frames_equals_deep"] = f1.read() == f2.read()
    # Append: M new articles built alone vs appended to the merged edition.
    newp = os.path.join(work, "new.jsonl")
    generate(newp, src, a.articles, a.append, repeat_every=0)
    alone = os.path.join(work, "alone.ndg")
    wb, rb, _ = timed([nd, "build", "-q", "-j", "1", "--dict", d, "-o", alone, newp])
    appended = os.path.join(work, "appended.ndg")
    wa, ra, _ = timed([nd, "append", "-q", "-j", "1", "--dict", d, merged, newp, "-o", appended])
    res["append"] = {"articles": a.append, "build_alone_s": wb, "append_s": wa, "ratio": wa / wb,
                     "build_rss_mib": rb, "append_rss_mib": ra}
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump(res, f, indent=1)
    print("| step | articles | seconds | peak RSS MiB | rate |")
    print("|---|---:|---:|---:|---|")
    for i, s in enumerate(res["shard_steps"]):
        print("| build shard %d | %d | %.1f (CPU %.1f) | %.0f | %.0f articles/s, %.0f per CPU second |" % (
            i, s["articles"], s["seconds"], s.get("cpu_s", 0), s["rss_mib"], s["articles_per_s"],
            s.get("articles_per_cpu_s", 0)))
    if res.get("shard_wall_s"):
        print("all %d shards, %d at a time: %.0f s wall" % (a.shards, a.jobs, res["shard_wall_s"]))
    for m in res["merge_modes"]:
        print("| merge %d shards, %s | %d | %.2f (CPU %.2f) | %.0f | %.0f MB/s of digest file per CPU second "
              "(%d MB in, %d bytes out) |" % (a.shards, m["mode"], a.articles, m["seconds"], m["cpu_s"], m["rss_mib"],
                                              m["mb_per_cpu_s"], m["input_bytes"] // 1000000, m["output_bytes"]))
    print("frames (default) output == --deep-dedup output: %s" % res["frames_equals_deep"])
    ap_ = res["append"]
    print("| build %d new alone | %d | %.2f | %.0f | |" % (a.append, a.append, ap_["build_alone_s"], ap_["build_rss_mib"]))
    print("| append %d new to the merged file | %d | %.2f | %.0f | ratio %.2f |" % (
        a.append, a.append, ap_["append_s"], ap_["append_rss_mib"], ap_["ratio"]))
    if not a.keep and not a.work:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
