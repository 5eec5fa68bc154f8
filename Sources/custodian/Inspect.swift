import ArgumentParser
import Configuration
import CustodianCore
import CustodianServer
import Foundation

/// `custodian inspect KIND`: runs one classifier over JSON lines on standard input (CONTRACT.md).
///
/// The command is a thin loop; each kind is a small `InspectKind` in CustodianCore, where
/// `InspectLine` reads a line and writes the answer, so all of it is unit-tested there.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show how a classifier judges inputs: JSON lines in, one JSON line out per input.",
        discussion: """
        Reads lines like {"id": 1, "input": "+44 20 7946 0958", "region": "GB"} from standard input \
        and writes one line per input: the id, then the kind's fields. email: valid, normalized \
        (null when invalid). phone: valid, e164 (null when invalid); region is the default region \
        for national numbers. ip: country (ISO code; null when unknown or without --geoip), \
        truncated (IPv4 /24, IPv6 /48; null when not an address). \
        url: host, suffix, domain, subdomain, registrableDomain, verdict (safe, suspicious, \
        malicious) and reasons, with the protected domains, suspicious TLDs and Public Suffix List \
        of CUSTODIAN_PROTECTED_DOMAINS, CUSTODIAN_SUSPICIOUS_TLDS and CUSTODIAN_PUBLIC_SUFFIX_LIST \
        (the registry is not consulted: use GET /v1/risk/urls/check for that). \
        A line that cannot be read answers with its id (if any) and an error. \
        Blank lines are skipped.
        """
    )

    @Argument(help: "What to inspect: \(InspectKinds.names.joined(separator: ", ")).")
    var kind: String

    @Option(name: .customLong("geoip"), help: "A GeoIP database file (kind ip).")
    var geoIP: String?

    @Flag(help: "Add fields that say why: the error code and message, the number's region and type, or the GeoIP database.")
    var explain = false

    func validate() throws {
        guard InspectKinds.make(kind) != nil else {
            throw ValidationError("unknown kind '\(kind)'; kinds are \(InspectKinds.names.joined(separator: ", "))")
        }
    }

    func run() throws {
        guard let inspector = InspectKinds.make(kind, options: try inspectOptions()) else {
            throw ValidationError("unknown kind '\(kind)'")
        }
        let output = FileHandle.standardOutput
        while let line = readLine(strippingNewline: true) {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            output.write(Data((InspectLine.answer(line, kind: inspector, explain: explain) + "\n").utf8))
        }
    }

    /// The kinds' settings; reads the `--geoip` file once, and exits 1 when it is not a MaxMind DB.
    private func inspectOptions() throws -> InspectOptions {
        let analyzer: URLAnalyzer
        do {
            let config = ConfigReader(providers: [EnvironmentVariablesProvider()]).scoped(to: "custodian")
            analyzer = URLAnalyzer(settings: try RiskConfiguration(config: config).urlRiskSettings())
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode(1)
        }
        guard let geoIP else { return InspectOptions(urlAnalyzer: analyzer) }
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: geoIP))
        } catch {
            FileHandle.standardError.write(Data("\(geoIP): cannot read the file\n".utf8))
            throw ExitCode(1)
        }
        do {
            return InspectOptions(geoIP: try MMDBReader(bytes: [UInt8](bytes)), urlAnalyzer: analyzer)
        } catch {
            FileHandle.standardError.write(Data("\(geoIP): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
