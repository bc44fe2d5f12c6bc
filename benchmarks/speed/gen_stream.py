#!/usr/bin/env python3
"""Writes a large JSONL article stream for the memory test of run.sh.

usage: gen_stream.py OUT N SOURCE.jsonl... | SOURCE_DIR

Repeats the source articles with perturbations so that no two bodies are
identical (dedup stays out of the picture): a numbered title, sentences of
each paragraph rotated, and one numbered sentence added. The output is for
measuring only and must not be committed (it derives from the sources).
"""
import json
import os
import sys

out_path, n = sys.argv[1], int(sys.argv[2])
sources = []
for src in sys.argv[3:]:
    if os.path.isdir(src):
        for name in sorted(os.listdir(src)):
            if name.endswith(".txt"):
                with open(os.path.join(src, name), encoding="utf-8") as f:
                    lines = [l.strip() for l in f.read().split("\n") if l.strip()]
                if len(lines) > 1:
                    sources.append({"title": lines[0], "text": "\n".join(lines[1:]), "lang": ""})
        continue
    with open(src, encoding="utf-8") as f:
        for line in f:
            try:
                a = json.loads(line)
            except ValueError:
                continue
            if a.get("text"):
                sources.append({"title": a.get("title") or "", "text": a["text"], "lang": a.get("lang") or ""})
if not sources:
    sys.exit("gen_stream.py: no source articles")

with open(out_path, "w", encoding="utf-8") as out:
    for i in range(n):
        a = sources[i % len(sources)]
        turn = i // len(sources)
        paras = []
        for p in a["text"].split("\n"):
            s = p.split(". ")
            k = turn % len(s)
            paras.append(". ".join(s[k:] + s[:k]))
        paras.append(f"Item {i} of the generated stream, round {turn}.")
        rec = {"id": f"stream-{i}", "title": f"{a['title']} ({i})", "text": "\n".join(paras)}
        if a["lang"]:
            rec["lang"] = a["lang"]
        out.write(json.dumps(rec, ensure_ascii=False) + "\n")
