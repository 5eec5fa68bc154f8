/// One kind of `custodian inspect` (email, phone, …): a pure function from one input to answer fields.
///
/// A new kind is one small type conforming to this protocol plus a line in `InspectKinds.make`.
public protocol InspectKind: Sendable {
    /// The name on the command line, e.g. `phone`.
    static var name: String { get }

    /// The answer for one input, without `id` (the line reader adds it).
    /// - Parameters:
    ///   - input: the line's `input` string.
    ///   - region: the line's `region`, where the kind uses one (phone's default region).
    ///   - explain: add fields beyond CONTRACT.md that say why (`code`, `message`, …).
    func inspect(input: String, region: String?, explain: Bool) -> InspectAnswer
}

/// Settings some kinds need, from the command line.
public struct InspectOptions: Sendable {
    /// The GeoIP database for kind `ip`, read by the caller (CustodianCore does no file I/O);
    /// nil means countries are unknown.
    public var geoIP: MMDBReader?
    /// The URL analysis for kind `url` (public suffixes, protected domains, suspicious TLDs).
    public var urlAnalyzer: URLAnalyzer

    public init(geoIP: MMDBReader? = nil, urlAnalyzer: URLAnalyzer = URLAnalyzer()) {
        self.geoIP = geoIP
        self.urlAnalyzer = urlAnalyzer
    }
}

/// The kinds `custodian inspect` knows.
public enum InspectKinds {
    /// Names accepted on the command line, in the order help lists them.
    public static let names: [String] = [EmailInspectKind.name, PhoneInspectKind.name, IPInspectKind.name, UserAgentInspectKind.name, URLInspectKind.name]

    /// The kind called `name`, or nil when there is none.
    public static func make(_ name: String, options: InspectOptions = InspectOptions()) -> (any InspectKind)? {
        switch name {
        case EmailInspectKind.name: EmailInspectKind()
        case PhoneInspectKind.name: PhoneInspectKind()
        case IPInspectKind.name: IPInspectKind(geoIP: options.geoIP)
        case UserAgentInspectKind.name: UserAgentInspectKind()
        case URLInspectKind.name: URLInspectKind(analyzer: options.urlAnalyzer)
        default: nil
        }
    }
}
