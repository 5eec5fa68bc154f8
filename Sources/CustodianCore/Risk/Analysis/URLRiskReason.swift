/// One named reason a URL looks risky, with the weight it adds to the score.
///
/// `detail` only ever holds the operator's own data or a classification (the protected domain
/// imitated, a registry category and source, a top-level domain, a scheme, a count), never a part
/// of the URL that could be personal, so reasons can be stored and shown beside held content.
public struct URLRiskReason: Sendable, Hashable, Codable {
    /// Stable snake_case code (see ``URLRiskReason/Code``).
    public var code: String
    /// Points added to the score (0…100).
    public var weight: Int
    /// What the reason is about, where there is something to say.
    public var detail: String?

    public init(_ code: Code, weight: Int? = nil, detail: String? = nil) {
        self.code = code.rawValue
        self.weight = weight ?? code.weight
        self.detail = detail
    }

    public init(code: String, weight: Int, detail: String?) {
        self.code = code
        self.weight = weight
        self.detail = detail
    }

    /// A sentence for people (staff, the sender of a held message).
    public var message: String { Code(rawValue: code)?.message(detail) ?? code }

    /// Every reason the analysis gives, with its usual weight.
    public enum Code: String, Sendable, CaseIterable {
        case invalidURL = "invalid_url"
        case javascriptScheme = "javascript_scheme"
        case dataScheme = "data_scheme"
        case fileScheme = "file_scheme"
        case unusualScheme = "unusual_scheme"
        case deceptiveUserinfo = "deceptive_userinfo"
        case credentialsInURL = "credentials_in_url"
        case ipAddressHost = "ip_address_host"
        case obfuscatedIPAddress = "obfuscated_ip_address"
        case privateNetworkHost = "private_network_host"
        case percentEncodedHost = "percent_encoded_host"
        case unknownSuffix = "unknown_suffix"
        case lookalikeDomain = "lookalike_domain"
        case protectedNameOtherSuffix = "protected_name_other_suffix"
        case protectedNameInSubdomain = "protected_name_in_subdomain"
        case protectedNameInDomain = "protected_name_in_domain"
        case mixedScript = "mixed_script"
        case internationalizedHost = "internationalized_host"
        case deepSubdomain = "deep_subdomain"
        case hyphenatedDomain = "hyphenated_domain"
        case urlShortener = "url_shortener"
        case suspiciousTLD = "suspicious_tld"
        case unusualPort = "unusual_port"
        case credentialPath = "credential_path"
        case executableFile = "executable_file"
        case listedPhishing = "listed_phishing"
        case listedMalware = "listed_malware"
        case listedScam = "listed_scam"
        case listedSpam = "listed_spam"

        /// The points this reason adds (a registry listing scales its weight by its confidence).
        public var weight: Int {
            switch self {
            case .invalidURL: 40
            case .javascriptScheme: 90
            case .dataScheme: 70
            case .fileScheme: 40
            case .unusualScheme: 15
            case .deceptiveUserinfo: 60
            case .credentialsInURL: 25
            case .ipAddressHost: 30
            case .obfuscatedIPAddress: 40
            case .privateNetworkHost: 20
            case .percentEncodedHost: 35
            case .unknownSuffix: 20
            case .lookalikeDomain: 75
            case .protectedNameOtherSuffix: 35
            case .protectedNameInSubdomain: 45
            case .protectedNameInDomain: 35
            case .mixedScript: 40
            case .internationalizedHost: 5
            case .deepSubdomain: 20
            case .hyphenatedDomain: 10
            case .urlShortener: 20
            case .suspiciousTLD: 20
            case .unusualPort: 10
            case .credentialPath: 20
            case .executableFile: 25
            case .listedPhishing, .listedMalware: 100
            case .listedScam: 90
            case .listedSpam: 50
            }
        }

        func message(_ detail: String?) -> String {
            let about = detail ?? ""
            switch self {
            case .invalidURL: return "The text is not a URL a browser would open (\(about))."
            case .javascriptScheme: return "A script URL: opening it runs code instead of going to a page."
            case .dataScheme: return "A data: URL carries its own content, a common way to hide a phishing page."
            case .fileScheme: return "A file: URL points into the reader's own computer."
            case .unusualScheme: return "An unusual scheme (\(about))."
            case .deceptiveUserinfo: return "Text before @ looks like a site name, but the link goes to the host after it."
            case .credentialsInURL: return "The URL carries a user name or password."
            case .ipAddressHost: return "The host is an IP address, not a name."
            case .obfuscatedIPAddress: return "The IP address is written in a disguised form (hexadecimal, octal or one number)."
            case .privateNetworkHost: return "The host is a private, loopback or link-local address."
            case .percentEncodedHost: return "The host name is hidden with percent-escapes."
            case .unknownSuffix: return "The host ends in a suffix the Public Suffix List does not know (\(about))."
            case .lookalikeDomain: return "The domain looks like the protected domain \(about) but is another one."
            case .protectedNameOtherSuffix: return "The domain uses the name of the protected domain \(about) under another suffix."
            case .protectedNameInSubdomain: return "The name of the protected domain \(about) appears in a subdomain of another site."
            case .protectedNameInDomain: return "The name of the protected domain \(about) is part of another domain."
            case .mixedScript: return "A label of the host mixes writing systems (\(about))."
            case .internationalizedHost: return "The host is an internationalized domain name."
            case .deepSubdomain: return "The host has many subdomain levels (\(about))."
            case .hyphenatedDomain: return "The domain name is made of many hyphenated words."
            case .urlShortener: return "A URL shortener hides where the link leads (\(about))."
            case .suspiciousTLD: return "The top-level domain .\(about) is much used for abuse."
            case .unusualPort: return "The URL names an unusual port."
            case .credentialPath: return "The path asks for credentials or account details (\(about))."
            case .executableFile: return "The link downloads a program (.\(about))."
            case .listedPhishing: return "Listed as phishing (\(about))."
            case .listedMalware: return "Listed as malware (\(about))."
            case .listedScam: return "Listed as a scam (\(about))."
            case .listedSpam: return "Listed as spam (\(about))."
            }
        }
    }
}

/// What the analysis concludes.
public enum URLVerdict: String, Sendable, Codable, CaseIterable, Comparable {
    case safe
    case suspicious
    case malicious

    /// Scores at or above these are suspicious and malicious.
    public static let suspiciousAt = 30
    public static let maliciousAt = 70

    public init(score: Int) {
        self = score >= Self.maliciousAt ? .malicious : score >= Self.suspiciousAt ? .suspicious : .safe
    }

    private var rank: Int {
        switch self {
        case .safe: 0
        case .suspicious: 1
        case .malicious: 2
        }
    }

    public static func < (lhs: URLVerdict, rhs: URLVerdict) -> Bool { lhs.rank < rhs.rank }
}
