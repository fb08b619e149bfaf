"""How much `analyze` costs next to `trafilatura.extract` alone, over the real-HTML corpus.

Both get the same raw bytes, one page after the other in this process. Prints the per-page median
ratio, the total ratio, and each stage's share of `analyze`'s time.

    .venv/bin/python bench/pipeline.py [--limit N]

Reads ../shared/corpus/real-html/, which is not part of the project; exits with a note where absent.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import trafilatura
from corpus import CORPUS, corpus_pages

from extractors import analyze
from extractors.agreement import detect_agreement
from extractors.analysis import han_boundaries
from extractors.chinese import token_boundaries
from extractors.html import decode_html, extract_main_text
from extractors.language import detect_language
from extractors.lexicon import default_lexicon
from extractors.places import resolve_places
from extractors.sentences import paragraph_numbers, sentence_spans


def stage_times(body: bytes, url: str) -> dict[str, float]:
    """The same steps as ``analyze``, timed one by one."""
    lexicon = default_lexicon()
    times: dict[str, float] = {}
    t = time.perf_counter()
    html = decode_html(body)
    times["decode"] = time.perf_counter() - t
    t = time.perf_counter()
    main = extract_main_text(html, url)
    times["trafilatura"] = time.perf_counter() - t
    if main is None:
        return times
    t = time.perf_counter()
    language = detect_language(main.text)
    times["language"] = time.perf_counter() - t
    t = time.perf_counter()
    bounds = han_boundaries(main.text, language)
    times["jieba"] = time.perf_counter() - t
    t = time.perf_counter()
    hits = resolve_places(lexicon.matcher.find(main.text, bounds), lexicon)
    times["matching"] = time.perf_counter() - t
    t = time.perf_counter()
    spans = sentence_spans(main.text)
    detect_agreement(
        main.text, hits, spans, paragraph_numbers(main.text, spans), lexicon.vocabulary
    )
    times["sentences+agreement"] = time.perf_counter() - t
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = parser.parse_args()
    if not (CORPUS / "index.jsonl").exists():
        print(f"corpus not found at {CORPUS}: this bench needs ../shared (not part of the project)")
        return 0
    pages = list(corpus_pages(limit=args.limit))
    t = time.perf_counter()
    default_lexicon()
    token_boundaries("华为")
    print(f"vocabulary, matcher and jieba loaded once in {time.perf_counter() - t:.2f} s")
    ours, theirs, ratios = [], [], []
    stages: dict[str, float] = {}
    for path, body in pages:
        url = f"https://corpus.example/{path}"
        t = time.perf_counter()
        trafilatura.extract(body, url=url)
        base = time.perf_counter() - t
        t = time.perf_counter()
        analyze(body, url)
        mine = time.perf_counter() - t
        theirs.append(base)
        ours.append(mine)
        if base > 0:
            ratios.append(mine / base)
        for name, seconds in stage_times(body, url).items():
            stages[name] = stages.get(name, 0.0) + seconds
    total_stages = sum(stages.values())
    print(f"pages: {len(pages)}")
    print(
        f"trafilatura.extract alone: median {statistics.median(theirs) * 1000:.1f} ms/page, "
        f"total {sum(theirs):.1f} s"
    )
    print(
        f"analyze:                   median {statistics.median(ours) * 1000:.1f} ms/page, "
        f"total {sum(ours):.1f} s"
    )
    print(
        f"ratio analyze / trafilatura: median per page {statistics.median(ratios):.2f}, "
        f"total {sum(ours) / sum(theirs):.2f}"
    )
    print("analyze's time by stage:")
    for name, seconds in sorted(stages.items(), key=lambda kv: -kv[1]):
        print(f"  {name:22s} {seconds / total_stages:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
