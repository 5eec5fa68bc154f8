import CustodianCore
import CustodianStore
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CustodianServer

/// `POST /v1/collect` end to end through the real router.
@Suite("Collection endpoint")
struct CollectTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/test-country.mmdb").path
    static let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"

    static func page(_ id: String, anonymousId: String = "anon-1", extra: String = "") -> String {
        #"{"type":"page","messageId":"\#(id)","anonymousId":"\#(anonymousId)","name":"Home","timestamp":"2026-11-30T07:00:00.000Z","sentAt":"2026-11-30T07:00:00.250Z","context":{"page":{"url":"https://shop.example/\#(id)","title":"Shop"},"screen":{"width":1440,"height":900}\#(extra)}}"#
    }

    static func batch(_ events: [String]) -> String {
        #"{"batch":[\#(events.joined(separator: ","))]}"#
    }

    func post(_ client: any TestClientProtocol, _ body: String, key: String?, headers extra: HTTPFields = [:], contentType: String = "application/json") async throws -> (status: HTTPResponse.Status, body: [String: Any], raw: String, headers: HTTPFields) {
        var headers = extra
        headers[.contentType] = contentType
        if let key { headers[.authorization] = "Bearer \(key)" }
        return try await client.execute(uri: "/v1/collect", method: .post, headers: headers, body: ByteBuffer(string: body)) { response in
            let raw = String(buffer: response.body)
            return (response.status, (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: Any] ?? [:], raw, response.headers)
        }
    }

    func events(_ client: any TestClientProtocol, admin: String) async throws -> [[String: Any]] {
        let listed = try await client.json(.get, "/v1/admin/events?limit=1000", token: admin)
        #expect(listed.status == .ok, "\(listed.raw)")
        return listed.body["items"] as? [[String: Any]] ?? []
    }

    @Test func aBatchArrivesEnrichedWithTheCountryFromTheTrustedProxy() async throws {
        let app = try TestApp {
            $0.trustedProxies = [IPNetwork("127.0.0.1"), IPNetwork("::1")].compactMap { $0 }
            $0.geoIPFile = Self.fixture
        }
        try await app.test(.live) { client in
            let key = try await app.apiKey([.collect])
            let admin = try await app.apiKey([.admin])
            let headers: HTTPFields = [.init("X-Forwarded-For")!: "203.0.113.20", .userAgent: Self.chrome, .acceptLanguage: "en-GB,en;q=0.8"]
            let sent = try await post(client, Self.batch([Self.page("m1"), Self.page("m2", extra: #","location":{"latitude":51.50735,"longitude":-0.12776}"#)]), key: key, headers: headers)
            #expect(sent.status == .accepted, "\(sent.raw)")
            #expect(sent.body["accepted"] as? Int == 2)
            let stored = try await events(client, admin: admin)
            #expect(stored.count == 2)
            let second = try #require(stored.first { $0["messageId"] as? String == "m2" })
            #expect(second["country"] as? String == "GB")
            #expect(second["ipTruncated"] as? String == "203.0.113.0")
            #expect(second["ipHeld"] as? Bool == true)
            #expect(second["ip"] == nil)
            #expect(second["browserFamily"] as? String == "Chrome")
            #expect(second["osFamily"] as? String == "Windows")
            #expect(second["deviceType"] as? String == "desktop")
            #expect(second["language"] as? String == "en-GB")
            #expect(second["screen"] as? String == "1440x900")
            #expect(second["latitude"] as? Double == 51.51)
            #expect(second["longitude"] as? Double == -0.13)
            #expect(second["url"] as? String == "https://shop.example/m2")
            #expect(second["bot"] as? Bool == false)
            // The event happened 250 ms before the client sent it, whatever its clock said.
            let occurred = try #require((second["occurredAt"] as? String).flatMap(ISOTimestamp.millis))
            let received = try #require((second["receivedAt"] as? String).flatMap(ISOTimestamp.millis))
            #expect(received - occurred == 250)
        }
    }

    @Test func aRetriedBatchIsStoredOnce() async throws {
        let app = try TestApp()
        try await app.test(.router) { client in
            let key = try await app.apiKey([.collect])
            let body = Self.batch((0..<20).map { Self.page("retry-\($0)") })
            for _ in 0..<3 {
                let sent = try await post(client, body, key: key)
                #expect(sent.status == .accepted)
                #expect(sent.body["accepted"] as? Int == 20)
            }
            #expect(try await app.store.repositories.events.count() == 20)
        }
    }

    @Test func invalidEventsAreReportedByIndexAndTheRestKept() async throws {
        let app = try TestApp()
        try await app.test(.router) { client in
            let key = try await app.apiKey([.collect])
            let body = Self.batch([Self.page("ok-1"), #"{"type":"track","messageId":"bad","anonymousId":"a"}"#, Self.page("ok-2"), #"{"type":"jump"}"#])
            let sent = try await post(client, body, key: key)
            #expect(sent.status == .accepted)
            #expect(sent.body["accepted"] as? Int == 2)
            let rejected = try #require(sent.body["rejected"] as? [[String: Any]])
            #expect(rejected.map { "\($0["index"] ?? "")/\($0["field"] ?? "")/\($0["code"] ?? "")" } == [
                "1/event/required", "3/type/invalid_choice", "3/messageId/required", "3/anonymousId/required",
            ])
            // Nothing valid at all: 422 in the contract's shape, fields named by index.
            let none = try await post(client, Self.batch([#"{"type":"page"}"#]), key: key)
            #expect(none.status == .unprocessableContent)
            let error = try #require(none.body["error"] as? [String: Any])
            #expect(error["code"] as? String == "validation_failed")
            let fields = (error["fields"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
            #expect(fields == ["batch[0].messageId", "batch[0].anonymousId"])
        }
    }

    @Test func limitsAreEnforcedWith413() async throws {
        let app = try TestApp()
        try await app.test(.router) { client in
            let key = try await app.apiKey([.collect])
            let tooMany = try await post(client, Self.batch((0..<501).map { Self.page("n-\($0)") }), key: key)
            #expect(tooMany.status == .contentTooLarge)
            #expect((tooMany.body["error"] as? [String: Any])?["message"] as? String ?? "" != "")
            #expect(tooMany.raw.contains("500"))
            let padding = String(repeating: "x", count: 2_000)
            let big = Self.batch((0..<300).map { Self.page("b-\($0)", extra: #","padding":"\#(padding)""#) })
            #expect(big.utf8.count > CollectPayload.maxBytes)
            let tooBig = try await post(client, big, key: key)
            #expect(tooBig.status == .contentTooLarge)
            #expect(tooBig.raw.contains("524288"))
            #expect(try await app.store.repositories.events.count() == 0)
        }
    }

    @Test func keysScopesAndBodyFormats() async throws {
        let app = try TestApp()
        try await app.test(.router) { client in
            let key = try await app.apiKey([.collect])
            let wrong = try await app.apiKey([.decide])
            #expect(try await post(client, Self.page("k1"), key: nil).status == .unauthorized)
            #expect(try await post(client, Self.page("k1"), key: "ck_not-a-real-key").status == .unauthorized)
            #expect(try await post(client, Self.page("k1"), key: wrong).status == .forbidden)
            #expect(try await post(client, Self.page("k1"), key: key, contentType: "application/xml").status == .unsupportedMediaType)
            #expect(try await post(client, "{", key: key).status == .badRequest)
            #expect(try await post(client, "[]", key: key).status == .unprocessableContent)
            // sendBeacon: text/plain, the key in the body, readable cross-origin.
            let beacon = #"{"writeKey":"\#(key)","batch":[\#(Self.page("beacon-1"))]}"#
            let sent = try await post(client, beacon, key: nil, contentType: "text/plain;charset=UTF-8")
            #expect(sent.status == .accepted, "\(sent.raw)")
            #expect(sent.headers[.accessControlAllowOrigin] == "*")
            #expect(sent.headers[.accessControlExposeHeaders] == "Retry-After")
            let refused = try await post(client, #"{"writeKey":"\#(wrong)","batch":[\#(Self.page("beacon-2"))]}"#, key: nil, contentType: "text/plain")
            #expect(refused.status == .forbidden)
            #expect(refused.headers[.accessControlAllowOrigin] == "*")
            let preflight = try await client.execute(uri: "/v1/collect", method: .options, headers: [.origin: "https://shop.example"]) { $0 }
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
        }
    }

    @Test func identifyLinksEarlierBrowsingAndErasureRemovesIt() async throws {
        let app = try TestApp()
        try await app.test(.router) { client in
            let key = try await app.apiKey([.collect])
            let (person, token) = try await client.registerAndSignIn()
            let ip = #","ip":"192.0.2.5""#
            _ = try await post(client, Self.batch([Self.page("before-1", anonymousId: "anon-X", extra: ip), Self.page("before-2", anonymousId: "anon-X", extra: ip)]), key: key)
            let identify = #"{"type":"identify","messageId":"id-1","anonymousId":"anon-X","userId":"\#(person)","traits":{"plan":"gold"}}"#
            #expect(try await post(client, identify, key: key).status == .accepted)
            // Later anonymous events resolve to the person through the link.
            _ = try await post(client, Self.page("after-1", anonymousId: "anon-X", extra: ip), key: key)
            let mine = try await client.json(.get, "/v1/people/me/events", token: token)
            let ids = (mine.body["items"] as? [[String: Any]] ?? []).compactMap { $0["messageId"] as? String }.sorted()
            #expect(ids == ["after-1", "before-1", "before-2", "id-1"], "\(mine.raw)")
            // The person sees their own raw IP; nobody else does.
            let items = mine.body["items"] as? [[String: Any]] ?? []
            #expect(items.first { $0["messageId"] as? String == "after-1" }?["ip"] as? String == "192.0.2.5")
            // Browsing from before the link was sealed under the visitors' day key: it stays sealed.
            #expect(items.first { $0["messageId"] as? String == "before-1" }?["ipHeld"] as? Bool == true)
            // An unknown userId is refused by index.
            let stranger = try await post(client, #"{"type":"track","event":"x","messageId":"s1","userId":"no-such-person"}"#, key: key)
            #expect(stranger.status == .unprocessableContent)
            #expect(stranger.raw.contains("unknown_person"))
            let erased = try await client.json(.delete, "/v1/people/me", #"{"password":"correct horse battery"}"#, token: token)
            #expect(erased.status == .noContent || erased.status == .ok, "\(erased.raw)")
            #expect(try await app.store.repositories.events.count() == 0)
        }
    }

    /// The default policy bent so that analytics (`functional.service.improve`) is an opt-out
    /// purpose that honours GPC and is the only reader of browsing, location and language, and
    /// security reads the raw IP only; every other purpose reads only the name. Written as the
    /// policy's JSON form, which the YAML loader reads too.
    static func analyticsPolicy() throws -> String {
        var policy = try PolicyLoader.load(yaml: DefaultPolicy.yaml)
        for index in policy.purposes.indices {
            switch policy.purposes[index].key {
            case "essential.service.security", "essential.fraud_detection":
                policy.purposes[index].categories = ["user.device.ip_address"]
            case "functional.service.improve":
                policy.purposes[index].basis = .optOut
                policy.purposes[index].optOutSignals = true
                policy.purposes[index].withdrawVia = ["privacy_centre", "api"]
                policy.purposes[index].categories = ["user.behavior.browsing_history", "user.location.imprecise", "user.demographic.language"]
            default:
                policy.purposes[index].categories = ["user.name"]
            }
        }
        // The machine form adds its version and hash, which a policy file does not carry.
        var object = try #require(try JSONSerialization.jsonObject(with: Data(PolicyRenderer.json(policy).utf8)) as? [String: Any])
        let fileKeys: Set = ["controller", "acceptance", "categories", "purposes", "recipients", "exclusions", "prose"]
        object = object.filter { fileKeys.contains($0.key) }
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test func gpcAndRefusedPurposesMinimiseWhatIsStored() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-collect-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let policyPath = folder + "/policy.yaml"
        try Self.analyticsPolicy().write(toFile: policyPath, atomically: true, encoding: .utf8)
        let app = try TestApp(folder: folder + "/data", policyFile: policyPath)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await app.test(.router) { client in
            let key = try await app.apiKey([.collect])
            let admin = try await app.apiKey([.admin])
            _ = try await post(client, Self.page("open", extra: #","locale":"fr-FR","ip":"192.0.2.5""#), key: key, headers: [.userAgent: Self.chrome])
            _ = try await post(client, Self.page("gpc-header", extra: #","locale":"fr-FR","ip":"192.0.2.5""#), key: key, headers: [.userAgent: Self.chrome, .init("Sec-GPC")!: "1"])
            _ = try await post(client, Self.page("gpc-sdk", extra: #","locale":"fr-FR","ip":"192.0.2.5","privacy":{"gpc":true}"#), key: key, headers: [.userAgent: Self.chrome])
            _ = try await post(client, Self.page("refused-sdk", extra: #","locale":"fr-FR","ip":"192.0.2.5","privacy":{"analytics":false}"#), key: key, headers: [.userAgent: Self.chrome])
            let stored = try await events(client, admin: admin)
            let open = try #require(stored.first { $0["messageId"] as? String == "open" })
            #expect(open["url"] as? String != nil && open["language"] as? String == "fr-FR" && open["ipTruncated"] != nil)
            // No purpose of this policy reads the device or the cookie id: never stored.
            #expect(open["browserFamily"] == nil && open["hasAnonymousId"] as? Bool == false)
            for id in ["gpc-header", "gpc-sdk", "refused-sdk"] {
                let minimal = try #require(stored.first { $0["messageId"] as? String == id })
                #expect(minimal["url"] == nil && minimal["language"] == nil && minimal["ipTruncated"] == nil && minimal["title"] == nil)
                #expect(minimal["ipHeld"] as? Bool == true)
                #expect(minimal["categories"] as? [String] == ["user.device.ip_address"])
            }
        }
    }
}
