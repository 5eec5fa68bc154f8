import CustodianCore
import CustodianStore
import Foundation

/// The JSON body of a webhook: `{"id","type","createdAt","partner","data"}`, keys sorted.
///
/// `data` is, by type: `person.shared` — the disclosure (`ref`, `purpose`, `policyVersion`,
/// `categories`, `attributes`); `consent.withdrawn` — `ref` and `purpose` (stop using what you
/// received for it); `person.erased` — `ref` (delete what you received about them).
struct WebhookEvent: Encodable, Sendable {
    var id: String
    var type: String
    var createdAt: Date
    var partner: String
    var data: Payload

    enum Payload: Encodable, Sendable {
        case shared(PartnerDisclosure.Disclosed)
        case withdrawn(ref: String, purpose: String)
        case erased(ref: String)

        enum Keys: String, CodingKey { case ref, purpose }

        func encode(to encoder: any Encoder) throws {
            switch self {
            case .shared(let disclosed):
                try disclosed.encode(to: encoder)
            case .withdrawn(let ref, let purpose):
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(ref, forKey: .ref)
                try container.encode(purpose, forKey: .purpose)
            case .erased(let ref):
                var container = encoder.container(keyedBy: Keys.self)
                try container.encode(ref, forKey: .ref)
            }
        }
    }

    init(_ delivery: WebhookDelivery, partner: Partner, data: Payload) {
        id = delivery.id
        type = delivery.type.rawValue
        createdAt = Date(timeIntervalSince1970: Double(delivery.createdAt) / 1000)
        self.partner = partner.name
        self.data = data
    }

    func body() throws -> [UInt8] {
        Array(try JSONCoding.encoder.encode(self))
    }
}
