import Dispatch
import Foundation
import Synchronization
import Testing

/// Runs the built `custodian` executable as a separate process, as an operator would.
///
/// Every wait (for output, for the process to end) happens on a Dispatch thread, never on one of
/// Swift concurrency's cooperative threads: there are only as many of those as cores, and a test
/// that blocked them while holding, say, a PostgreSQL lock stalled every other test in the run.
final class ServerProcess: Sendable {
    /// Runs blocking `work` on a Dispatch thread and awaits its result.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// The `custodian` binary that `swift test` built beside the test bundle.
    static var executable: URL {
        let testBinary = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        var directory = testBinary.deletingLastPathComponent()
        // On Linux the tests run from `<bin>/CustodianPackageTests.xctest`; on macOS from inside a bundle.
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("custodian").path), directory.path != "/" {
            directory = directory.deletingLastPathComponent()
        }
        return directory.appendingPathComponent("custodian")
    }

    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a command to completion, with `stdin` (if any) as its input.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) async throws -> Output {
        try await offload { try runBlocking(arguments, stdin: stdin, environment: environment) }
    }

    private static func runBlocking(_ arguments: [String], stdin: String?, environment: [String: String]) throws -> Output {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = stdin.map { _ in Pipe() }
        if let input { process.standardInput = input }
        try process.run()
        if let input, let stdin {
            // Written from a thread of its own so that a large input and a chatty output never
            // wait on each other.
            let writer = input.fileHandleForWriting
            DispatchQueue.global().async {
                writer.write(Data(stdin.utf8))
                try? writer.close()
            }
        }
        // Standard error is drained beside standard output, so neither pipe fills up and blocks the child.
        let stderrData = Locked(Data())
        let drained = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let data = err.fileHandleForReading.readDataToEndOfFile()
            stderrData.withLock { $0 = data }
            drained.signal()
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        let stderr = stderrData.withLock { $0 }
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    let process: Process
    /// The URL the server printed once it listened.
    let url: String

    /// Starts `custodian serve` with `arguments` and waits until it prints where it listens.
    static func start(serve arguments: [String], environment: [String: String] = [:]) async throws -> ServerProcess {
        try await offload { try ServerProcess(serve: arguments, environment: environment) }
    }

    private init(serve arguments: [String], environment: [String: String] = [:]) throws {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["serve", "--port", "0"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        // Read the first line: "Custodian listening on http://127.0.0.1:PORT".
        var line = Data()
        let handle = out.fileHandleForReading
        // A server that never says where it listens is killed, which ends the read below.
        let listening = Locked(false)
        let pid = process.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + 120) {
            if !listening.withLock({ $0 }) { kill(pid, SIGKILL) }
        }
        defer { listening.withLock { $0 = true } }
        while true {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
            if line.contains(UInt8(ascii: "\n")) { break }
        }
        let text = String(decoding: line, as: UTF8.self)
        guard let range = text.range(of: "Custodian listening on ") else {
            process.terminate()
            throw ProcessError.didNotStart(text)
        }
        url = String(text[range.upperBound...].prefix { !$0.isNewline })
    }

    enum ProcessError: Error {
        case didNotStart(String)
    }

    var pid: Int32 { process.processIdentifier }

    /// Sends `signal` and waits for the process to end (SIGKILL after `timeout`); returns its exit status.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM, timeout: TimeInterval = 30) async -> Int32 {
        (try? await Self.offload { self.stopBlocking(signal, timeout: timeout) }) ?? -1
    }

    private func stopBlocking(_ signal: Int32, timeout: TimeInterval) -> Int32 {
        kill(process.processIdentifier, signal)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

/// Shared mutable state for concurrent test tasks.
final class Locked<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) {
        storage = Mutex(value)
    }

    func withLock<T: Sendable>(_ body: (inout sending Value) -> sending T) -> T {
        storage.withLock(body)
    }
}
