import Crypto

/// The pseudonymous reference a partner knows a person by: `pr_` and 22 URL-safe characters
/// (128 bits of HMAC-SHA256 over the partner's and the person's ids, keyed by an installation
/// secret).
///
/// Why this shape: each partner gets a different reference for the same person, so two partners
/// cannot join what they hold; nobody without the secret can compute or guess one; and the same
/// (partner, person) always gives the same reference, so nodes issuing it at once agree. The
/// reference is never reversed: the store keeps the references it has issued, and resolving one
/// is a lookup among those — which is also what tells a partner it may know the person exists.
public enum PartnerReference {
    public static let prefix = "pr_"

    /// The reference of `person` for `partner`.
    public static func derive(partner: String, person: String, key: SymmetricKey) -> String {
        var message = Array("custodian/partner-ref".utf8)
        message.append(0)
        message += Array(partner.utf8)
        message.append(0)
        message += Array(person.utf8)
        let mac = Array(HMAC<SHA256>.authenticationCode(for: message, using: key))
        return prefix + Identifiers.base64URL(Array(mac.prefix(16)))
    }

    /// Whether `text` has the shape of a reference (it may still be unknown).
    public static func isWellFormed(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard utf8.count == prefix.utf8.count + 22, text.hasPrefix(prefix) else { return false }
        return utf8.dropFirst(prefix.utf8.count).allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
        }
    }
}
