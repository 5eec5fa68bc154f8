import CustodianCore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

@Suite("The published policy through the real router")
struct PrivacyPagesTests {
    /// Every piece of prose the policy holds, as it appears on the page (resolved and escaped).
    static func clauses(of policy: Policy) -> [String] {
        let prose = policy.prose
        var texts = [prose.title] + prose.introduction + [prose.exclusionsIntroduction]
        texts += [policy.controller.contactStatement, policy.acceptance.continuedUseConsent, policy.acceptance.ifYouDoNotAgree]
        for section in [prose.scope, prose.collection, prose.thirdParties, prose.use, prose.comments] {
            texts += [section.title] + section.paragraphs
            for clause in section.clauses { texts += (clause.title.map { [$0] } ?? []) + clause.paragraphs }
        }
        texts += policy.exclusions.map(\.description) + policy.recipients.map(\.description)
        texts += policy.categories.flatMap { [$0.label, $0.key, $0.description] }
        texts += policy.purposes.flatMap { [$0.title, $0.key] }
        return texts.map { PolicyRenderer.escapeHTML(policy.resolved($0)) }
    }

    @Test("/privacy shows every clause, a table of contents, the collection table and the contact; no script")
    func pageShowsEveryClause() async throws {
        let app = try TestApp()
        defer { app.remove() }
        let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
        try await app.test { client in
            try await client.execute(uri: "/privacy", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
                let html = Issue3HTTP.text(response)
                for clause in Self.clauses(of: policy) {
                    #expect(html.contains(clause), "missing from /privacy: \(clause.prefix(80))")
                }
                #expect(html.contains("<html lang=\"en\">"))
                #expect(html.contains("<nav aria-labelledby=\"contents-title\">"))
                #expect(html.contains("<table>"))
                #expect(html.contains("href=\"/contact\""))
                #expect(!html.contains("<script"))
                #expect(!html.contains("style="))
            }
        }
    }

    @Test("/privacy.json carries the version and the fideslang keys; gpc.json declares support")
    func machineForms() async throws {
        let app = try TestApp()
        defer { app.remove() }
        let policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
        try await app.test { client in
            try await client.execute(uri: "/privacy.json", method: .get) { response in
                #expect(response.status == .ok)
                let body = try Issue3HTTP.object(response)
                #expect(body["version"] as? String == policy.contentHash)
                let declarations = try #require(body["privacy_declarations"] as? [[String: Any]])
                let uses = Set(declarations.compactMap { $0["data_use"] as? String })
                #expect(uses.isSuperset(of: ["essential.service", "third_party_sharing", "marketing.communications.email"]))
                let text = Issue3HTTP.text(response)
                for key in ["user.contact.email", "user.device.ip_address", "user.behavior.browsing_history", "user.location.imprecise"] {
                    #expect(text.contains("\"\(key)\""))
                }
            }
            try await client.execute(uri: "/.well-known/gpc.json", method: .get) { response in
                #expect(response.status == .ok)
                let body = try Issue3HTTP.object(response)
                #expect(body["gpc"] as? Bool == true)
                let day = try #require(body["lastUpdate"] as? String)
                #expect(day.count == 10 && day.dropFirst(4).first == "-")
            }
        }
    }

    @Test("a changed policy file yields a new version with a visible difference")
    func changedPolicyMakesNewVersion() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-i3v-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let original = try TestApp(folder: folder)
        try await original.test(keepData: true) { client in
            try await client.execute(uri: "/privacy/versions", method: .get) { response in
                let items = try #require(try Issue3HTTP.object(response)["items"] as? [[String: Any]])
                #expect(items.count == 1)
            }
        }
        try await original.store.database.close()

        // The same data folder, started with an edited policy file.
        let edited = DefaultPolicy.yaml.replacingOccurrences(of: "label: Contact form", with: "label: Write to our privacy team")
        #expect(edited != DefaultPolicy.yaml)
        let file = (folder as NSString).appendingPathComponent("policy.yaml")
        try edited.write(toFile: file, atomically: true, encoding: .utf8)
        let newPolicy = try PolicyLoader.load(yaml: edited)
        let restarted = try TestApp(folder: folder, policyFile: file)
        try await restarted.test { client in
            try await client.execute(uri: "/privacy/versions", method: .get) { response in
                #expect(response.status == .ok)
                let body = try Issue3HTTP.object(response)
                #expect(body["current"] as? String == newPolicy.contentHash)
                let items = try #require(body["items"] as? [[String: Any]])
                #expect(items.count == 2)
                #expect(items.first?["version"] as? String == newPolicy.contentHash)
                #expect(items.first?["current"] as? Bool == true)
                #expect(items.last?["current"] as? Bool == false)
            }
            try await client.execute(uri: "/privacy/versions", method: .get, headers: [.accept: "text/html"]) { response in
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(Issue3HTTP.text(response).contains("/privacy/versions/\(newPolicy.contentHash)"))
            }
            try await client.execute(uri: "/privacy/versions/\(newPolicy.contentHash)", method: .get) { response in
                #expect(response.status == .ok)
                let html = Issue3HTTP.text(response)
                #expect(html.contains("What changed"))
                #expect(html.contains("controller controller changed"))
                #expect(html.contains("Write to our privacy team"))
            }
            try await client.execute(uri: "/privacy", method: .get) { response in
                #expect(Issue3HTTP.text(response).contains("Write to our privacy team"))
            }
            try await client.execute(uri: "/privacy/versions/\(String(repeating: "ab", count: 32))", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
        try await restarted.store.database.close()
    }

    @Test("a policy with errors refuses start-up with a clear message naming the line")
    func badPolicyRefusesStart() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-i3b-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = (folder as NSString).appendingPathComponent("bad.yaml")
        try "controller:\n  name: x\n  contact_statement: [unclosed\n".write(toFile: file, atomically: true, encoding: .utf8)
        let app = try TestApp(folder: folder, policyFile: file)
        do {
            _ = try await buildApplication(configuration: app.configuration, store: app.store)
            Issue.record("a malformed policy must refuse start-up")
        } catch let error as ConfigurationError {
            #expect(error.description.contains("line"))
            #expect(error.description.contains("bad.yaml"))
        }
    }
}
