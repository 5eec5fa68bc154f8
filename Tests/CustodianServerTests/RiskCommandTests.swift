import CustodianCore
import CustodianStore
import Dispatch
import Foundation
import Logging
import Testing

/// `custodian inspect url` and `custodian risk import`, run as the built binary.
@Suite("Risk commands as processes")
struct RiskCommandTests {
    static func run(_ arguments: [String], stdin: String, environment: [String: String] = [:]) async throws -> ServerProcess.Output {
        try await ServerProcess.run(arguments, stdin: stdin, environment: environment)
    }

    @Test func inspectURLAnswersTheContractsFields() async throws {
        let lines = [
            #"{"id": 1, "input": "http://paypal.com@evil.example/"}"#,
            #"{"id": 2, "input": "https://www.pаypal.com/signin"}"#,
            #"{"id": 3, "input": "https://octocat.github.io/x"}"#,
            #"{"id": 4, "input": "not a url"}"#,
        ].joined(separator: "\n") + "\n"
        let output = try await Self.run(["inspect", "url"], stdin: lines, environment: ["CUSTODIAN_PROTECTED_DOMAINS": "paypal.com"])
        #expect(output.status == 0, "\(output.stderr)")
        let answers = output.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(answers.count == 4)
        #expect(answers[0]?["host"] as? String == "evil.example")
        #expect(answers[0]?["registrableDomain"] as? String == "evil.example")
        #expect((answers[0]?["reasons"] as? [String])?.contains("deceptive_userinfo") == true)
        #expect(answers[1]?["verdict"] as? String == "malicious")
        #expect((answers[1]?["reasons"] as? [String])?.contains("lookalike_domain") == true)
        #expect(answers[2]?["suffix"] as? String == "github.io")
        #expect(answers[2]?["domain"] as? String == "octocat")
        #expect(answers[2]?["subdomain"] is NSNull)
        #expect(answers[3]?["verdict"] as? String == "suspicious")
        let keys = output.stdout.split(separator: "\n").first.map(String.init) ?? ""
        #expect(keys.hasPrefix(#"{"id":1,"host":"evil.example","suffix":"example","domain":"evil","subdomain":null,"registrableDomain":"evil.example","verdict":"#))
    }

    @Test func aBadProtectedDomainSettingExitsOne() async throws {
        let output = try await Self.run(["inspect", "url"], stdin: "", environment: ["CUSTODIAN_PROTECTED_DOMAINS": "not a domain"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("protected domain"))
    }

    @Test func riskImportFillsTheRegistryAndIsAudited() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-risk-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let list = directory + "/list.txt"
        try "# phishing\nevil-one.com\nhttps://evil-two.com/login\n\nbad line with spaces\n".write(toFile: list, atomically: true, encoding: .utf8)
        let key = MasterKeys.encode(.init(size: .bits256))
        let output = try await Self.run(
            ["risk", "import", list, "--kind", "phishing", "--source", "openphish", "--data", directory + "/data"], stdin: "", environment: ["CUSTODIAN_MASTER_KEY": key])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("imported 2 new"))
        #expect(output.stderr.contains("line 5"))
        let bad = try await Self.run(
            ["risk", "import", list, "--kind", "nope", "--source", "x", "--data", directory + "/data"], stdin: "", environment: ["CUSTODIAN_MASTER_KEY": key])
        #expect(bad.status != 0)

        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let store = try CustodianStore(configuration: StoreConfiguration(dataDirectory: directory + "/data", environment: ["CUSTODIAN_MASTER_KEY": key]), logger: logger)
        let repositories = try await store.prepare()
        let listings = try await repositories.riskyURLs.list(source: "openphish", limit: 10)
        #expect(Set(listings.map(\.value)) == ["evil-one.com", "https://evil-two.com/login"])
        #expect(listings.allSatisfy { $0.flaggedBy == "cli" && $0.category == .phishing })
        #expect(try await repositories.audit.entries().contains { $0.action == "risk.url.import" })
        try await store.database.close()
    }
}
