import CustodianCore
import Foundation
import Hummingbird

/// `GET /privacy/data-map.json`: what is held and under which rule, in one public document —
/// every category with its sources, retention and uses (inside the policy), every recipient with
/// what it may receive and send, and every kind of record the policy declares itself not to apply
/// to, marked outside the policy with the clause that says so and what erasure does to it.
struct DataMapController {
    let body: ByteBuffer

    init(published: PublishedPolicy) throws {
        body = ByteBuffer(bytes: try JSONCoding.encoder.encode(DataMap(published.compiled)))
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/privacy/data-map.json", use: map)
    }

    @Sendable func map(_ request: Request, context: AppRequestContext) async throws -> Response {
        var headers = PrivacyController.cacheable
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    struct DataMap: Encodable {
        var policyVersion: String
        var categories: [Category]
        var recipients: [RecipientEntry]
        var outOfScope: [OutOfScope]

        init(_ compiled: CompiledPolicy) {
            let policy = compiled.policy
            policyVersion = compiled.version
            categories = policy.categories.map { category in
                Category(
                    key: category.key, label: category.label, sources: category.sources.map(\.rawValue), retention: category.retention,
                    purposes: policy.purposes.filter { compiled.readableCategories(of: $0.key).contains(category.key) }.map(\.key))
            }
            recipients = policy.recipients.map { recipient in
                RecipientEntry(
                    key: recipient.key, kind: recipient.kind.rawValue, label: recipient.label,
                    purposes: policy.purposes.filter { $0.recipients.contains(recipient.key) }.map(\.key),
                    receives: recipient.receives,
                    sends: (recipient.sends ?? []).map { Source(categories: $0.categories, basis: $0.basis.rawValue, purpose: $0.purpose, reference: $0.reference) })
            }
            outOfScope = policy.exclusions.map { exclusion in
                OutOfScope(
                    key: exclusion.key, kind: exclusion.kind.rawValue, clause: policy.resolved(exclusion.description),
                    categories: exclusion.categories, onErasure: exclusion.erasure.rawValue,
                    fields: OutOfScopeSchema.fields(of: exclusion.kind).map { Field(name: $0.name, required: $0.required, identifying: $0.identifying) })
            }
        }
    }

    struct Category: Encodable {
        var key: String
        var label: String
        var inScope = true
        var sources: [String]
        var retention: String
        var purposes: [String]
    }

    struct RecipientEntry: Encodable {
        var key: String
        var kind: String
        var label: String
        var purposes: [String]
        var receives: [String]?
        var sends: [Source]
    }

    struct Source: Encodable {
        var categories: [String]
        var basis: String
        var purpose: String?
        var reference: String?
    }

    struct OutOfScope: Encodable {
        var key: String
        var kind: String
        var outsidePolicy = true
        var clause: String
        var categories: [String]
        var onErasure: String
        var fields: [Field]
    }

    struct Field: Encodable {
        var name: String
        var required: Bool
        var identifying: Bool
    }
}
