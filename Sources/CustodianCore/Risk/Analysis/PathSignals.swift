/// What a URL's path and query give away: pages that ask for credentials, and program downloads.
enum PathSignals {
    /// Words phishing pages put in their paths, lower case.
    static let credentialWords = [
        "login", "log-in", "signin", "sign-in", "logon", "verify", "verification", "account", "password", "passwd", "credential",
        "wp-login", "webscr", "banking", "unlock", "suspend", "confirm", "authenticate", "wallet", "recovery", "billing", "security-check",
    ].map { Array($0.utf8) }

    /// Extensions of files that run when opened.
    static let executableExtensions: Set<String> = ["exe", "scr", "msi", "bat", "cmd", "apk", "jar", "vbs", "ps1", "dmg", "iso", "hta", "lnk", "com", "pif"]

    /// Credential words by their first letter, so most bytes of a path are looked at once.
    private static let wordsByFirstByte: [[Int]] = {
        var table = [[Int]](repeating: [], count: 128)
        for (index, word) in credentialWords.enumerated() { table[Int(word[0])].append(index) }
        return table
    }()

    static func check(path: String, query: String?, into reasons: inout [URLRiskReason]) {
        if let word = (path.utf8.count > 1 ? credentialWord(in: path) : nil) ?? query.flatMap { credentialWord(in: $0) } {
            reasons.append(URLRiskReason(.credentialPath, detail: word))
        }
        if let dot = path.utf8.lastIndex(of: UInt8(ascii: ".")), !path.utf8[dot...].contains(UInt8(ascii: "/")) {
            let ext = String(decoding: path.utf8[path.utf8.index(after: dot)...], as: UTF8.self).lowercased()
            if executableExtensions.contains(ext) { reasons.append(URLRiskReason(.executableFile, detail: ext)) }
        }
    }

    static func credentialWord(in text: String) -> String? {
        var copy = text
        return copy.withUTF8 { bytes -> String? in
            let table = wordsByFirstByte
            var index = 0
            while index < bytes.count {
                let byte = lower(bytes[index])
                if byte < 128 {
                    for candidate in table[Int(byte)] {
                        let word = credentialWords[candidate]
                        guard index + word.count <= bytes.count else { continue }
                        var offset = 1
                        while offset < word.count, lower(bytes[index + offset]) == word[offset] { offset += 1 }
                        if offset == word.count { return String(decoding: word, as: UTF8.self) }
                    }
                }
                index += 1
            }
            return nil
        }
    }

    @inline(__always) static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
}
