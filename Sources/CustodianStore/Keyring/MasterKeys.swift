import Crypto
import CustodianCore
import Foundation

/// The master keys (key-encryption keys) that wrap every data key.
///
/// They come from `CUSTODIAN_MASTER_KEY` (base64, 32 bytes) or from a key file in the data folder
/// created with mode 0600 on first run. Older keys are kept readable during a rotation:
/// `CUSTODIAN_MASTER_KEY_PREVIOUS` (comma-separated) or the file's later lines.
public struct MasterKeys: Sendable {
    /// Where the keys came from, so rotation knows where the new key goes.
    public enum Source: Sendable, Equatable {
        case environment
        case file(String)
    }

    public let current: SymmetricKey
    public let currentID: String
    public let source: Source
    private let byID: [String: SymmetricKey]

    public init(current: SymmetricKey, previous: [SymmetricKey] = [], source: Source) {
        self.current = current
        self.currentID = KeyWrap.keyIdentifier(current)
        self.source = source
        var byID: [String: SymmetricKey] = [:]
        for key in [current] + previous { byID[KeyWrap.keyIdentifier(key)] = key }
        self.byID = byID
    }

    /// The key with identifier `id`, if it is known.
    public func key(id: String) -> SymmetricKey? { byID[id] }

    /// Identifiers of every known key.
    public var identifiers: Set<String> { Set(byID.keys) }

    /// The key file's name inside the data folder.
    public static let fileName = "master.key"

    /// Loads keys from the environment if set, else from (creating if needed) the key file.
    public static func load(environment: [String: String], dataDirectory: String, createIfMissing: Bool = true) throws -> MasterKeys {
        if let encoded = environment["CUSTODIAN_MASTER_KEY"], !encoded.isEmpty {
            let current = try decode(encoded, name: "CUSTODIAN_MASTER_KEY")
            let previous = try (environment["CUSTODIAN_MASTER_KEY_PREVIOUS"] ?? "")
                .split(separator: ",")
                .map { try decode(String($0).trimmingCharacters(in: .whitespaces), name: "CUSTODIAN_MASTER_KEY_PREVIOUS") }
            return MasterKeys(current: current, previous: previous, source: .environment)
        }
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        if !FileManager.default.fileExists(atPath: path) {
            guard createIfMissing else {
                throw StoreError.configuration("no master key: set CUSTODIAN_MASTER_KEY or run `custodian serve` once to create \(fileName)")
            }
            try writeKeyFile(path: path, keys: [SymmetricKey(size: .bits256)])
        }
        return try readKeyFile(path: path)
    }

    /// Reads a key file: one base64 key per line, the current key first; `#` starts a comment.
    public static func readKeyFile(path: String) throws -> MasterKeys {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw StoreError.configuration("cannot read the master key file")
        }
        let keys = try text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
            .map { try decode($0, name: "the master key file") }
        guard let current = keys.first else { throw StoreError.configuration("the master key file holds no key") }
        return MasterKeys(current: current, previous: Array(keys.dropFirst()), source: .file(path))
    }

    /// Writes a key file atomically with mode 0600 (written to a temporary file, then renamed).
    public static func writeKeyFile(path: String, keys: [SymmetricKey]) throws {
        let body = "# Custodian master keys: the first is current. Keep this file secret and backed up apart from the data.\n"
            + keys.map(encode).joined(separator: "\n") + "\n"
        let temporary = path + ".tmp"
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: 0o600]),
              let handle = FileHandle(forWritingAtPath: temporary)
        else {
            throw StoreError.configuration("cannot write the master key file")
        }
        do {
            try handle.write(contentsOf: Data(body.utf8))
            try handle.synchronize()
            try handle.close()
            if rename(temporary, path) != 0 { throw StoreError.configuration("cannot replace the master key file") }
        } catch {
            throw StoreError.configuration("cannot write the master key file")
        }
    }

    public static func encode(_ key: SymmetricKey) -> String {
        key.withUnsafeBytes { Data($0).base64EncodedString() }
    }

    static func decode(_ encoded: String, name: String) throws -> SymmetricKey {
        guard let data = Data(base64Encoded: encoded), data.count == 32 else {
            throw StoreError.configuration("\(name) must be 32 bytes in base64")
        }
        return SymmetricKey(data: data)
    }
}
