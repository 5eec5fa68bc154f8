import Foundation
import Synchronization
import Testing

/// aiosmtpd, where installed (`.ci/run` installs it; `pip install aiosmtpd` locally).
enum SMTPTools {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/smtp-server.py")

    /// CI sets `CUSTODIAN_TEST_SMTP=required`: there a missing aiosmtpd fails the tests.
    static let required = ProcessInfo.processInfo.environment["CUSTODIAN_TEST_SMTP"] == "required"

    static let missing: Comment = "python3 with aiosmtpd is not installed (pip install aiosmtpd): the real-SMTP messaging tests are skipped"

    /// A Python that can import aiosmtpd: `CUSTODIAN_TEST_PYTHON`, then `python3` on the PATH, then the system's.
    static let python: String? = {
        let configured = ProcessInfo.processInfo.environment["CUSTODIAN_TEST_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
        let candidates = [configured, BrowserTools.executable("python3"), "/usr/bin/python3"].compactMap { $0 }
        return candidates.first { BrowserTools.run($0, ["-c", "import aiosmtpd"]) == 0 }
    }()

    /// Whether the SMTP tests run: aiosmtpd is there, or CI requires them (and then fails without it).
    static var enabled: Bool { python != nil || required }

    /// OpenSSL's command line, for a self-signed certificate.
    static let openssl: String? = BrowserTools.executable("openssl")
}

/// A self-signed certificate for 127.0.0.1, made for one test.
struct TestCertificate: Sendable {
    let certificate: String
    let key: String

    static func make(in directory: String) throws -> TestCertificate {
        let openssl = try #require(SMTPTools.openssl, "openssl is needed for the STARTTLS test")
        let certificate = directory + "/cert.pem"
        let key = directory + "/key.pem"
        let status = BrowserTools.run(openssl, [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate, "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        ])
        try #require(status == 0, "openssl could not make a certificate")
        return TestCertificate(certificate: certificate, key: key)
    }
}

/// A real SMTP server (aiosmtpd, `Fixtures/smtp-server.py`) on a free port of 127.0.0.1,
/// writing what it receives to a folder the test reads.
final class SMTPTestServer: Sendable {
    let port: Int
    let directory: String
    /// The running fixture and the pipe of its standard input (closing it ends the fixture).
    private let state: Mutex<(process: Process, input: Pipe)>

    struct Options: Sendable {
        var certificate: TestCertificate?
        var requireTLS = false
        var auth: (user: String, password: String)?
        var noEHLO = false
    }

    /// Starts the fixture and waits for the port it listens on. The wait runs on a thread of its
    /// own, not on the concurrency pool that the other tests share.
    static func start(_ options: Options = Options()) async throws -> SMTPTestServer {
        let python = try #require(SMTPTools.python, "\(SMTPTools.missing)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-smtp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var arguments = [SMTPTools.script.path, "--dir", directory]
        if let certificate = options.certificate { arguments += ["--tls-cert", certificate.certificate, "--tls-key", certificate.key] }
        if options.requireTLS { arguments.append("--require-tls") }
        if let auth = options.auth { arguments += ["--auth", "\(auth.user):\(auth.password)"] }
        if options.noEHLO { arguments.append("--no-ehlo") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        let reader = output.fileHandleForReading
        // The first line says which port it listens on.
        let line: Data = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var line = Data()
                while !line.contains(UInt8(ascii: "\n")) {
                    let chunk = reader.availableData
                    if chunk.isEmpty { break }
                    line.append(chunk)
                }
                continuation.resume(returning: line)
            }
        }
        let object = try JSONSerialization.jsonObject(with: line.prefix { $0 != UInt8(ascii: "\n") }) as? [String: Any]
        let port = try #require(object?["port"] as? Int, "the SMTP fixture did not start")
        return SMTPTestServer(port: port, directory: directory, process: process, input: input)
    }

    private init(port: Int, directory: String, process: Process, input: Pipe) {
        self.port = port
        self.directory = directory
        state = Mutex((process, input))
    }

    /// Stops the server (by its own pid) and removes what it wrote.
    func stop() {
        state.withLock { state in
            try? state.input.fileHandleForWriting.close()
            if state.process.isRunning { state.process.terminate() }
            state.process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// `smtp://127.0.0.1:port`, with credentials when given.
    func url(user: String? = nil, password: String? = nil) -> String {
        let credentials = user.map { "\($0):\(password ?? "")@" } ?? ""
        return "smtp://\(credentials)127.0.0.1:\(port)"
    }

    /// Every message received so far, in order.
    func received() throws -> [ReceivedMail] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { name in
            let base = directory + "/" + name.dropLast(4)
            let raw = try String(decoding: Data(contentsOf: URL(fileURLWithPath: base + ".eml")), as: UTF8.self)
            let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: base + ".json"))) as? [String: Any] ?? [:]
            return ReceivedMail(
                raw: raw, mailFrom: meta["mailFrom"] as? String ?? "", rcptTos: meta["rcptTos"] as? [String] ?? [],
                tls: meta["tls"] as? Bool ?? false, authenticated: meta["authenticated"] as? Bool ?? false)
        }
    }

    /// Waits until at least `count` messages arrived (or `timeout` passes) and returns them.
    func waitFor(_ count: Int, timeout: Duration = .seconds(20)) async throws -> [ReceivedMail] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let mails = try received()
            if mails.count >= count { return mails }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try received()
    }

    deinit {
        stop()
    }
}

/// A message as the test server received it.
struct ReceivedMail: Sendable {
    var raw: String
    var mailFrom: String
    var rcptTos: [String]
    var tls: Bool
    var authenticated: Bool

    /// The header block, unfolded.
    var headerLines: [String] {
        let head = raw.components(separatedBy: "\r\n\r\n").first ?? ""
        return head.replacingOccurrences(of: "\r\n ", with: " ").replacingOccurrences(of: "\r\n\t", with: " ").components(separatedBy: "\r\n")
    }

    /// The value of header `name` (case-insensitive), unfolded.
    func header(_ name: String) -> String? {
        headerLines.first { $0.lowercased().hasPrefix(name.lowercased() + ":") }.map {
            String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
        }
    }

    /// Every text part decoded (quoted-printable or base64), joined.
    var decodedText: String {
        let parts = raw.components(separatedBy: "Content-Transfer-Encoding: ").dropFirst()
        return parts.map { part -> String in
            let encoding = part.prefix { $0 != "\r" }
            let afterHeaders = part.components(separatedBy: "\r\n\r\n").dropFirst().joined(separator: "\r\n\r\n")
            let body = afterHeaders.components(separatedBy: "\r\n--").first ?? afterHeaders
            if encoding == "base64" {
                return String(decoding: Data(base64Encoded: body.replacingOccurrences(of: "\r\n", with: "")) ?? Data(), as: UTF8.self)
            }
            return Self.quotedPrintable(body)
        }.joined(separator: "\n")
    }

    static func quotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "="), index + 2 < source.count,
               let value = UInt8(String(decoding: source[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
