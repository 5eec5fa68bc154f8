import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

/// "Other uses permitted by you": an opt-in purpose declared only in the policy file works in the
/// gate and the consent APIs without any code knowing it.
@Suite("Other uses declared in the policy file")
struct OtherUsesTests {
    static let purpose = """
          - key: train_ai_system
            title: Training our writing assistant
            description: Use the comments you post to train the assistant that suggests replies.
            basis: opt_in
            categories: [user.content.public]
            withdraw_via: [privacy_centre, api]

        """

    /// The default policy with one more purpose, before its recipients.
    static func policyFile() throws -> String {
        let yaml = DefaultPolicy.yaml
        let anchor = try #require(yaml.range(of: "\nrecipients:"))
        let text = yaml.replacingCharacters(in: anchor.lowerBound..<anchor.lowerBound, with: "\n" + purpose.trimmingCharacters(in: .newlines))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("policy-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aCustomOptInPurposeIsDecidedAndConsentedToWithoutCode() async throws {
        let file = try Self.policyFile()
        defer { try? FileManager.default.removeItem(atPath: file) }
        let app = try TestApp(folder: nil, policyFile: file)
        defer { app.remove() }
        try await app.test { client in
            let decide = try await app.key([.decide])
            let consent = try await app.key([.consent])
            let person = try await app.person()

            let before = try await Issue3HTTP.decide(client, key: decide, person: person, purpose: "train_ai_system", categories: ["user.content.public"])
            #expect(before.0 == .ok)
            #expect(before.1["allowed"] as? Bool == false)
            #expect(before.1["reason"] as? String == "consent_missing")
            #expect(before.1["basis"] as? String == "opt_in")
            // It reads only what the file says.
            let beyond = try await Issue3HTTP.decide(client, key: decide, person: person, purpose: "train_ai_system", categories: ["user.contact.email"])
            #expect(beyond.1["reason"] as? String == "category_not_allowed")

            let granted = try await Issue3HTTP.setConsent(client, key: consent, person: person, purpose: "train_ai_system", state: "granted", source: "explicit")
            #expect(granted.0 == .ok)
            #expect(granted.1["state"] as? String == "granted")
            let after = try await Issue3HTTP.decide(client, key: decide, person: person, purpose: "train_ai_system", categories: ["user.content.public"])
            #expect(after.1["allowed"] as? Bool == true)
            #expect(after.1["reason"] as? String == "consent_granted")

            let listed = try await client.json(.get, "/v1/people/\(person)/consents", token: consent)
            let purposes = try #require(listed.body["purposes"] as? [[String: Any]])
            let entry = try #require(purposes.first { $0["purpose"] as? String == "train_ai_system" })
            #expect(entry["state"] as? String == "granted")
            #expect(entry["basis"] as? String == "opt_in")

            // The person's own consent routes know it too, and the policy's published forms.
            let (_, token) = try await client.registerAndSignIn()
            let mine = try await client.json(.get, "/v1/people/me/consents", token: token)
            let own = (mine.body["purposes"] as? [[String: Any]] ?? []).first { $0["purpose"] as? String == "train_ai_system" }
            #expect(own?["state"] as? String == "denied")
            let choice = try await client.json(.put, "/v1/people/me/consents/train_ai_system", #"{"state":"granted"}"#, token: token)
            #expect(choice.status == .ok && choice.body["state"] as? String == "granted")
            let machine = try await client.json(.get, "/privacy.json")
            #expect(machine.raw.contains("train_ai_system"))
            try await client.execute(uri: "/privacy", method: .get) { response in
                #expect(String(buffer: response.body).contains("Training our writing assistant"))
            }
            // A purpose the file does not declare is the caller's mistake.
            #expect(try await Issue3HTTP.decide(client, key: decide, person: person, purpose: "marketing.communications.sms").0 == .unprocessableContent)
        }
    }
}
