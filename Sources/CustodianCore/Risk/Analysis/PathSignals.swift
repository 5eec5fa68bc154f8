/// What a URL's path and query give away: pages that ask for credentials, and program downloads.
enum PathSignals {
    /// Words phishing pages put in their paths, lower case.
    static let credentialWords = [
        "login", "log-in", "signin", "sign-in", "logon", "verify", "verification", "account", "password", "passwd", "credential",
        "wp-login", "webscr", "banking", "unlock", "suspend", "confirm", "authenticate", "wallet", "recovery", "billing", "security-check",
    ].map { Array($0.utf8) }

    /// Extensions of files that run when opened.
    static let executableExtensions: Set<String> = ["exe", "scr", "msi", "bat", "cmd", "apk", "jar", "vbs", "ps1", "dmg", "iso", "hta", "lnk", "com", "pif"]

    /// The words' bytes end to end, with each word's place, and which bytes start a word: a
    /// flat layout, so the scan touches no array of arrays (each access would retain one).
    private static let pool: [UInt8] = credentialWords.flatMap { $0 }
    private static let places: [(start: Int, count: Int)] = {
        var start = 0
        return credentialWords.map { word in
            defer { start += word.count }
            return (start, word.count)
        }
    }()
    private static let starters: [Bool] = (0..<256).map { byte in credentialWords.contains { $0[0] == UInt8(byte) } }

    static func check(path: String, query: String?, into reasons: inout [URLRiskReason]) {
        if let word = (path.utf8.count > 1 ? credentialWord(in: path) : nil) ?? query.flatMap({ credentialWord(in: $0) }) {
            reasons.append(URLRiskReason(.credentialPath, detail: word))
        }
        let utf8 = path.utf8
        if let dot = utf8.lastIndex(of: UInt8(ascii: ".")), !utf8[dot...].contains(UInt8(ascii: "/")), utf8.distance(from: dot, to: utf8.endIndex) <= 5 {
            let ext = String(decoding: utf8[utf8.index(after: dot)...], as: UTF8.self).lowercased()
            if executableExtensions.contains(ext) { reasons.append(URLRiskReason(.executableFile, detail: ext)) }
        }
    }

    static func credentialWord(in text: String) -> String? {
        var copy = text
        return copy.withUTF8 { bytes -> String? in
            starters.withUnsafeBufferPointer { starters in
                pool.withUnsafeBufferPointer { pool in
                    places.withUnsafeBufferPointer { places -> String? in
                        var index = 0
                        while index < bytes.count {
                            let byte = lower(bytes[index])
                            if starters[Int(byte)] {
                                for place in places where pool[place.start] == byte && index + place.count <= bytes.count {
                                    var offset = 1
                                    while offset < place.count, lower(bytes[index + offset]) == pool[place.start + offset] { offset += 1 }
                                    if offset == place.count {
                                        return String(decoding: UnsafeBufferPointer(rebasing: pool[place.start..<(place.start + place.count)]), as: UTF8.self)
                                    }
                                }
                            }
                            index += 1
                        }
                        return nil
                    }
                }
            }
        }
    }

    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
