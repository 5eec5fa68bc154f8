import CustodianStore
import Hummingbird
import Logging

/// Per-request metadata: the request id and who is calling. Never a bag of services.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The id echoed in `X-Request-Id`, error bodies and every log line of the request.
    public var requestId: String
    /// The API key of a machine caller, once authenticated.
    public var apiKey: APIKey?
    /// The peer's IP address, for coarse evidence (truncated before it is stored anywhere).
    public var remoteIP: String?
    /// The signed-in person's session, once authenticated.
    public var session: Session?
    /// The signed-in staff member on console routes (`/admin`), once authenticated.
    public var staff: StaffSignedIn?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.requestId = ""
        self.apiKey = nil
        self.remoteIP = source.channel.remoteAddress?.ipAddress
        self.session = nil
        self.staff = nil
    }

    /// Bodies above this are refused with 413 before they are read whole.
    public var maxUploadSize: Int { 1 << 20 }

    /// The audit actor for what this request does.
    public var actor: String {
        if let apiKey { return "apikey:\(apiKey.id)" }
        if let staff { return staff.account.actor }
        if let session { return "person:\(session.personId)" }
        return "anonymous"
    }
}
