import Foundation
import Testing

@testable import CustodianClient

@Suite struct DeviceFactsTests {
    @Test func localeIdentifiersBecomeLanguageTags() {
        #expect(DeviceFacts.languageTag("en_GB") == "en-GB")
        #expect(DeviceFacts.languageTag("de_CH@calendar=gregorian") == "de-CH")
        #expect(DeviceFacts.languageTag("zh-Hant_TW") == "zh-Hant-TW")
        #expect(DeviceFacts.languageTag("en_US_POSIX") == nil)
        #expect(DeviceFacts.languageTag("C") == nil)
        #expect(DeviceFacts.languageTag("") == nil)
    }

    @Test func theConfigurationOverridesWhatIsRead() async {
        var configuration = CustodianClient.Configuration(
            endpoint: URL(string: "http://127.0.0.1:9")!, writeKey: "k", queueDirectory: URL(fileURLWithPath: "/tmp/unused"))
        configuration.screen = ScreenInfo(width: 390, height: 844, density: 3)
        configuration.locale = "fr-CA"
        configuration.deviceType = "tablet"
        let facts = await DeviceFacts.gather(configuration)
        #expect(facts.screen == ScreenInfo(width: 390, height: 844, density: 3))
        #expect(facts.locale == "fr-CA")
        #expect(facts.type == "tablet")
        #expect(facts.timezone == TimeZone.current.identifier)
    }

    @Test func thePlatformIsDescribed() async throws {
        let facts = await DeviceFacts.gather(.init(
            endpoint: URL(string: "http://127.0.0.1:9")!, writeKey: "k", queueDirectory: URL(fileURLWithPath: "/tmp/unused")))
        let model = try #require(facts.model)
        #expect(!model.isEmpty)
        #expect(facts.osVersion.split(separator: ".").count == 3)
        #if os(Linux)
        #expect(facts.osName == "Linux")
        #expect(facts.type == "desktop")
        // The firmware's product name where the kernel exposes it, else the architecture.
        let dmi = (try? String(contentsOfFile: "/sys/devices/virtual/dmi/id/product_name", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if let dmi, !dmi.isEmpty, DeviceFacts.dmi("product_name") != nil {
            #expect(model == dmi)
        } else {
            #expect(model == DeviceFacts.machine())
        }
        #elseif os(macOS)
        #expect(facts.osName == "macOS")
        #expect(facts.manufacturer == "Apple")
        #endif
    }
}
