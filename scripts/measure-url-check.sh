#!/usr/bin/env bash
# URL checks per second on one core, in process, without package-benchmark: compiles the URL
# analysis sources of CustodianCore (they need neither swift-crypto nor Yams) with `swiftc -O`
# together with the realistic URL mix of Benchmarks/Benchmarks/RiskBenchmarks, and times
# ROUNDS passes over the 10,000 URLs on one thread. The same mix and settings as the
# package-benchmark target (`cd Benchmarks && swift package benchmark --target RiskBenchmarks`),
# for machines where building package-benchmark in release takes too long.
# Usage: scripts/measure-url-check.sh [ROUNDS (default 50)]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-50}"
WORK="${KEEP_DIR:-$(mktemp -d -t custodian-url-check.XXXXXX)}"
[[ -n "${KEEP_DIR:-}" ]] || trap 'rm -rf "$WORK"' EXIT
# The benchmark's URL mix, without package-benchmark's registration.
sed -n '/^\/\/\/ A deterministic mix/,$p' "$ROOT/Benchmarks/Benchmarks/RiskBenchmarks/RiskBenchmarks.swift" >"$WORK/URLMix.swift"
cat >"$WORK/main.swift" <<'SWIFT'
import Foundation

let rounds = Int(CommandLine.arguments[1]) ?? 50
let analyzer = URLAnalyzer(settings: URLRiskSettings(protectedDomains: ["paypal.com", "example-bank.co.uk", "apple.com", "google.com", "amazon.com"]))
let registry = RiskyURLIndex((0..<10_000).map { index in
    RiskyURLListing(
        id: String(index), match: index % 3 == 0 ? .host : .domain, value: "listed-\(index).example.com", category: index % 2 == 0 ? .phishing : .spam,
        source: "bench", confidence: 0.9, expiresAt: nil)
})
let urls = URLMix.make(count: 10_000)
var verdicts = [URLVerdict: Int]()
for url in urls { verdicts[analyzer.assess(url, registry: registry, now: 1).verdict, default: 0] += 1 }
print("mix: \(urls.count) URLs; verdicts: \(verdicts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", "))")
/// CPU time of this thread: on a shared machine, wall time counts the other processes too.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}
var best = 0.0
var total = 0
for _ in 0..<5 {
    let wallStart = DispatchTime.now().uptimeNanoseconds
    let cpuStart = threadCPUSeconds()
    for _ in 0..<rounds {
        for url in urls { total &+= analyzer.assess(url, registry: registry, now: 1).score }
    }
    let cpu = threadCPUSeconds() - cpuStart
    let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e9
    let rate = Double(rounds * urls.count) / cpu
    best = max(best, rate)
    print(String(format: "%d checks: %.3f s of CPU (%.3f s wall): %.0f URLs per CPU-second", rounds * urls.count, cpu, wall, rate))
}
print(String(format: "best of 5: %.0f URLs/s on one core (checksum %d)", best, total))
SWIFT
SOURCES=$(find "$ROOT/Sources/CustodianCore/Risk" -name '*.swift')
swiftc -O -wmo -parse-as-library -module-name CustodianCore -emit-library -static -o "$WORK/libcore.a" \
    $SOURCES "$ROOT/Sources/CustodianCore/Identity/Email/Punycode.swift" "$ROOT/Sources/CustodianCore/Identity/IPTruncation.swift" \
    "$ROOT/Sources/CustodianCore/Support/ISOTimestamp.swift" -emit-module -emit-module-path "$WORK/CustodianCore.swiftmodule"
sed -i '1i import CustodianCore' "$WORK/main.swift" "$WORK/URLMix.swift"
swiftc -O -I "$WORK" -o "$WORK/url-check" "$WORK/main.swift" "$WORK/URLMix.swift" "$WORK/libcore.a"
"$WORK/url-check" "$ROUNDS"
