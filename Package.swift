// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Custodian",
    // iOS, tvOS, watchOS and visionOS for the CustodianClient library only.
    platforms: [.macOS(.v15), .iOS(.v16), .tvOS(.v16), .watchOS(.v9), .visionOS(.v1)],
    products: [
        .executable(name: "custodian", targets: ["custodian"]),
        .library(name: "CustodianCore", targets: ["CustodianCore"]),
        .library(name: "CustodianStore", targets: ["CustodianStore"]),
        .library(name: "CustodianServer", targets: ["CustodianServer"]),
        .library(name: "CustodianClient", targets: ["CustodianClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        // Messaging: the SMTP client (NIO, TLS for STARTTLS and smtps) and campaign templates.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Partner webhooks (TLS, timeouts, pooling); also the tests' HTTP client.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
    ],
    targets: [
        // Pure Swift, no I/O: policy model, gate, classifiers, canonical encodings.
        .target(
            name: "CustodianCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .target(name: "CCustodianCrypto", condition: .when(platforms: [.linux])),
            ]
        ),
        // A reusable AES-256-GCM context over the BoringSSL that swift-crypto links on Linux
        // (docs/architecture.md, "Sealing keys"). Built for Linux only: elsewhere swift-crypto
        // is CryptoKit and there is no BoringSSL to call.
        .target(name: "CCustodianCrypto"),
        // Storage: SQLite (GRDB) and PostgreSQL (postgres-nio) behind one adapter; keyring; audit log.
        .target(
            name: "CustodianStore",
            dependencies: [
                "CustodianCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The C API beside GRDB: the event writer binds values straight onto a prepared statement.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // HTTP: Hummingbird application, middleware, routes.
        .target(
            name: "CustodianServer",
            dependencies: [
                "CustodianCore",
                "CustodianStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Mustache", package: "swift-mustache"),
                // Signed webhooks to partners (see Partners/WebhookSender.swift for why).
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            resources: [.copy("Resources/openapi.yaml"), .copy("Resources/sdk/custodian.js")]
        ),
        // The thin command-line front end.
        .executableTarget(
            name: "custodian",
            dependencies: [
                "CustodianServer",
                "CustodianStore",
                "CustodianCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The Swift SDK for apps: Foundation only (FoundationNetworking on Linux), every platform.
        .target(name: "CustodianClient"),
        .testTarget(
            name: "CustodianClientTests",
            dependencies: [
                "CustodianClient",
                // A real HTTP server for the retry tests.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(name: "CustodianCoreTests", dependencies: ["CustodianCore"], exclude: ["Fixtures"]),
        .testTarget(
            name: "CustodianStoreTests",
            dependencies: [
                "CustodianStore",
                "CustodianCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "CustodianServerTests",
            dependencies: [
                "CustodianServer",
                "CustodianStore",
                "CustodianCore",
                "CustodianClient",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                // The SMTP client tests: a silent TCP listener.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
