import Crypto
import Foundation

/// The hash chain of the audit log: canonical encoding, linking and verification.
///
/// The encoding is documented in docs/audit-log.md so that the chain can be checked by tools
/// other than Custodian.
public enum AuditChain {
    /// The previous-hash of the first entry.
    public static let genesis = [UInt8](repeating: 0, count: 32)

    /// Builds the stored entry for `event` at position `seq` after an entry hashed `prevHash`.
    public static func link(_ event: AuditEvent, seq: Int64, at: Int64, prevHash: [UInt8]) -> AuditEntry {
        var entry = AuditEntry(
            seq: seq, at: at, actor: event.actor, action: event.action, subject: event.subject,
            purpose: event.purpose, categories: event.categories, outcome: event.outcome,
            requestId: event.requestId, details: canonicalDetails(event.details),
            prevHash: prevHash, hash: []
        )
        entry.hash = hash(of: entry)
        return entry
    }

    /// SHA-256 over `prevHash ‖ canonicalEncoding(entry)`.
    public static func hash(of entry: AuditEntry) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: entry.prevHash)
        hasher.update(data: canonicalEncoding(entry))
        return Array(hasher.finalize())
    }

    /// The canonical byte encoding of an entry's content (everything but the two hashes).
    ///
    /// Each field is a one-byte presence tag followed, when present, by a 4-byte big-endian
    /// length and the UTF-8 bytes; integers are 8-byte big-endian. Length prefixes make the
    /// encoding injective, so no two different entries encode alike.
    public static func canonicalEncoding(_ entry: AuditEntry) -> [UInt8] {
        var out = Array("custodian/audit/v1".utf8)
        out.reserveCapacity(160)
        appendInteger(entry.seq, to: &out)
        appendInteger(entry.at, to: &out)
        appendText(entry.actor, to: &out)
        appendText(entry.action, to: &out)
        appendText(entry.subject, to: &out)
        appendText(entry.purpose, to: &out)
        appendText(entry.categories.joined(separator: ","), to: &out)
        appendText(entry.outcome, to: &out)
        appendText(entry.requestId, to: &out)
        appendText(entry.details, to: &out)
        return out
    }

    /// Details as JSON with sorted keys, so equal dictionaries always hash alike.
    ///
    /// Written by hand rather than with `JSONEncoder`: it runs for every audit entry, and the
    /// format must never drift with a Foundation version (the hash covers it).
    public static func canonicalDetails(_ details: [String: String]) -> String {
        details.isEmpty ? "{}" : JSONText.sortedObject(details)
    }

    private static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        out.append(1)
        withUnsafeBytes(of: value.bigEndian) { out.append(contentsOf: $0) }
    }

    private static func appendText(_ value: String?, to out: inout [UInt8]) {
        guard let value else {
            out.append(0)
            return
        }
        out.append(1)
        let utf8 = Array(value.utf8)
        withUnsafeBytes(of: UInt32(utf8.count).bigEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: utf8)
    }
}
