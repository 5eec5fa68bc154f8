import CustodianCore
import Foundation
import Testing

@Suite("Public Suffix List")
struct PublicSuffixListTests {
    /// `Fixtures/psl-agreement.tsv`: host, registrable domain (`-` for none), public suffix, as
    /// libpsl answers on the same list (scripts/generate-psl-testset.py).
    static let agreementSet: [(host: String, registrable: String?, suffix: String)] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/psl-agreement.tsv")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else { return nil }
            return (fields[0], fields[1] == "-" ? nil : fields[1], fields[2])
        }
    }()

    @Test func agreesWithLibpslOnTheWholeSet() {
        let list = PublicSuffixList.builtIn
        #expect(Self.agreementSet.count > 25_000)
        var disagreements: [String] = []
        for entry in Self.agreementSet {
            let registrable = list.registrableDomain(entry.host)
            let suffix = list.publicSuffix(entry.host)
            if registrable != entry.registrable || suffix != entry.suffix {
                disagreements.append("\(entry.host): \(registrable ?? "-") \(suffix ?? "-"), libpsl \(entry.registrable ?? "-") \(entry.suffix)")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(Self.agreementSet.count): \(disagreements.prefix(20))")
    }

    @Test(arguments: [
        ("octocat.github.io", "octocat.github.io", "github.io", true),
        ("github.io", nil, "github.io", true),
        ("www.bbc.co.uk", "bbc.co.uk", "co.uk", false),
        ("foo.ck", nil, "foo.ck", false),
        ("bar.foo.ck", "bar.foo.ck", "foo.ck", false),
        ("www.ck", "www.ck", "ck", false),
        ("a.www.ck", "www.ck", "ck", false),
        ("city.kawasaki.jp", "city.kawasaki.jp", "kawasaki.jp", false),
        ("other.kawasaki.jp", nil, "other.kawasaki.jp", false),
        ("example.unknowntld", "example.unknowntld", "unknowntld", false),
        ("example.com.", "example.com", "com", false),
        ("com", nil, "com", false),
    ] as [(String, String?, String, Bool)])
    func splitsHostsAsTheListSays(host: String, registrable: String?, suffix: String, isPrivate: Bool) throws {
        let list = PublicSuffixList.builtIn
        #expect(list.registrableDomain(host) == registrable)
        #expect(list.publicSuffix(host) == suffix)
        #expect(try #require(list.split(host)).isPrivate == isPrivate)
    }

    @Test func unknownSuffixesFallUnderTheImplicitStarRule() throws {
        let split = try #require(PublicSuffixList.builtIn.split("printer.lan"))
        #expect(!split.isListed)
        #expect(try #require(PublicSuffixList.builtIn.split("example.com")).isListed)
    }

    @Test func emptyHostsAndEmptyLabelsHaveNoRegistrableDomain() {
        let list = PublicSuffixList.builtIn
        #expect(list.split("") == nil)
        #expect(list.split("example..") == nil)
        #expect(list.registrableDomain("a..com") == nil)
    }

    @Test func aListReadAtRunTimeConvertsUnicodeRulesAsTheGeneratorDid() throws {
        // The committed copy of Debian's file, read as the server reads /usr/share/publicsuffix.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/data/public_suffix_list.dat")
        let text = try String(contentsOf: url, encoding: .utf8)
        let list = PublicSuffixList(text: text, version: "test")
        #expect(list.ruleCount == PublicSuffixList.builtIn.ruleCount)
        for entry in Self.agreementSet where entry.host.contains("xn--") || entry.host.hasSuffix("ck") {
            #expect(list.registrableDomain(entry.host) == entry.registrable, "\(entry.host)")
        }
        // Unicode rules themselves, as written in the file.
        #expect(list.publicSuffix("xn--85x722f.xn--55qx5d.cn") == "xn--55qx5d.cn")
    }

    @Test func customListsFollowTheSameRules() {
        let list = PublicSuffixList(text: "// ===BEGIN ICANN DOMAINS===\nexample\n*.wild.example\n!keep.wild.example\n// ===END ICANN DOMAINS===\n// ===BEGIN PRIVATE DOMAINS===\nhost.example\n", version: "test")
        #expect(list.registrableDomain("a.b.example") == "b.example")
        #expect(list.registrableDomain("a.b.wild.example") == "a.b.wild.example")
        #expect(list.registrableDomain("b.wild.example") == nil)
        #expect(list.registrableDomain("x.keep.wild.example") == "keep.wild.example")
        #expect(list.registrableDomain("me.host.example") == "me.host.example")
        #expect(list.split("me.host.example")?.isPrivate == true)
    }
}
