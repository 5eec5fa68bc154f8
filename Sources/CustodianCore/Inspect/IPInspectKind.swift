/// `custodian inspect ip`: `country` (ISO code, null when unknown or without a database) and
/// `truncated` (IPv4 /24, IPv6 /48; null when the input is not an IP address).
public struct IPInspectKind: InspectKind {
    public static let name = "ip"

    /// The GeoIP database; nil means every country is unknown.
    public let geoIP: MMDBReader?

    public init(geoIP: MMDBReader? = nil) {
        self.geoIP = geoIP
    }

    public func inspect(input: String, region: String?, explain: Bool) -> InspectAnswer {
        guard let truncated = IPTruncation.truncate(input) else {
            var answer = InspectAnswer([("country", .null), ("truncated", .null)])
            if explain {
                answer.append("code", .string("invalid_address"))
                answer.append("message", .string("not an IPv4 or IPv6 address"))
            }
            return answer
        }
        var answer = InspectAnswer([
            ("country", .string(orNull: geoIP?.country(of: input))),
            ("truncated", .string(truncated)),
        ])
        if explain {
            // Tells a null country without a database from one the database does not know.
            answer.append("database", .string(orNull: geoIP?.metadata.databaseType))
        }
        return answer
    }
}
