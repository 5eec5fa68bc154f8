import CustodianCore
import Foundation
import Testing

/// `custodian policy check|render`, run as the built binary.
@Suite("custodian policy")
struct PolicyCommandTests {
    /// The `custodian` executable built next to the test bundle.
    static var binary: String? {
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var directory = (exe as NSString).deletingLastPathComponent
        // The bundle may sit inside an .xctest directory.
        while !directory.isEmpty, directory != "/" {
            let candidate = (directory as NSString).appendingPathComponent("custodian")
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            if directory.hasSuffix("debug") || directory.hasSuffix("release") { break }
            directory = (directory as NSString).deletingLastPathComponent
        }
        return nil
    }

    /// Runs the binary to completion on a Dispatch thread (never blocking the cooperative pool).
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let path = try #require(binary, "build the custodian executable first (swift build)")
        return try await ServerProcess.offload { try runBlocking(path: path, arguments) }
    }

    static func runBlocking(path: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("custodian-i3p-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("check: the default policy is valid, with warnings printed")
    func defaultPolicyIsValid() async throws {
        let path = try Self.file(DefaultPolicy.yaml)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try await Self.run(["policy", "check", path])
        #expect(status == 0)
        #expect(output.contains("valid"))
        #expect(output.contains("warning"))
    }

    @Test("check: a malformed file exits 1 naming the line")
    func malformedFileNamesTheLine() async throws {
        let path = try Self.file("controller:\n  name: x\n  contact_statement: [unclosed\nacceptance: {}\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try await Self.run(["policy", "check", path])
        #expect(status == 1)
        #expect(output.contains("line "))
    }

    @Test("check: a purpose naming an undeclared category exits 1 with the finding")
    func findingsExitOne() async throws {
        let broken = DefaultPolicy.yaml.replacingOccurrences(
            of: "categories: [user.name, user.contact.email, user.demographic.language]",
            with: "categories: [user.name, user.contact.email, user.financial]")
        #expect(broken != DefaultPolicy.yaml)
        let path = try Self.file(broken)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try await Self.run(["policy", "check", path])
        #expect(status == 1)
        #expect(output.contains("undeclared_category"))
    }

    @Test("render writes each form to standard output")
    func render() async throws {
        let path = try Self.file(DefaultPolicy.yaml)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let html = try await Self.run(["policy", "render", path, "--format", "html"])
        #expect(html.status == 0)
        #expect(html.output.contains("<article"))
        let markdown = try await Self.run(["policy", "render", path, "--format", "markdown"])
        #expect(markdown.output.hasPrefix("# "))
        let json = try await Self.run(["policy", "render", path, "--format", "json"])
        #expect(json.output.contains("\"privacy_declarations\""))
    }
}
