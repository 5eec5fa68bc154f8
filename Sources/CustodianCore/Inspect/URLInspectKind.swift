/// `custodian inspect url`: how the URL analysis reads and judges a URL — `host`, `suffix`,
/// `domain`, `subdomain`, `registrableDomain`, `verdict` and `reasons` (codes).
///
/// With `--explain`: the `score`, the Unicode host, whether the suffix is in the list's private
/// section, and each reason's weight, detail and message.
public struct URLInspectKind: InspectKind {
    public static let name = "url"

    public let analyzer: URLAnalyzer
    public let registry: RiskyURLIndex
    /// The time listings' expiry is judged at (CustodianCore reads no clock).
    public let now: Int64

    public init(analyzer: URLAnalyzer = URLAnalyzer(), registry: RiskyURLIndex = .empty, now: Int64 = 0) {
        self.analyzer = analyzer
        self.registry = registry
        self.now = now
    }

    public func inspect(input: String, region: String?, explain: Bool) -> InspectAnswer {
        let assessment = analyzer.assess(input, registry: registry, now: now)
        var answer = InspectAnswer([
            ("host", .string(orNull: assessment.host)),
            ("suffix", .string(orNull: assessment.suffix)),
            ("domain", .string(orNull: assessment.domain)),
            ("subdomain", .string(orNull: assessment.subdomain)),
            ("registrableDomain", .string(orNull: assessment.registrableDomain)),
            ("verdict", .string(assessment.verdict.rawValue)),
            ("reasons", .array(assessment.reasons.map { .string($0.code) })),
        ])
        if explain {
            answer.append("score", .integer(assessment.score))
            answer.append("unicodeHost", .string(orNull: assessment.unicodeHost))
            answer.append("privateSuffix", assessment.split.map { .bool($0.isPrivate) } ?? .null)
            answer.append("details", .array(assessment.reasons.map { reason in
                .object([
                    "code": .string(reason.code), "weight": .integer(reason.weight), "detail": .string(orNull: reason.detail),
                    "message": .string(reason.message),
                ])
            }))
        }
        return answer
    }
}
