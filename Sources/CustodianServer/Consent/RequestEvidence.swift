import CustodianCore
import HTTPTypes
import Hummingbird

/// Coarse, non-identifying evidence of how a request reached us: the request id, the channel,
/// the IP address truncated to its network, and the user-agent family.
///
/// Full addresses and user-agent strings are never kept: they are personal data and the
/// evidence needs neither.
struct RequestEvidence: Sendable, Equatable {
    var requestId: String
    var channel: String
    var ipTruncated: String?
    var userAgentFamily: String?
    var apiKeyId: String?

    /// Evidence for `request`, reached through `channel`.
    init(request: Request, context: AppRequestContext, channel: String) {
        self.requestId = context.requestId
        self.channel = channel
        self.ipTruncated = context.remoteIP.flatMap(IPTruncation.truncate)
        self.userAgentFamily = request.headers[.userAgent].map(UserAgentFamily.of)
        self.apiKeyId = context.apiKey?.id
    }

    /// The evidence as a ledger map.
    var map: [String: String] {
        var out = ["requestId": requestId, "channel": channel]
        if let ipTruncated { out["ipTruncated"] = ipTruncated }
        if let userAgentFamily { out["userAgentFamily"] = userAgentFamily }
        if let apiKeyId { out["apiKey"] = apiKeyId }
        return out
    }
}

extension PrivacySignals {
    /// The `Sec-GPC` and `DNT` headers of `request`.
    init(request: Request) {
        self.init(secGPC: request.headers[.secGPC], dnt: request.headers[.dnt])
    }
}

extension HTTPField.Name {
    static let secGPC = Self("Sec-GPC")!
    static let dnt = Self("DNT")!
}
