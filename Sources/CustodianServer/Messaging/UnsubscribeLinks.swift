import CustodianCore
import CustodianStore
import Foundation

/// Makes and reads the links of promotional messages: `https://…/unsubscribe?token=…` with an
/// opaque, sealed token (``UnsubscribeTokenCodec``) under the keyring's `unsubscribe` secret,
/// which every node shares.
struct UnsubscribeLinks: Sendable {
    let keyring: Keyring
    /// `CUSTODIAN_PUBLIC_URL` without a trailing slash, when it is https (RFC 8058 asks for https).
    let baseURL: String?

    init(keyring: Keyring, publicURL: String?) {
        self.keyring = keyring
        var base = publicURL?.trimmingCharacters(in: .whitespaces)
        while base?.hasSuffix("/") == true { base?.removeLast() }
        self.baseURL = base.flatMap { $0.lowercased().hasPrefix("https://") ? $0 : nil }
    }

    /// The codec, its key loaded from the keyring on first use (after migrations).
    func codec() async throws -> UnsubscribeTokenCodec {
        UnsubscribeTokenCodec(secret: try await keyring.secret(named: "unsubscribe"))
    }

    /// The link for `token`; nil when no https public URL is configured.
    func url(for token: UnsubscribeToken) async throws -> String? {
        guard let baseURL else { return nil }
        return "\(baseURL)/unsubscribe?token=\(try await codec().seal(token))"
    }

    /// The local form of the link, for pages served by this server (works without a public URL).
    func path(for token: UnsubscribeToken) async throws -> String {
        "/unsubscribe?token=\(try await codec().seal(token))"
    }

    func open(_ text: String?) async throws -> UnsubscribeToken? {
        guard let text else { return nil }
        return try await codec().open(text)
    }
}
