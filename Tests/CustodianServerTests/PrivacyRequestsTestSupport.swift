import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Shortcuts for the privacy request API in router tests.
enum PrivacyRequestsSupport {
    static let addresses = ["ada@example.org", "ADA@example.org", "nobody@example.org"]

    /// The code in a privacy request's email (the only six-digit run in it).
    static func code(in mail: ReceivedMail) throws -> String {
        let runs = mail.decodedText.split(whereSeparator: { !$0.isNumber }).filter { $0.count == 6 }
        return String(try #require(runs.first, "no code in \(mail.decodedText)"))
    }

    /// A six-digit code that is not `code`.
    static func wrong(_ code: String) -> String { code == "000000" ? "111111" : "000000" }

    /// The error code of an answer.
    static func error(_ body: [String: Any]) -> String? { (body["error"] as? [String: Any])?["code"] as? String }

    /// The code of the first field problem of a 422.
    static func fieldCode(_ body: [String: Any]) -> String? {
        (((body["error"] as? [String: Any])?["fields"] as? [[String: Any]])?.first)?["code"] as? String
    }

    static func date(_ value: Any?) -> Date? { (value as? String).flatMap { ISO8601DateFormatter().date(from: $0) } }

    /// The audit entries about privacy requests, with their details decoded.
    static func audit(_ store: CustodianStore) async throws -> [(entry: AuditEntry, details: [String: String])] {
        try await store.repositories.audit.entries(limit: 1_000).map {
            ($0, (try? JSONDecoder().decode([String: String].self, from: Data($0.details.utf8))) ?? [:])
        }
    }
}

extension TestClientProtocol {
    /// Files a request without signing in; returns the answer.
    func fileRequest(kind: String, email: String, details: String? = nil, purpose: String? = nil) async throws -> (status: HTTPResponse.Status, body: [String: Any], raw: String) {
        var object: [String: String] = ["kind": kind, "email": email]
        if let details { object["details"] = details }
        if let purpose { object["purpose"] = purpose }
        return try await json(.post, "/v1/requests", String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
    }

    /// Moves a request with a staff action; returns the answer.
    func staff(_ action: String, _ id: String, key: String, note: String = "") async throws -> (status: HTTPResponse.Status, body: [String: Any], raw: String) {
        try await json(.post, "/v1/admin/requests/\(id)/\(action)", note.isEmpty ? "{}" : #"{"note":"\#(note)"}"#, token: key)
    }
}

import Configuration
import CustodianServer

@Suite("Privacy request deadline setting")
struct PrivacyRequestConfigurationTests {
    static func read(_ environment: [String: String]) throws -> ServerConfiguration {
        let values = environment.merging(["CUSTODIAN_DATA": FileManager.default.temporaryDirectory.path]) { given, _ in given }
        return try ServerConfiguration(reader: ConfigReader(providers: [EnvironmentVariablesProvider(environmentVariables: values)]), environment: values)
    }

    @Test func theDeadlineIsFifteenDaysUnlessConfigured() throws {
        #expect(try Self.read([:]).requestDeadlineDays == 15)
        #expect(try Self.read(["CUSTODIAN_REQUEST_DEADLINE_DAYS": "7"]).requestDeadlineDays == 7)
    }

    @Test(arguments: ["0", "91", "-3"])
    func anImpossibleDeadlineRefusesStartUp(_ value: String) {
        #expect(throws: (any Error).self) { try Self.read(["CUSTODIAN_REQUEST_DEADLINE_DAYS": value]) }
    }
}
