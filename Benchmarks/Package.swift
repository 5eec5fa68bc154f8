// swift-tools-version: 6.1
// Benchmarks live in their own package so that the root `swift test` never builds
// package-benchmark. Run from this folder:
//   swift package --allow-writing-to-package-directory benchmark
import PackageDescription

let package = Package(
    name: "CustodianBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Named, because a path dependency is otherwise known by its folder name, which differs by checkout.
        .package(name: "Custodian", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        // The same pin as the root package; needed here to make keys and to measure AES-GCM alone.
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        // Pure CPU work in CustodianCore: field sealing, blind index, audit chain links, gate decisions.
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CustodianCore", package: "Custodian"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/CoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The recommendation model's update and serving paths (pure, one core).
        .executableTarget(
            name: "RecommendationBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CustodianCore", package: "Custodian"),
            ],
            path: "Benchmarks/RecommendationBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The store on SQLite, and on PostgreSQL when CUSTODIAN_TEST_POSTGRES_URL is set.
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CustodianCore", package: "Custodian"),
                .product(name: "CustodianStore", package: "Custodian"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/StoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // URL analysis (Security and fraud): checks per second on a realistic mix, one core.
        .executableTarget(
            name: "RiskBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CustodianCore", package: "Custodian"),
            ],
            path: "Benchmarks/RiskBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
