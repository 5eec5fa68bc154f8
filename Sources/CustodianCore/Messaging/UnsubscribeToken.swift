import Crypto
import Foundation

/// What an unsubscribe link stands for: this person, this purpose, from this campaign.
public struct UnsubscribeToken: Sendable, Equatable {
    public var person: String
    /// The purpose the message was sent under (`marketing.communications.email`, `third_party_sharing` …).
    public var purpose: String
    /// The campaign the message came from; nil for a link not tied to one (the account page's).
    public var campaign: String?
    /// When the link was made, in milliseconds since the Unix epoch.
    public var issuedAt: Int64

    public init(person: String, purpose: String, campaign: String?, issuedAt: Int64) {
        self.person = person
        self.purpose = purpose
        self.campaign = campaign
        self.issuedAt = issuedAt
    }
}

/// Seals and opens unsubscribe tokens with a keyring secret.
///
/// A token is `u1.` + base64url(nonce ‖ AES-256-GCM ciphertext ‖ tag). The GCM tag signs it:
/// changing any byte, or making one without the key, fails to open. The ciphertext hides what
/// it says, so a link shows neither the person's id nor the purpose, and a person's links are
/// not linkable to each other by looking at them.
public struct UnsubscribeTokenCodec: Sendable {
    static let prefix = "u1."
    static let associatedData = Array("custodian unsubscribe v1".utf8)
    let key: SymmetricKey

    /// A codec for `secret` (the keyring's `unsubscribe` secret); the key is derived from it so the
    /// secret itself is never used for anything else.
    public init(secret: SymmetricKey) {
        self.key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: secret, info: Array("custodian unsubscribe token".utf8), outputByteCount: 32)
    }

    /// The token text for `token`, safe in a URL query.
    public func seal(_ token: UnsubscribeToken) -> String {
        var plain: [UInt8] = []
        for field in [token.person, token.purpose, token.campaign ?? ""] {
            let bytes = Array(field.utf8)
            plain.append(UInt8(min(bytes.count, 255)))
            plain += bytes.prefix(255)
        }
        withUnsafeBytes(of: token.issuedAt.bigEndian) { plain += $0 }
        // Sealing with a fresh random nonce cannot fail for a 32-byte key.
        guard let box = try? AES.GCM.seal(plain, using: key, authenticating: Self.associatedData) else { return "" }
        return Self.prefix + Identifiers.base64URL(Array(box.nonce) + box.ciphertext + box.tag)
    }

    /// The token `text` stands for; nil when it is malformed, tampered with or not ours.
    public func open(_ text: String) -> UnsubscribeToken? {
        guard text.hasPrefix(Self.prefix), text.utf8.count < 1_024, let bytes = Self.base64URLDecode(String(text.dropFirst(Self.prefix.count))),
              bytes.count > 28,
              let box = try? AES.GCM.SealedBox(nonce: AES.GCM.Nonce(data: bytes[0..<12]), ciphertext: bytes[12..<(bytes.count - 16)], tag: bytes[(bytes.count - 16)...]),
              let plain = try? Array(AES.GCM.open(box, using: key, authenticating: Self.associatedData))
        else { return nil }
        var fields: [String] = []
        var index = 0
        for _ in 0..<3 {
            guard index < plain.count else { return nil }
            let length = Int(plain[index])
            guard index + 1 + length <= plain.count else { return nil }
            fields.append(String(decoding: plain[(index + 1)..<(index + 1 + length)], as: UTF8.self))
            index += 1 + length
        }
        guard plain.count - index == 8 else { return nil }
        let issuedAt = plain[index...].reduce(Int64(0)) { $0 << 8 | Int64($1) }
        guard !fields[0].isEmpty, !fields[1].isEmpty else { return nil }
        return UnsubscribeToken(person: fields[0], purpose: fields[1], campaign: fields[2].isEmpty ? nil : fields[2], issuedAt: issuedAt)
    }

    static func base64URLDecode(_ text: String) -> [UInt8]? {
        guard text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || ($0 < 0x80 && Character(Unicode.Scalar($0)).isLetter) || ($0 >= 0x30 && $0 <= 0x39) }) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.utf8.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map(Array.init)
    }
}
