#!/usr/bin/env python3
"""Builds the user-agent test set: real strings labelled with uap-core's answers.

Writes Tests/CustodianCoreTests/Fixtures/useragents.tsv, one string a line:
    ua <TAB> browser family <TAB> browser major <TAB> os family <TAB> os major
       <TAB> device family <TAB> device brand <TAB> device model
(empty where uap-core has none). The labels come from the PyPI package `ua-parser`
(the Python port of uap-core) with the regexes of `ua-parser-builtins`; the strings from:

- `fake-useragent` 2.2.0 (`fake_useragent/data/browsers.jsonl`, Apache-2.0): recent real
  browser strings collected from live traffic; every distinct string is kept.
- `random-user-agent` 1.0.1 (`random_user_agent/data/user_agents.zip`, MIT): strings seen
  by whatismybrowser; all marked "very common" or "common", plus a fixed-seed sample of
  those marked "average".
- `crawler-user-agents` 1.67.0 (`crawler-user-agents.json`, MIT): a fixed-seed sample of
  the crawler instances.

Usage:
    pip install ua-parser==1.0.2 ua-parser-builtins==202610
    pip download --no-deps -d /tmp/uasrc fake-useragent==2.2.0 random-user-agent==1.0.1 \
        crawler-user-agents==1.67.0
    python3 scripts/generate-useragent-testset.py /tmp/uasrc
"""

import glob
import io
import json
import os
import random
import sys
import zipfile

import ua_parser

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "CustodianCoreTests", "Fixtures", "useragents.tsv")
AVERAGE_SAMPLE = 1200
CRAWLER_SAMPLE = 600


def wheel(folder, prefix):
    paths = sorted(glob.glob(os.path.join(folder, prefix + "-*.whl")))
    if not paths:
        sys.exit(f"no {prefix} wheel in {folder}")
    return zipfile.ZipFile(paths[-1])


def clean(ua):
    ua = ua.strip()
    if not ua or "\t" in ua or "\n" in ua or "\r" in ua or len(ua) > 512:
        return None
    return ua


def fake_useragent(folder):
    with wheel(folder, "fake_useragent") as whl:
        lines = whl.read("fake_useragent/data/browsers.jsonl").decode("utf-8").splitlines()
    return [json.loads(line)["useragent"] for line in lines if line.strip()]


def random_user_agent(folder):
    with wheel(folder, "random_user_agent") as whl:
        inner = zipfile.ZipFile(io.BytesIO(whl.read("random_user_agent/data/user_agents.zip")))
    common, average = [], []
    with inner.open("user_agents.jl") as handle:
        for line in io.TextIOWrapper(handle, encoding="utf-8"):
            record = json.loads(line)
            popularity = record.get("popularity")
            if popularity in ("very common", "common"):
                common.append(record["user_agent"])
            elif popularity == "average":
                average.append(record["user_agent"])
    return common + random.Random(5).sample(average, AVERAGE_SAMPLE)


def crawlers(folder):
    with wheel(folder, "crawler_user_agents") as whl:
        entries = json.loads(whl.read("crawleruseragents/crawler-user-agents.json"))
    instances = sorted({ua for entry in entries for ua in entry.get("instances", [])})
    return random.Random(5).sample(instances, min(CRAWLER_SAMPLE, len(instances)))


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "/tmp/uasrc"
    seen, rows = set(), []
    for ua in fake_useragent(folder) + random_user_agent(folder) + crawlers(folder):
        ua = clean(ua)
        if ua is None or ua in seen:
            continue
        seen.add(ua)
        result = ua_parser.parse(ua)
        agent, os_, device = result.user_agent, result.os, result.device
        fields = [
            ua,
            agent.family if agent else "Other",
            (agent.major if agent else None) or "",
            os_.family if os_ else "Other",
            (os_.major if os_ else None) or "",
            device.family if device else "Other",
            (device.brand if device else None) or "",
            (device.model if device else None) or "",
        ]
        rows.append("\t".join(field.replace("\t", " ") for field in fields))
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("\n".join(rows) + "\n")
    print(f"{len(rows)} strings -> {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
